"""A record a standing legal hold covers says so on its page: for whoever may read the page, and with the hold's
reason for records officers only."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from policyportal.records.services import legal_hold_lift, legal_hold_place, records_officer_set
from sites import services as site_services
from sites.personal.services import consultations
from tests import factories

pytestmark = pytest.mark.django_db

REASON = "Claim 26-114 by a parent (distinctive-banner-reason)"
BANNER = "Under legal hold since"


@pytest.fixture
def site(employee):
    return factories.active_site(requester=employee)


def _page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_held_sites_page_says_so_and_another_sites_does_not(client, officer, admin, employee, supervisor, site):
    other = factories.active_site(requester=supervisor, site_name="Chess Club")
    hold = legal_hold_place(district=site.district, reason=REASON, site=site, by=officer)
    owner_sees = _page(client, employee, reverse("sites:detail", args=[site.pk]))
    assert BANNER in owner_sees
    assert "cannot be disposed of" in owner_sees
    assert REASON not in owner_sees  # the reason is the records officers'
    assert REASON not in _page(client, admin, reverse("sites:detail", args=[site.pk]))
    records_officer_set(person=admin, value=True, by=admin)  # an administrator who is a records officer too
    admin.refresh_from_db()
    assert REASON in _page(client, admin, reverse("sites:detail", args=[site.pk]))
    assert BANNER not in _page(client, supervisor, reverse("sites:detail", args=[other.pk]))
    assert BANNER in _page(client, employee, reverse("requests:detail", args=[site.request_id]))
    legal_hold_lift(hold=hold, by=officer)
    assert BANNER not in _page(client, employee, reverse("sites:detail", args=[site.pk]))


def test_a_violation_report_and_a_question_held_by_date_say_so(client, officer, employee, supervisor, site):
    report = site_services.violation_report(
        by=employee,
        category="directory_objection",
        what_happened="A photo names a student.",
        occurred_on=timezone.localdate(),
        site=site,
    )
    question = consultations.consultation_ask(
        by=employee, text="Our game is on Friday!", links="", site=None, findings=[]
    )
    violation_url = reverse("sites:violation", args=[report.pk])
    question_url = reverse("sites:consultation", args=[question.pk])
    assert BANNER not in _page(client, supervisor, violation_url)
    today = timezone.localdate()
    legal_hold_place(district=site.district, reason=REASON, starts_on=today - datetime.timedelta(days=1), by=officer)
    assert BANNER in _page(client, supervisor, violation_url)
    assert BANNER in _page(client, supervisor, question_url)


def test_the_banner_costs_a_record_page_one_query_whatever_the_number_of_holds(client, officer, employee, site):
    url = reverse("sites:detail", args=[site.pk])
    client.force_login(employee)
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for number in range(3):
        legal_hold_place(district=site.district, reason=f"{REASON} {number}", site=site, by=officer)
    with CaptureQueriesContext(connection) as held:
        assert BANNER in client.get(url).content.decode()
    assert len(held) == len(before)
    assert sum("legalhold" in query["sql"] for query in held) == 1
