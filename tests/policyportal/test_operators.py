"""Installation operators: superusers of no district, who create districts and invite their first
administrators, and see nothing a district holds."""

import re
import uuid

import pytest
from django.core.management import call_command
from django.urls import reverse

from audits.models import AuditEvent
from policyportal.models import District, Notification, Role, User
from policyportal.services.districts import district_create
from tests import factories
from tests.factories import PASSWORD


@pytest.fixture
def operator(db):
    return User.objects.create_superuser(username="operator", email="operator@example.org", password=PASSWORD)


def test_createsuperuser_makes_an_operator_of_no_district(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, username="ops", email="ops@example.org", verbosity=0)
    made = User.objects.get(username="ops")
    assert (made.district, made.is_superuser, made.email) == (None, True, "ops@example.org")
    assert made.check_password(PASSWORD)


def test_signing_in_takes_an_operator_to_the_operator_home(client, operator):
    response = client.post(reverse("login"), {"username": "operator", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("operator:home")
    assert response.status_code == 200
    assert "Districts of this installation" in response.content.decode()
    client.post(reverse("logout"))
    with_next = client.post(
        reverse("login") + "?next=/requests/",
        {"username": "operator", "password": PASSWORD, "next": "/requests/"},
        follow=True,
    )
    assert [url for url, _ in with_next.redirect_chain] == ["/requests/", reverse("operator:home")]


DISTRICT_PAGES = [
    ("home", []),
    ("policy", []),
    ("policy_edit", []),
    ("acknowledge", []),
    ("people", []),
    ("district_settings", []),
    ("inbox", []),
    ("email_settings", []),
    ("requests:mine", []),
    ("requests:new", []),
    ("requests:waiting", []),
    ("requests:district", []),
    ("requests:detail", [1]),
    ("sites:registry", []),
    ("sites:detail", [1]),
    ("sites:violations", []),
    ("sites:report_violation", []),
    ("sites:precheck", []),
    ("sites:roster", []),
    ("audits:events", []),
    ("audits:verify", []),
    ("reports:dashboard", []),
    ("reports:report", ["overdue"]),
    ("admin:index", []),
]


@pytest.mark.parametrize(("name", "args"), DISTRICT_PAGES)
def test_an_operator_is_sent_away_from_every_district_page(client, operator, employee, name, args):
    client.force_login(operator)
    for method in (client.get, client.post):
        response = method(reverse(name, args=args))
        assert response.status_code == 302, (name, method)
        assert response.url == reverse("operator:home")


def test_an_operator_may_change_their_password_and_sign_out(client, operator):
    client.force_login(operator)
    assert client.get(reverse("password_change")).status_code == 200
    assert client.post(reverse("logout")).url == reverse("login")


def test_the_operator_home_lists_districts_and_nothing_they_hold(client, operator, employee, django_assert_num_queries):
    factories.submitted_request(requester=employee)
    client.force_login(operator)
    with django_assert_num_queries(3):  # the session, the operator, the districts
        response = client.get(reverse("operator:home"))
    page = response.content.decode()
    assert list(response.context["districts"]) == list(District.objects.order_by("name"))
    for district in District.objects.all():
        assert district.name in page and district.slug in page
    assert "America/New_York" in page
    for person in User.objects.exclude(pk=operator.pk):
        assert person.display_name not in page and person.email not in page
    assert "Varsity Soccer" not in page
    assert "Inbox" not in page and "Installation operator" in page
    assert not Notification.objects.filter(recipient=operator).exists()


@pytest.mark.parametrize(
    "url", ["/operator/", "/operator/districts/new/", "/operator/districts/west-hartford/administrator/"]
)
def test_district_people_get_a_404_on_operator_pages(client, admin, employee, url):
    for person in (admin, employee):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_a_superuser_of_a_district_is_no_operator(client, west_hartford):
    boss = factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN)
    User.objects.filter(pk=boss.pk).update(is_superuser=True, is_staff=True)
    client.force_login(boss)
    assert client.get("/operator/").status_code == 404
    assert client.get(reverse("policy")).status_code == 200


def test_the_signed_out_are_asked_to_sign_in(client, db):
    response = client.get("/operator/districts/new/")
    assert response.url == f"{reverse('login')}?next=/operator/districts/new/"


def test_an_operator_creates_a_district_from_the_form(client, operator):
    client.force_login(operator)
    form = client.get(reverse("operator:district_create")).content.decode()
    for name in ("west-hartford", "region-14", "blank"):
        assert f'value="{name}"' in form
    data = {"name": "Springfield Public Schools", "slug": "springfield", "time_zone": "America/Chicago"}
    response = client.post(
        reverse("operator:district_create"), {**data, "template": "region-14", "form_token": uuid.uuid4()}
    )
    assert response.url == reverse("operator:administrator_invite", args=["springfield"])
    district = District.objects.get(slug="springfield")
    # 36 answered or shown, 11 pre-check rules, 11 violation categories and 4 outcomes
    assert district.policy_versions.get().items.count() == 62
    assert AuditEvent.objects.get(district=district, action="district.created").actor == operator


def test_a_refused_district_keeps_what_was_typed_and_says_why(client, operator):
    client.force_login(operator)
    data = {"name": "Springfield Public Schools", "slug": "west-hartford", "time_zone": "America/Chicago"}
    response = client.post(
        reverse("operator:district_create"), {**data, "template": "blank", "form_token": uuid.uuid4()}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The slug &#x27;west-hartford&#x27; belongs to another district." in page
    assert 'value="Springfield Public Schools"' in page
    assert re.search(r'value="blank"[^>]*checked', page)
    assert not District.objects.filter(name="Springfield Public Schools").exists()


def test_an_operator_invites_the_first_administrator_once(client, operator, django_capture_on_commit_callbacks):
    district = district_create(name="Springfield", slug="springfield", time_zone="UTC", template="blank", by=operator)
    client.force_login(operator)
    url = reverse("operator:administrator_invite", args=["springfield"])
    sent = {"first_name": "Ada", "last_name": "Byron", "form_token": uuid.uuid4()}
    bad = client.post(url, {**sent, "email": "not-an-address"})
    assert bad.status_code == 200 and 'value="Ada"' in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**sent, "email": "ada@example.org"})
    assert response.url == reverse("operator:home")
    person = User.objects.get(district=district)
    assert person.role == Role.DISTRICT_ADMIN and not person.has_usable_password()
    invited = AuditEvent.objects.get(district=district, action="user.invited")
    assert (invited.actor, invited.target_id) == (operator, str(person.pk))

    person.set_password(PASSWORD)  # they accepted
    person.save()
    page = client.get(url).content.decode()
    assert "already has an administrator" in page and "Send the invitation" not in page
    client.post(
        url, {"first_name": "Eve", "last_name": "Other", "email": "eve@example.org", "form_token": uuid.uuid4()}
    )
    assert not User.objects.filter(email="eve@example.org").exists()


def test_an_unknown_district_is_a_404_for_operators_too(client, operator):
    client.force_login(operator)
    assert client.get(reverse("operator:administrator_invite", args=["atlantis"])).status_code == 404
