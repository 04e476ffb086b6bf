from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from policyportal.forms import OnceForm
from policyportal.services.submissions import AlreadySent, Stale
from policyportal.stale_views import stale_page
from sites import selectors, services
from sites.forms import EvidenceForm, ReviewForm, file_field
from sites.models import Evidence, SiteReview
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
    items = []
    for row, (answer, note, reason, link) in form.row_fields():
        upload = evidence_form[file_field(row)]
        has_evidence = bool(row.evidence_link) or bool(row.evidence.all())
        items.append(
            {
                "row": row,
                "answer": answer,
                "note": note,
                "reason": reason,
                "link": link,
                "upload": upload,
                "evidence_open": has_evidence or bool(link.errors or upload.errors or link.value()),
            }
        )
    context = {
        "review": review,
        "form": form,
        "items": items,
        "evidence_form": evidence_form,
        "can_edit": review.takes_answers and may_review(review.site, request.user),
    }
    return render(request, "sites/review.html", context, status=status)


def _stale(request, review: SiteReview, typed: str):
    """The review was completed, or closed as its site was suspended or retired, since the page was opened."""
    review.refresh_from_db()
    review.site.refresh_from_db()
    state = "complete" if not review.is_open else f"closed: the site is {review.site.get_status_display().lower()}"
    return stale_page(
        request,
        record=review,
        district_id=review.district_id,
        record_url=reverse("sites:review", args=[review.pk]),
        typed=typed,
        state=state,
        about=review.site,
    )


def _files_left_behind(request, form) -> None:
    """Only "Attach evidence" uploads a file; the others send just its name, so say it was not attached."""
    left = [row.clause_id for row in form.rows if request.POST.get(file_field(row))]
    if left:
        messages.warning(
            request, f"The file chosen for {', '.join(left)} was not attached: only “Attach evidence” attaches a file."
        )


@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    found = selectors.review_get_for_user(request.user, pk)
    answers = found.answers.all()
    form = ReviewForm(request.POST or None, answers=answers)
    if request.method == "POST":
        _files_left_behind(request, form)
    if form.is_bound and form.is_valid():
        completing = request.POST.get("action") == "complete"
        service = services.review_complete if completing else services.review_save
        try:
            service(review=found, by=request.user, answers=form.answers())
        except Stale:
            return _stale(request, found, form.typed())
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
    """Attach a file to one item. The review page sends its answers along, and they are saved first, so
    nothing typed is lost whether the file is taken or refused."""
    found = selectors.review_get_for_user(request.user, pk)
    answers = found.answers.all()
    form = ReviewForm(request.POST, answers=answers)
    evidence_form = EvidenceForm(request.POST, request.FILES, answers=answers)
    if not form.is_valid():
        return _render(request, found, form, evidence_form, status=400)
    if form.sent():
        try:
            services.review_save(review=found, by=request.user, answers=form.answers())
        except Stale:
            return _stale(request, found, form.typed())
        except ValidationError as refusal:
            for message in refusal.messages:
                form.add_error(None, message)
            return _render(request, found, form, evidence_form, status=400)
    if evidence_form.is_valid():
        row, upload = evidence_form.chosen()
        try:
            services.evidence_attach(
                answer=row, by=request.user, upload=upload, form_token=evidence_form.cleaned_data["form_token"]
            )
        except AlreadySent as sent:
            messages.info(request, str(sent))
            return redirect(_item_url(found, row))
        except Stale:
            return _stale(request, found, "")
        except ValidationError as refusal:
            evidence_form.add_error(file_field(row), refusal.messages)
        else:
            saved = " Your answers are saved too." if form.sent() else ""
            messages.success(request, f"Evidence attached to {row.clause_id}.{saved}")
            return redirect(_item_url(found, row))
    if form.sent():
        messages.info(request, "Your answers are saved. The file was not attached: see the item below.")
    return _render(request, found, form, evidence_form, status=400)


def _item_url(review, row) -> str:
    return f"{reverse('sites:review', args=[review.pk])}#item-{row.pk}"


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
