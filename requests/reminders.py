"""Requests waiting past the district's decision deadline: remind the decider, then tell the administrators."""

from datetime import datetime, timedelta

from django.urls import reverse

from policyportal.reminders import Due, administrators_by_district, dues_about, overdue_words, register_sweep
from policyportal.rules import Stage, stage
from policyportal.todo import local_date
from requests import rules
from requests.models import SocialMediaRequest, Status


@register_sweep
def decision_dues(now: datetime) -> list[Due]:
    admins = administrators_by_district()
    # Few requests wait at once: each is judged by the rule in Python, which spares the sweep a query.
    waiting = SocialMediaRequest.objects.filter(status=Status.PENDING).select_related("district", "current_decider")
    dues = []
    for request in waiting:
        if not rules.is_decision_overdue(request, now):
            continue
        deadline = rules.decision_due_at(request)
        period = f"step{request.current_step}-{request.step_started_at.isoformat(timespec='minutes')}"
        link = reverse("requests:detail", args=[request.pk])
        due = dues_about(request, district_id=request.district_id, period=period, link=link)
        administrators = rules.administrators_for(request, admins[request.district_id])
        late = overdue_words(local_date(deadline, request.district), request.district.today(now))
        if request.current_decider is None:  # nobody to remind: the administrators must assign a decider
            title = f"Assign a decider to {request.site_name}: nobody can decide it, and it is {late}"
            dues += [due("request.escalated", pk, title) for pk in administrators]
            continue
        if not rules.decider_answers(request):  # the decider has left: the administrators reassign the step
            gone = request.current_decider.display_name
            title = f"Reassign the decision on {request.site_name}: {gone} can no longer decide it, and it is {late}"
            # A kind of its own: an overdue escalation sent before the decider left must not stand for this one.
            dues += [due("request.decider_left", pk, title) for pk in administrators]
            continue
        title = f"Decide {request.site_name}: the decision is {late}"
        dues.append(due("request.decision_due", request.current_decider_id, title))
        if stage(deadline, now, timedelta(days=request.district.escalation_grace_days)) >= Stage.ESCALATED:
            title = f"{request.site_name} waits for {request.current_decider.display_name}: the decision is {late}"
            dues += [due("request.escalated", pk, title) for pk in administrators]
    return dues
