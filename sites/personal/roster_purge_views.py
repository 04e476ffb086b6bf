"""A records officer purges the directory-objection roster: choose a school or the whole district, then confirm."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from audits.forms import positive_int
from policyportal.selectors import schools_visible_to
from sites.personal import rules, selectors
from sites.personal.forms import RosterPurgeForm
from sites.personal.services.roster_purge import Purged
from sites.personal.services.roster_purge import roster_purge as purge

ALL = "all"


@require_http_methods(["GET", "POST"])
def roster_purge(request):
    """Without `?school=`: each school with how many names it holds. With `?school=<id>` or `?school=all`: the
    confirmation, which asks for the reason and purges on POST."""
    if not rules.may_purge_roster(request.user):
        raise Http404("No such page.")
    chosen = request.GET.get("school")
    if chosen is None:
        context = {
            "schools": selectors.roster_schools_to_purge(request.user),
            "total": selectors.roster_to_purge(request.user).count(),
            "held": selectors.roster_kept_by_holds(request.user).count(),
            "all": ALL,
        }
        return render(request, "records/roster_purge.html", context)
    school = None
    if chosen != ALL:
        school_id = positive_int(chosen)
        school = schools_visible_to(request.user).filter(pk=school_id).first() if school_id else None
        if school is None:
            raise Http404("No such school.")
    form = RosterPurgeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            purged = purge(
                district=request.user.district, school=school, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            messages.success(request, _purged_in_words(purged, school))
            return redirect("sites:roster_purge")
    school_id = school.pk if school is not None else None
    held = selectors.roster_kept_by_holds(request.user, school_id).count()
    count = selectors.roster_to_purge(request.user, school_id).count() - held
    context = {"form": form, "school": school, "count": count, "held": held}
    return render(request, "records/roster_purge_confirm.html", context)


def _purged_in_words(purged: Purged, school) -> str:
    where = school.name if school is not None else "the whole district"
    words = f"Purged {purged.students} name{'s' if purged.students != 1 else ''} of {where} from the list."
    if purged.kept_by_holds:
        kept = purged.kept_by_holds
        words += f" {kept} name{'s' if kept != 1 else ''} stayed: a legal hold covers {'them' if kept != 1 else 'it'}."
    return words
