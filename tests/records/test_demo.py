"""The demo has a records officer in each district and a few retention periods, seeded once."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import User
from policyportal.records.models import RetentionSchedule

pytestmark = pytest.mark.django_db


def test_each_demo_district_has_a_records_officer_and_some_periods_seeded_once(client):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    officers = User.objects.filter(is_records_officer=True).order_by("username")
    assert [officer.username for officer in officers] == ["r14.admin", "wh.admin"]
    for officer in officers:
        assert RetentionSchedule.objects.filter(district=officer.district).count() >= 3
    assert AuditEvent.objects.filter(action="records.officer_appointed").count() == 2
    client.force_login(officers[1])
    assert "3 years after the site is retired" in client.get(reverse("records:home")).content.decode()
