from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policyportal.forms import OnceForm
from policyportal.services.submissions import AlreadySent
from sites import selectors, services
from sites.forms import EvidenceForm, ReviewForm
from sites.models import Evidence
from sites.rules import may_review


@require_POST
def start(request, pk: int):
    site = selectors.site_get_for_user(request.user, pk)
    form = OnceForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.non_field_errors())
        review = services.review_start(site=site, by=request.user, form_token=form.cleaned_data["form_token"])
    except AlreadySent as sent:
        messages.info(request, str(sent))
        return redirect("sites:review", pk=sent.created_id)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("sites:detail", pk=site.pk)
    return redirect("sites:review", pk=review.pk)


def _render(request, review, form, evidence_form, status=200):
    baseline = selectors.previous_answers(review)
    for key, row in selectors.clause_keyed(form.rows).items():
        row.previous = baseline.get(key)
    context = {
        "review": review,
        "form": form,
        "evidence_form": evidence_form,
        "can_edit": review.takes_answers and may_review(review.site, request.user),
    }
    return render(request, "sites/review.html", context, status=status)


@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    found = selectors.review_get_for_user(request.user, pk)
    answers = found.answers.all()
    form = ReviewForm(request.POST or None, answers=answers)
    if request.method == "POST" and form.is_valid():
        completing = request.POST.get("action") == "complete"
        service = services.review_complete if completing else services.review_save
        try:
            service(review=found, by=request.user, answers=form.answers())
        except ValidationError as refusal:
            for message in refusal.messages:
                form.add_error(None, message)
        else:
            if completing:
                messages.success(request, "Review complete. Each failed item is now a finding for the owner.")
                return redirect("sites:detail", pk=found.site_id)
            messages.success(request, "Answers saved. Complete the review when every item is answered.")
            return redirect("sites:review", pk=found.pk)
    status = 400 if request.method == "POST" else 200
    return _render(request, found, form, EvidenceForm(answers=answers), status=status)


@require_POST
def attach(request, pk: int):
    found = selectors.review_get_for_user(request.user, pk)
    answers = found.answers.all()
    form = EvidenceForm(request.POST, request.FILES, answers=answers)
    if form.is_valid():
        answer = next(row for row in answers if row.pk == form.cleaned_data["answer"])
        try:
            services.evidence_attach(
                answer=answer,
                by=request.user,
                upload=form.cleaned_data["file"],
                form_token=form.cleaned_data["form_token"],
            )
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect("sites:review", pk=found.pk)
        except ValidationError as refusal:
            form.add_error("file", refusal.messages)
        else:
            messages.success(request, "Evidence attached.")
            return redirect("sites:review", pk=found.pk)
    return _render(request, found, ReviewForm(answers=answers), form, status=400)


@require_GET
def evidence(request, pk: int):
    """Serves an evidence file to those who may see its site, as a download: never rendered as a page."""
    found = Evidence.objects.filter(pk=pk, answer__review__site__in=selectors.sites_visible_to(request.user)).first()
    if found is None:
        raise Http404("No such file.")
    return FileResponse(
        found.file.open("rb"),
        content_type=found.content_type,
        as_attachment=found.content_type == "application/pdf",
        filename=f"evidence-{found.pk}{found.extension}",
    )
