"""What a person owes on requests, and what they wait for, for the home page's to-do list: decisions to
make, steps to give a decider, their own drafts and returned requests; their requests waiting for a decision.

Who decides and when a decision is due and overdue are `requests.rules`, as the reminder sweep
(`requests.reminders`) asks them. Each kind reads with one query.
"""

from datetime import datetime

from django.urls import reverse

from policyportal import todo
from policyportal.models import User
from requests import rules, selectors
from requests.models import SocialMediaRequest, Status


def owed_by(user: User, now: datetime) -> list[todo.ToDo]:
    return [*_decisions(user, now), *_steps_to_assign(user, now), *_own_to_finish(user, now)]


def owed_to(user: User, now: datetime) -> list[todo.ToDo]:
    waiting = selectors.requests_of(user).filter(status=Status.PENDING).order_by("pk")
    return [
        _due(
            request,
            due,
            user,
            now,
            what=f"Your request for {request.site_name}",
            step="See your request",
            detail=(
                f"Waiting for {request.current_decider.display_name}'s decision."
                if request.current_decider
                else "Waiting for the district to name who decides it."
            ),
        )
        for request in waiting
        if (due := _decision_due(request, user))
    ]


def _decision_due(request: SocialMediaRequest, user: User) -> datetime | None:
    request.district = user.member_district  # loaded with the user
    return rules.decision_due_at(request)


def _due(request: SocialMediaRequest, due: datetime, user: User, now: datetime, **words: str) -> todo.ToDo:
    district = user.member_district
    return todo.due(
        link=reverse("requests:detail", args=[request.pk]),
        deadline=todo.local_date(due, district),
        today=district.today(now),
        overdue=rules.is_decision_overdue(request, now),
        **words,
    )


def _decisions(user: User, now: datetime) -> list[todo.ToDo]:
    return [
        _due(
            request,
            due,
            user,
            now,
            what=f"Decide {request.site_name}",
            step="Decide",
            detail=f"Requested by {request.requester.display_name}.",
        )
        for request in selectors.requests_waiting_for(user)
        if (due := _decision_due(request, user))
    ]


def _steps_to_assign(user: User, now: datetime) -> list[todo.ToDo]:
    return [
        _due(
            request,
            due,
            user,
            now,
            what=f"Name who decides {request.site_name}",
            step="Assign a decider",
            detail=f"Requested by {request.requester.display_name}; nobody can decide it now.",
        )
        for request in selectors.requests_without_decider(user)
        # the administrators' from its deadline on, as the sweep tells them
        if (due := _decision_due(request, user))
        and user.pk in rules.administrators_for(request, [user.pk])
        and rules.is_decision_overdue(request, now)
    ]


def _own_to_finish(user: User, now: datetime) -> list[todo.ToDo]:
    district = user.member_district
    return [
        todo.waiting(
            what=(
                f"Make the changes asked for on {request.site_name}"
                if request.status == Status.RETURNED
                else f"Finish your draft request for {request.site_name}"
            ),
            step="Edit the request",
            link=reverse("requests:edit", args=[request.pk]),
            since=todo.local_date(request.updated_at, district),
            today=district.today(now),
        )
        for request in selectors.requests_of(user).filter(rules.editable_by(user)).order_by("pk")
    ]
