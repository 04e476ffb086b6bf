"""One submission, one record, on the district's and the operator's pages: adding a person, inviting them again,
publishing the rules, creating a district and inviting its first administrator. Sent twice with one token (a
double click, a retry), each creates one record, writes one audit event and sends at most one email; the second
sending is answered with a redirect to where the first one led."""

import re
import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal import tasks
from policyportal.models import District, FormSubmission, PolicyVersion, Role, User
from policyportal.services import people
from policyportal.services.submissions import ALREADY_SENT, USED
from tests.concurrency import at_once
from tests.factories import PASSWORD
from tests.policyportal.test_policy_publish import formset_data


@pytest.fixture
def operator(db):
    return User.objects.create_superuser(username="operator", email="operator@example.org", password=PASSWORD)


def sent_twice(client, url: str, data: dict, capture) -> tuple:
    """Sends the same form twice, running what each commit starts (its emails); returns both answers, the
    second followed to its page."""
    with capture(execute=True):
        first = client.post(url, data)
    with capture(execute=True):
        second = client.post(url, data, follow=True)
    assert first.status_code == 302, first.content.decode()[:2000]
    return first, second


def answered_with_the_first(first, second) -> None:
    assert second.redirect_chain == [(first.url, 302)]
    assert ALREADY_SENT in second.content.decode()


def events(action: str) -> int:
    return AuditEvent.objects.filter(action=action).count()


def test_a_person_added_twice_is_added_once_and_invited_once(
    client, admin, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(admin)
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.org",
        "role": Role.EMPLOYEE,
        "supervisor": supervisor.pk,
        "invite": "on",
        "form_token": uuid.uuid4(),
    }
    first, second = sent_twice(client, reverse("person_new"), data, django_capture_on_commit_callbacks)
    person = User.objects.get(email="grace@example.org")
    assert first.url == reverse("person_edit", args=[person.pk])
    answered_with_the_first(first, second)
    about_them = AuditEvent.objects.filter(target_id=str(person.pk))
    assert sorted(about_them.values_list("action", flat=True)) == ["user.created", "user.invited"]
    assert [message.to for message in mail.outbox] == [["grace@example.org"]]


def test_an_invitation_sent_again_with_one_click_twice_mails_once_and_its_link_keeps_working(
    client, admin, west_hartford, django_capture_on_commit_callbacks
):
    person = people.person_create(
        district=west_hartford, by=admin, email="nia@example.org", first_name="Nia", last_name="Newcomer"
    )
    client.force_login(admin)
    url = reverse("person_invite", args=[person.pk])
    first, second = sent_twice(client, url, {"form_token": uuid.uuid4()}, django_capture_on_commit_callbacks)
    assert first.url == reverse("person_edit", args=[person.pk])
    answered_with_the_first(first, second)
    assert events("user.invited") == 1
    [invitation] = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+)", invitation.body).group(1)
    opened = Client().get(link, follow=True)
    assert "registration/invitation_accept.html" in [template.name for template in opened.templates]


def test_an_invitation_sent_without_its_token_is_refused_and_sends_nothing(
    client, admin, west_hartford, django_capture_on_commit_callbacks
):
    person = people.person_create(
        district=west_hartford, by=admin, email="nia@example.org", first_name="Nia", last_name="Newcomer"
    )
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("person_invite", args=[person.pk]), follow=True)
    assert "This page is out of date" in page.content.decode()
    assert events("user.invited") == 0 and not mail.outbox


def test_the_rules_published_twice_are_one_new_version(
    client, admin, west_hartford, django_capture_on_commit_callbacks
):
    version = PolicyVersion.objects.filter(district=west_hartford).order_by("-number").first()
    client.force_login(admin)
    data = formset_data(version, {"form-0-text": "Newer wording"})
    first, second = sent_twice(client, reverse("policy_edit"), data, django_capture_on_commit_callbacks)
    assert first.url == reverse("policy")
    answered_with_the_first(first, second)
    assert "was published while you edited" not in second.content.decode()
    assert PolicyVersion.objects.filter(district=west_hartford).count() == version.number + 1
    assert AuditEvent.objects.filter(action="policy.published", actor=admin).count() == 1


def test_the_rules_sent_without_their_token_publish_nothing(client, admin, west_hartford):
    version = PolicyVersion.objects.filter(district=west_hartford).order_by("-number").first()
    client.force_login(admin)
    data = formset_data(version)
    del data["form_token"]
    page = client.post(reverse("policy_edit"), data)
    assert page.status_code == 200 and "This page is out of date" in page.content.decode()
    assert PolicyVersion.objects.filter(district=west_hartford).count() == version.number


def test_a_district_created_twice_is_created_once(client, operator, django_capture_on_commit_callbacks):
    client.force_login(operator)
    data = {
        "name": "Springfield Public Schools",
        "slug": "springfield",
        "time_zone": "America/Chicago",
        "template": "blank",
        "form_token": uuid.uuid4(),
    }
    first, second = sent_twice(client, reverse("operator:district_create"), data, django_capture_on_commit_callbacks)
    assert first.url == reverse("operator:administrator_invite", args=["springfield"])
    answered_with_the_first(first, second)
    assert "belongs to another district" not in second.content.decode()
    assert District.objects.filter(slug="springfield").count() == 1
    assert AuditEvent.objects.filter(action="district.created", district__slug="springfield").count() == 1


def test_a_first_administrator_invited_twice_is_invited_once(client, operator, django_capture_on_commit_callbacks):
    district = District.objects.create(name="Springfield", slug="springfield", time_zone="UTC")
    client.force_login(operator)
    url = reverse("operator:administrator_invite", args=[district.slug])
    data = {"first_name": "Ada", "last_name": "Byron", "email": "ada@example.org", "form_token": uuid.uuid4()}
    first, second = sent_twice(client, url, data, django_capture_on_commit_callbacks)
    assert first.url == reverse("operator:home")
    answered_with_the_first(first, second)
    assert User.objects.filter(district=district).count() == 1
    assert AuditEvent.objects.filter(district=district, action="user.invited").count() == 1
    assert [message.to for message in mail.outbox] == [["ada@example.org"]]


def test_anothers_token_adds_nobody_and_shows_nothing_of_theirs(client, admin, west_hartford, r14_admin):
    token = uuid.uuid4()
    people.person_create(
        district=west_hartford,
        by=admin,
        email="nia@example.org",
        first_name="Nia",
        last_name="Newcomer",
        form_token=token,
    )
    client.force_login(r14_admin)
    data = {"first_name": "Eve", "last_name": "Other", "email": "eve@example.org", "role": Role.EMPLOYEE}
    page = client.post(reverse("person_new"), {**data, "form_token": token})
    assert page.status_code == 200 and USED in page.content.decode()
    assert not User.objects.filter(email="eve@example.org").exists()


@pytest.mark.django_db(transaction=True)
def test_a_person_added_in_two_tabs_at_the_same_moment_is_added_once(postgres, admin):
    data = {
        "first_name": "Grace",
        "last_name": "Hopper",
        "email": "grace@example.org",
        "role": Role.EMPLOYEE,
        "form_token": uuid.uuid4(),
    }
    tabs = [Client(), Client()]
    for tab in tabs:
        tab.force_login(admin)
    answers = at_once(lambda: tabs.pop().post(reverse("person_new"), data))
    person = User.objects.get(email="grace@example.org")
    assert [answer.url for answer in answers] == [reverse("person_edit", args=[person.pk])] * 2
    assert AuditEvent.objects.filter(action="user.created", target_id=str(person.pk)).count() == 1


def test_form_tokens_older_than_thirty_days_are_forgotten_by_the_nightly_task(admin):
    now = timezone.now()
    for age in (31, 29):
        FormSubmission.objects.create(token=uuid.uuid4(), user=admin, form=f"age.{age}", submitted_at=now)
        FormSubmission.objects.filter(form=f"age.{age}").update(submitted_at=now - timedelta(days=age))
    [scheduled] = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"].endswith("forget_old_form_submissions")
    ]
    assert scheduled["task"] == tasks.forget_old_form_submissions.name
    assert tasks.forget_old_form_submissions() == 1
    assert list(FormSubmission.objects.values_list("form", flat=True)) == ["age.29"]
