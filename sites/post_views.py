"""The post pre-check, "ask my supervisor", and the directory-objection roster behind the pre-check."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from audits.recorder import record
from policyportal.selectors import schools_visible_to
from sites import precheck
from sites.models import ConsultationAnswer
from sites.personal import rules, selectors
from sites.services import consultations, roster

PAGE_SIZE = 50


class PrecheckForm(forms.Form):
    destination = forms.ModelChoiceField(
        queryset=None, required=False, label="Where it goes", empty_label="A personal account of mine"
    )
    text = forms.CharField(label="The post", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    links = forms.CharField(
        label="Links in it (one per line)", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    question = forms.CharField(
        label="Your question for your supervisor (if you ask)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = selectors.postable_sites(user)


@require_http_methods(["GET", "POST"])
def check_post(request):
    form = PrecheckForm(request.POST or None, user=request.user)
    findings = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        site = data["destination"]
        findings = precheck.check_post(author=request.user, text=data["text"], links=data["links"], site=site)
        if request.POST.get("action") == "ask":
            try:
                asked = consultations.consultation_ask(
                    by=request.user,
                    text=data["text"],
                    links=data["links"],
                    site=site,
                    findings=precheck.as_dicts(findings),
                    question=data["question"],
                )
            except ValidationError as refusal:
                form.add_error(None, refusal.messages)
            else:
                messages.success(request, "Sent to your supervisor. You will be told when they answer.")
                return redirect("sites:consultation", pk=asked.pk)
        else:
            record(
                action="precheck.run", actor=request.user, payload={"findings": len(findings), "site": site and site.pk}
            )
    return render(request, "sites/precheck.html", {"form": form, "findings": findings})


@require_GET
def consultation_list(request):
    page = Paginator(selectors.consultations_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "sites/consultations.html", {"page": page})


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=ConsultationAnswer.choices, widget=forms.RadioSelect, label="Your answer")
    note = forms.CharField(
        label="Which changes, or why not", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


@require_http_methods(["GET", "POST"])
def consultation(request, pk: int):
    found = selectors.consultation_get_for_user(request.user, pk)
    can_answer = found.answered_at is None and rules.may_answer(found, request.user)
    form = AnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            consultations.consultation_answer(consultation=found, by=request.user, **form.cleaned_data)
        except ValidationError as refusal:
            form.add_error(None, refusal.messages)
        else:
            messages.success(request, "Your answer was sent.")
            return redirect("sites:consultation", pk=found.pk)
    context = {"consultation": found, "form": form, "supervisor_answers": rules.supervisor_answers(found)}
    return render(request, "sites/consultation.html", context)


class ImportForm(forms.Form):
    file = forms.FileField(label="CSV exported from the student information system")
    mode = forms.ChoiceField(
        choices=[
            ("merge", "Merge: add and update these students, keep the others"),
            ("replace", "Replace: this file becomes the whole list"),
        ],
        widget=forms.RadioSelect,
        initial="merge",
    )


SESSION_KEY = "roster_import"


@require_GET
def roster_list(request):
    school = None
    if request.GET.get("school", "").isdigit():
        school = schools_visible_to(request.user).filter(pk=request.GET["school"]).first()
    try:
        students = roster.roster_open(by=request.user, school=school)
    except PermissionDenied:
        raise Http404("No such list.") from None
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    form = ImportForm() if request.user.is_district_admin else None
    return render(request, "sites/roster.html", {"page": page, "form": form, "school": school})


@require_POST
def roster_preview(request):
    if not request.user.is_district_admin:
        raise PermissionDenied("Only a district administrator imports the roster.")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "Choose a CSV file and how to import it.")
        return redirect("sites:roster")
    content = form.cleaned_data["file"].read(roster.MAX_BYTES + 1)
    parsed = roster.parse(request.user.district, content)
    if parsed.acceptable:
        request.session[SESSION_KEY] = {"content": content.decode("utf-8-sig"), "mode": form.cleaned_data["mode"]}
    return render(request, "sites/roster_preview.html", {"parsed": parsed, "mode": form.cleaned_data["mode"]})


@require_POST
def roster_confirm(request):
    pending = request.session.pop(SESSION_KEY, None)
    if pending is None:
        messages.error(request, "Nothing is waiting to be imported: upload the file again.")
        return redirect("sites:roster")
    try:
        count = roster.roster_import(
            district=request.user.district,
            by=request.user,
            content=pending["content"].encode(),
            replace=pending["mode"] == "replace",
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, f"Imported {count} students.")
    return redirect("sites:roster")
