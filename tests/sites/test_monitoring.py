import uuid
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from sites import rules, services
from sites.models import MonitoringCheck


def district_time():
    """What the owner's browser shows: the form is read in the district's time zone."""
    return timezone.localtime(timezone=ZoneInfo("America/New_York"))


def log(site, by, **overrides):
    fields = {"checked_at": timezone.now(), "looked_at": ["new_posts", "members"], "found": ""}
    fields.update(overrides)
    return services.monitoring_log(site=site, by=by, **fields)


def test_wh_d7_the_owner_logs_a_check_and_the_next_one_falls_due_a_cadence_later(site, employee):
    check = log(site, employee, found="Two new posts, both fine.")
    assert AuditEvent.objects.filter(action="monitoring.logged", target_id=str(site.pk)).count() == 1
    site.refresh_from_db()
    assert site.last_checked_at == check.checked_at
    due = rules.next_check_due(site)
    assert due == check.checked_at + timedelta(days=site.district.monitoring_cadence_days)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"looked_at": []}, "Say what you looked at"),
        ({"looked_at": ["gossip"]}, "Say what you looked at"),
        ({"checked_at": timezone.now() + timedelta(days=1)}, "in the future"),
        ({"checked_at": timezone.now() - timedelta(days=30)}, "not live yet"),
    ],
)
def test_a_check_that_cannot_be_true_is_refused(site, employee, overrides, message):
    with pytest.raises(ValidationError, match=message):
        log(site, employee, **overrides)
    assert not MonitoringCheck.objects.exists()


def test_only_the_owner_logs_checks(site, supervisor):
    with pytest.raises(PermissionDenied):
        log(site, supervisor)


def test_the_site_page_shows_the_log_and_the_next_check(client, site, employee):
    client.force_login(employee)
    response = client.post(
        reverse("sites:log_check", args=[site.pk]),
        {
            "checked_at": district_time().strftime("%Y-%m-%dT%H:%M"),
            "looked_at": ["comments"],
            "found": "",
            "form_token": uuid.uuid4(),
        },
    )
    assert response.url == reverse("sites:detail", args=[site.pk])
    page = client.get(reverse("sites:detail", args=[site.pk])).content.decode()
    assert "Next check due" in page
    assert "looked at comments" in page
