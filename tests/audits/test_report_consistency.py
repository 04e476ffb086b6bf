"""The dashboard's figures, its charts and the report rows agree, and each stays inside its scope."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audits import reports, services
from policyportal.models import User
from sites.models import Site, ViolationReport
from tests import factories


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


def scope_for(user, **kwargs):
    return reports.Scope(user=user, start=date(2000, 1, 1), end=date(2100, 1, 1), **kwargs)


def test_overdue_rows_and_figures_agree(demo):
    admin = User.objects.get(username="wh.admin")
    figures = reports.dashboard(scope_for(admin))
    rows = reports.overdue_work(scope_for(admin))
    count = lambda what: sum(1 for row in rows if row["what"] == what)  # noqa: E731
    assert count("Finding") == figures["findings_overdue"] == 1
    assert count("Monitoring check") == dict(figures["monitoring"])["Overdue"] == 1
    assert (
        count("Checklist review")
        == figures["reviews_overdue"]
        == dict(figures["sites_by_compliance"])["Review overdue"]
    )


def test_per_school_figures_equal_direct_counts(demo):
    admin = User.objects.get(username="wh.admin")
    per_school = {row["school"]: row for row in reports.dashboard(scope_for(admin))["per_school"]}
    for school in admin.district.schools.all():
        active = Site.objects.filter(school=school, status="active").count()
        assert per_school[school.name]["active_sites"] == active, school.name
        reported = ViolationReport.objects.filter(site__school=school).count()
        assert per_school[school.name]["violations"] == reported, school.name


def test_a_supervisor_sees_only_violations_about_their_peoples_sites(demo):
    principal = User.objects.get(username="wh.principal")
    other = User.objects.get(username="wh.kp.principal")
    assert reports.violations(scope_for(principal)).count() == 1
    assert reports.violations(scope_for(other)).count() == 0


def test_only_administrators_verify_the_chain(demo):
    with pytest.raises(PermissionDenied):
        services.chain_verify(by=User.objects.get(username="wh.principal"))


def test_the_dashboard_keeps_its_query_count_as_sites_grow(client, employee, supervisor, admin):
    client.force_login(admin)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("reports:dashboard")).status_code == 200
        return len(captured)

    factories.active_site(requester=employee, site_name="Club A")
    before = count()
    for number in range(4):
        factories.active_site(
            requester=employee, site_name=f"Club {number}", school=factories.school(district=admin.district)
        )
    assert count() == before
