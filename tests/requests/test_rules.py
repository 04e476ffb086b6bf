"""Each rule of `requests.rules` says the same in its Python form and its `Q` form, on the same rows."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from policyportal.models import Role
from requests import rules
from requests.models import SocialMediaRequest
from tests import factories

START = datetime(2026, 9, 1, 14, 0, tzinfo=UTC)


@pytest.fixture
def people(west_hartford, admin, supervisor, employee, outsider):
    """Requests waiting at each step, one reassigned later, one returned, one without a decider, one decided."""
    other_supervisor = factories.user(district=west_hartford, role=Role.SUPERVISOR, supervisor=admin)
    colleague = factories.user(district=west_hartford, supervisor=other_supervisor)
    orphan = factories.user(district=west_hartford)
    with time_machine.travel(START, tick=False) as clock:
        factories.submitted_request(requester=employee, site_name="Waiting at step one")
        second = factories.submitted_request(requester=colleague, site_name="Waiting at step two")
        factories.decide(second, other_supervisor)
        returned = factories.submitted_request(requester=employee, site_name="Returned")
        factories.decide(returned, supervisor, outcome="returned", reason="Name the team.")
        factories.submitted_request(requester=orphan, site_name="Nobody to decide")
        factories.approved_site(requester=colleague, site_name="Decided")
        clock.shift(timedelta(days=3))
        later = factories.submitted_request(requester=colleague, site_name="Submitted later")
        assert later.current_decider == other_supervisor
        demoted = factories.user(district=west_hartford, role=Role.SUPERVISOR, supervisor=admin)
        leaver = factories.user(district=west_hartford, role=Role.SUPERVISOR, supervisor=admin)
        factories.submitted_request(requester=factories.user(district=west_hartford, supervisor=demoted))
        factories.submitted_request(requester=factories.user(district=west_hartford, supervisor=leaver))
    demoted.role = Role.EMPLOYEE  # moved to a teaching role: can no longer decide what waits for them
    demoted.save(update_fields=["role"])
    factories.close_account(leaver)
    return [admin, supervisor, employee, outsider, other_supervisor, colleague, orphan, demoted, leaver]


def pks(condition) -> set[int]:
    return set(SocialMediaRequest.objects.filter(condition).values_list("pk", flat=True))


def test_who_decides_a_request(people):
    for person in people:
        expected = {r.pk for r in SocialMediaRequest.objects.all() if rules.may_decide(r, person)}
        assert pks(rules.deciding(person)) == expected, person.username


@pytest.mark.parametrize("days", [4, 5, 6, 8, 9, 30])
def test_when_a_decision_is_overdue(people, west_hartford, days):
    with time_machine.travel(START + timedelta(days=days), tick=False):
        now = timezone.now()
        waiting = SocialMediaRequest.objects.select_related("district", "current_decider")
        assert pks(rules.decisions_overdue([west_hartford], now)) == {
            r.pk for r in waiting if rules.is_decision_overdue(r, now)
        }
        assert pks(rules.deciders_gone() & rules.decisions_overdue([west_hartford], now)) == {
            r.pk for r in waiting if rules.is_decision_overdue(r, now) and not rules.decider_answers(r)
        }
