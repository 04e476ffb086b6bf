import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from audits.models import AuditEvent
from requests import services
from requests.models import Decision
from tests import factories

DECISION_ACTIONS = ["request.approved", "request.denied", "request.returned", "request.reassigned"]


@pytest.mark.django_db(transaction=True)
def test_when_two_act_at_once_exactly_one_decision_wins(postgres, r14_employee, r14_supervisor, r14_admin):
    """The decider approves in one tab while denying in another, and an administrator reassigns the step."""
    req = factories.submitted_request(requester=r14_employee)
    start, outcomes = threading.Barrier(3), []

    def act(name, call):
        try:
            start.wait()
            call()
            outcomes.append((name, "won"))
        except ValidationError as refusal:
            outcomes.append((name, refusal.messages[0]))
        finally:
            connection.close()

    seen = {"request": req, "expected_version": req.version}
    calls = {
        "approve": lambda: services.request_decide(
            **seen, by=r14_supervisor, outcome="approved", reason="", snapshot_hash=req.snapshot_hash
        ),
        "deny": lambda: services.request_decide(
            **seen, by=r14_supervisor, outcome="denied", reason="No", snapshot_hash=req.snapshot_hash
        ),
        "reassign": lambda: services.request_reassign(**seen, by=r14_admin, to=r14_admin, reason="Away"),
    }
    threads = [threading.Thread(target=act, args=item) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 3, outcomes
    winners = [name for name, result in outcomes if result == "won"]
    assert len(winners) == 1, outcomes
    assert all("changed since you opened it" in result for _, result in outcomes if result != "won")
    assert Decision.objects.count() == (0 if winners == ["reassign"] else 1)
    assert AuditEvent.objects.filter(action__in=DECISION_ACTIONS, target_id=str(req.pk)).count() == 1
