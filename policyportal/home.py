"""The home page: what waits for the signed-in person across the whole portal.

It counts every app's work (the rules to acknowledge, questions about personal posts, requests to decide
and requests of one's own still open), so it belongs to the project shell beside urls.py, above all the
apps, not to the core app they build on. The counts themselves are each app's selectors.
"""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from audits.rules import may_read_audit_trail
from policyportal import rules as core_rules
from requests import rules as request_rules
from requests import selectors as request_selectors
from sites.personal import rules as personal_rules
from sites.personal import selectors as personal_selectors


@require_GET
def home(request):
    version, signed = personal_selectors.acknowledgment_status(request.user)
    context = {
        "acknowledgment_due": personal_rules.acknowledgment_due_at(version) if version and not signed else None,
        "questions_waiting": personal_selectors.consultations_waiting_for(request.user).count(),
        "policy": version,
        "waiting": request_selectors.requests_waiting_for(request.user).count(),
        "my_open": request_selectors.requests_of(request.user).filter(request_rules.editable_by(request.user)).count(),
        "decides_requests": request_rules.decides_requests(request.user),
        "may_see_people": core_rules.may_see_people(request.user),
        "sees_whole_district": core_rules.administers(request.user),
        "may_read_audit_trail": may_read_audit_trail(request.user),
    }
    return render(request, "policyportal/home.html", context)
