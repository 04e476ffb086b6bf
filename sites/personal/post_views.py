"""The post pre-check and "ask my supervisor"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from policyportal.records.selectors import hold_banner
from policyportal.services.submissions import AlreadySent, Stale
from policyportal.stale_views import stale_page, typed_text
from sites.personal import precheck, rules, selectors
from sites.personal.forms import AnswerForm, PrecheckForm
from sites.personal.models import Consultation
from sites.personal.services import consultations
from sites.personal.services.precheck import precheck_run

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def check_post(request):
    form = PrecheckForm(request.POST or None, user=request.user)
    findings = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        post = {"text": data["text"], "links": data["links"], "site": data["destination"]}
        if request.POST.get("action") == "ask":
            findings = precheck.check_post(author=request.user, **post)
            try:
                asked = consultations.consultation_ask(
                    by=request.user,
                    findings=precheck.as_dicts(findings),
                    question=data["question"],
                    form_token=data["form_token"],
                    **post,
                )
            except AlreadySent as sent:
                messages.info(request, str(sent))
                return redirect("sites:consultation", pk=sent.created_id)
            except ValidationError as refusal:
                form.add_error(None, refusal.messages)
            else:
                messages.success(request, "Sent to your supervisor. You will be told when they answer.")
                return redirect("sites:consultation", pk=asked.pk)
        else:
            findings = precheck_run(by=request.user, **post)
    return render(request, "personal/precheck.html", {"form": form, "findings": findings})


@require_GET
def consultation_list(request):
    page = Paginator(selectors.consultations_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "personal/consultations.html", {"page": page})


@require_http_methods(["GET", "POST"])
def consultation(request, pk: int):
    found = selectors.consultation_get_for_user(request.user, pk)
    answers = rules.may_answer(found, request.user)
    if request.method == "POST" and not answers:
        raise PermissionDenied("Only the supervisor who was asked answers (an administrator, once they have left).")
    if request.method == "POST" and found.answered_at is not None:  # answered since this page was opened
        return _stale(request, found, AnswerForm(request.POST))
    form = AnswerForm(request.POST or None) if answers and found.answered_at is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            consultations.consultation_answer(consultation=found, by=request.user, **form.cleaned_data)
        except Stale:
            found.refresh_from_db()
            return _stale(request, found, form)
        except ValidationError as refusal:
            form.add_error(None, refusal.messages)
        else:
            messages.success(request, "Your answer was sent.")
            return redirect("sites:consultation", pk=found.pk)
    context = {
        "consultation": found,
        "answered": found.answered_at is not None,
        "answered_for_district": found.answered_by_id is not None and found.answered_by_id != found.supervisor_id,
        "may_answer": form is not None,
        "form": form,
        "supervisor_answers": rules.supervisor_answers(found),
        "hold_banner": hold_banner(request.user, "consultations", found),
    }
    return render(request, "personal/consultation.html", context)


def _stale(request, found: Consultation, form: AnswerForm):
    """The question was answered since the page was opened: say how, by whom, and keep the note typed."""
    form.is_valid()  # what was typed, valid or not, to copy
    return stale_page(
        request,
        record=found,
        district_id=found.district_id,
        record_url=reverse("sites:consultation", args=[found.pk]),
        typed=typed_text(form),
        state=f"answered: {found.get_answer_display().lower()}",
    )
