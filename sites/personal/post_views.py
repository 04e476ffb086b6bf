"""The post pre-check and "ask my supervisor"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from policyportal.services.submissions import AlreadySent
from sites.personal import precheck, rules, selectors
from sites.personal.forms import AnswerForm, PrecheckForm
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
    may_answer = found.answered_at is None and rules.may_answer(found, request.user)
    form = AnswerForm(request.POST or None) if may_answer else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            consultations.consultation_answer(consultation=found, by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal.messages)
        else:
            messages.success(request, "Your answer was sent.")
            return redirect("sites:consultation", pk=found.pk)
    context = {
        "consultation": found,
        "answered": found.answered_at is not None,
        "answered_for_district": found.answered_by_id is not None and found.answered_by_id != found.supervisor_id,
        "may_answer": may_answer,
        "form": form,
        "supervisor_answers": rules.supervisor_answers(found),
    }
    return render(request, "personal/consultation.html", context)
