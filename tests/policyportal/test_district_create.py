"""A new district, from nothing: the service and `manage.py district_create`."""

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import connections

from audits.models import AuditEvent
from audits.verification import verify_chain
from policyportal import policy_templates
from policyportal.models import ChecklistItem, District, Notification, PolicyVersion, Role, User
from policyportal.services import policy_publish
from policyportal.services.districts import district_administrator_invite, district_create
from tests import factories


@pytest.fixture
def operator(db):
    return User.objects.create_superuser(username="operator", email="operator@example.org", password="x" * 16)


def state() -> tuple[int, ...]:
    return tuple(
        model.objects.count() for model in (District, PolicyVersion, ChecklistItem, AuditEvent, User, Notification)
    )


@pytest.mark.parametrize("template_name", ["west-hartford", "region-14", "blank"])
def test_a_district_from_each_template_starts_with_its_rules_in_its_own_chain(operator, template_name):
    template = policy_templates.load(template_name)
    district = district_create(
        name="Springfield Public Schools",
        slug="springfield",
        time_zone="America/Chicago",
        template=template_name,
        by=operator,
    )
    district.refresh_from_db()
    assert (district.name, district.slug, district.time_zone) == (
        "Springfield Public Schools",
        "springfield",
        "America/Chicago",
    )
    assert district.approval_chain == template.defaults["approval_chain"]
    version = PolicyVersion.objects.get(district=district)
    assert (version.number, version.title, version.source, version.published_by) == (
        1,
        template.title,
        template.source,
        None,
    )
    items = [(i.applies_to, i.position, i.clause_id, i.text, i.guidance) for i in version.items.all()]
    assert items == sorted(
        (item.applies_to, position, item.clause_id, item.text, item.guidance)
        for position, item in template.positioned_items()
    )
    events = list(AuditEvent.objects.filter(district=district).order_by("sequence"))
    assert [(e.sequence, e.action, e.actor) for e in events] == [
        (1, "district.created", operator),
        (2, "policy.published", operator),
    ]
    assert events[0].payload["template"] == template_name
    assert events[1].payload == {"number": 1, "items": len(template.items), "source": template.source,
                                 "template": template_name}  # fmt: skip
    assert verify_chain(district.pk).intact
    assert not AuditEvent.objects.filter(district=None, action__startswith="district.").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slug": "west-hartford"}, "slug", "The slug 'west-hartford' belongs to another district."),
        ({"name": "west hartford public schools"}, "name", "There is already a district named"),
        ({"name": "  "}, "name", "Give the district's name."),
        ({"slug": "Spring Field"}, "slug", "is not a slug"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "'Mars/Olympus' is not a known time zone"),
        ({"template": "atlantis"}, "template", "There is no policy template named 'atlantis'"),
        ({"template": "../settings"}, "template", "There is no policy template named"),
    ],
)
def test_refusals_say_why_and_change_nothing(operator, changes, field, message):
    before = state()
    values = {"name": "Springfield", "slug": "springfield", "time_zone": "America/Chicago", "template": "blank"}
    with pytest.raises(ValidationError) as refused:
        district_create(**{**values, **changes}, by=operator)
    assert message in " ".join(refused.value.message_dict[field])
    assert state() == before


def test_only_an_operator_creates_districts(admin):
    before = state()
    with pytest.raises(PermissionDenied):
        district_create(name="X", slug="x", time_zone="UTC", template="blank", by=admin)
    assert state() == before


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("district_create", *args, stdout=out)
    return out.getvalue()


ARGS = ["--name", "Springfield Public Schools", "--slug", "springfield", "--time-zone", "America/Chicago"]


def test_the_command_creates_the_district_and_says_what_it_did(db):
    out = run(*ARGS, "--policy", "region-14")
    district = District.objects.get(slug="springfield")
    assert "Created Springfield Public Schools (slug springfield, time zone America/Chicago)." in out
    assert (
        "from the 'region-14' template (11 request attestation, 14 site review, 11 acknowledgment, 11 post precheck, "
        "11 violation category, 4 violation outcome)" in out
    )
    assert "Nobody can sign in to it yet" in out
    assert list(AuditEvent.objects.filter(district=district).values_list("action", "actor")) == [
        ("district.created", None),
        ("policy.published", None),
    ]


def test_the_command_invites_the_first_administrator(db, settings, django_capture_on_commit_callbacks):
    settings.PORTAL_BASE_URL = "https://portal.example.org"
    admin_args = ["--admin-email", "Ada@Example.org", "--admin-first-name", "Ada", "--admin-last-name", "Byron"]
    with django_capture_on_commit_callbacks(execute=True):
        out = run(*ARGS, "--policy", "blank", *admin_args)
    person = User.objects.get(district__slug="springfield")
    assert (person.username, person.email, person.role) == ("ada@example.org", "Ada@example.org", Role.DISTRICT_ADMIN)
    assert not person.has_usable_password()
    assert "Invited Ada Byron <Ada@example.org> as district administrator" in out
    assert [m.to for m in mail.outbox] == [["Ada@example.org"]]
    assert re.search(r"https://portal\.example\.org/accounts/invitation/\S+/\S+/", mail.outbox[0].body)
    actions = AuditEvent.objects.filter(district=person.district).values_list("action", flat=True)
    assert list(actions) == ["district.created", "policy.published", "user.created", "user.invited"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--policy", "atlantis"], "--policy: There is no policy template named 'atlantis'"),
        (["--policy", "blank", "--time-zone", "Nowhere/Town"], "--time-zone: 'Nowhere/Town' is not a known time zone"),
        (["--policy", "blank", "--slug", "west-hartford"], "--slug: The slug 'west-hartford' belongs to another"),
        (["--policy", "blank", "--admin-email", "ada@example.org"], "give --admin-first-name, --admin-last-name"),
        (
            [
                "--policy",
                "blank",
                "--admin-email",
                "not-an-address",
                "--admin-first-name",
                "A",
                "--admin-last-name",
                "B",
            ],
            "--admin-email: 'not-an-address' is not an email address.",
        ),
    ],
)
def test_the_command_refuses_bad_input_and_changes_nothing(db, args, message):
    before = state()
    with pytest.raises(CommandError) as refused:
        run(*ARGS, *args)
    assert message in str(refused.value)
    assert refused.value.returncode == 1
    assert state() == before


def test_a_refusal_exits_non_zero_with_the_reason_on_stderr(db, capsys, monkeypatch):
    monkeypatch.setattr(connections, "close_all", lambda: None)  # run_from_argv closes them; the test still needs its
    with pytest.raises(SystemExit) as exited:
        ManagementUtility(["manage.py", "district_create", *ARGS, "--policy", "atlantis"]).execute()
    assert exited.value.code == 1
    assert "There is no policy template named 'atlantis'" in capsys.readouterr().err
    assert not District.objects.filter(slug="springfield").exists()


def test_the_first_administrator_only_while_nobody_runs_the_district(operator, west_hartford, admin):
    with pytest.raises(ValidationError, match="already has an administrator"):
        district_administrator_invite(
            district=west_hartford, email="new@example.org", first_name="N", last_name="E", by=operator
        )
    assert not User.objects.filter(email="new@example.org").exists()


def test_inviting_the_same_pending_address_again_sends_a_new_invitation(operator):
    district = district_create(name="Springfield", slug="springfield", time_zone="UTC", template="blank", by=operator)
    first = district_administrator_invite(
        district=district, email="ada@example.org", first_name="Ada", last_name="Byron", by=operator
    )
    again = district_administrator_invite(
        district=district, email="ADA@example.org", first_name="Ada", last_name="Byron", by=operator
    )
    assert again == first
    assert User.objects.filter(district=district).count() == 1
    assert AuditEvent.objects.filter(district=district, action="user.invited").count() == 2


def test_an_address_of_an_existing_account_is_refused(operator, employee):
    district = district_create(name="Springfield", slug="springfield", time_zone="UTC", template="blank", by=operator)
    employee.username = "pat@example.org"
    employee.save()
    with pytest.raises(ValidationError) as refused:
        district_administrator_invite(
            district=district, email="pat@example.org", first_name="Pat", last_name="T", by=operator
        )
    assert "already exists" in refused.value.message_dict["email"][0]


def test_a_district_from_the_blank_template_publishes_its_own_clauses(operator):
    district = district_create(name="Springfield", slug="springfield", time_zone="UTC", template="blank", by=operator)
    administrator = factories.user(district=district, role=Role.DISTRICT_ADMIN)
    items = [
        {"applies_to": "site_review", "clause_id": "SPR-D1", "text": "The site is closed.", "guidance": ""},
        {"applies_to": "violation_category", "clause_id": "SPR-D2", "key": "open_site", "text": "An open site."},
        {"applies_to": "violation_outcome", "clause_id": "SPR-X1", "key": "discipline", "text": "Discipline."},
    ]
    version = policy_publish(district=district, by=administrator, items=items, based_on=1)
    assert {item.clause_id for item in version.items.all()} == {"SPR-D1", "SPR-D2", "SPR-X1"}
