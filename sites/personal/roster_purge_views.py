"""A records officer purges the directory-objection roster: choose a school or the whole district, then confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from audits.forms import positive_int
from policyportal.models import School
from sites.personal import rules
from sites.personal.forms import RosterPurgeForm
from sites.personal.services import roster_purge as purge

ALL = "all"


@require_http_methods(["GET", "POST"])
def roster_purge(request):
    """Without `?school=`: each school with how many names it holds. With `?school=<id>` or `?school=all`: the
    confirmation, which asks for the reason and purges on POST."""
    if not rules.may_purge_roster(request.user):
        raise Http404("No such page.")
    district = request.user.district
    chosen = request.GET.get("school")
    if chosen is None:
        return _choose(request, district)
    school = None
    if chosen != ALL:
        school_id = positive_int(chosen)
        school = School.objects.filter(district=district, pk=school_id).first() if school_id else None
        if school is None:
            raise Http404("No such school.")
    form = RosterPurgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = purge.roster_purge(
                district=district, school=school, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            where = school.name if school is not None else "the whole district"
            messages.success(request, f"Purged {count} name{'s' if count != 1 else ''} of {where} from the list.")
            return redirect(reverse("sites:roster_purge"))
    context = {"form": form, "school": school, "count": purge.students_to_purge(district, school)}
    return render(request, "records/roster_purge_confirm.html", context)


def _choose(request, district):
    schools = (
        School.objects.filter(district=district)
        .annotate(students=Count("directory_objections"))
        .filter(students__gt=0)
        .order_by("name")
    )
    context = {"schools": schools, "total": purge.students_to_purge(district, None), "all": ALL}
    return render(request, "records/roster_purge.html", context)
