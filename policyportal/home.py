"""The home page: the signed-in person's to-do list across the whole portal.

What they owe (checks, findings, reviews, decisions, questions, violation reports, their acknowledgment,
sites to take live, a disposal list to approve), oldest and most overdue first, each with its one next step;
then what others owe them.
Each app lists its own work by its own rules (its `todo` module), so the page belongs to the project shell
beside urls.py, above all the apps, not to the core app they build on.
"""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from audits.rules import may_read_audit_trail
from policyportal import rules as core_rules
from policyportal import todo
from policyportal.records import todo as records_todo
from requests import todo as request_todo
from sites import todo as site_todo
from sites.personal import todo as personal_todo


@require_GET
def home(request):
    user, now = request.user, timezone.now()
    owed_by_me = [
        *site_todo.owed_by(user, now),
        *request_todo.owed_by(user, now),
        *personal_todo.owed_by(user, now),
        *records_todo.owed_by(user, now),
    ]
    owed_to_me = [*request_todo.owed_to(user, now), *personal_todo.owed_to(user, now)]
    context = {
        "owed_by_me": todo.in_order(owed_by_me),
        "owed_to_me": todo.in_order(owed_to_me),
        "may_see_people": core_rules.may_see_people(user),
        "sees_whole_district": core_rules.administers(user),
        "may_read_audit_trail": may_read_audit_trail(user),
    }
    return render(request, "policyportal/home.html", context)
