"""A records officer purges the directory-objection roster: the rows go, the names go from questions past their
retention, one audit event says so without a name, and nobody else may."""

import datetime

import pytest
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from audits.models import AuditEvent
from policyportal.models import Role, User
from policyportal.records.models import LegalHold, RetentionSchedule
from sites.personal.models import Consultation, DirectoryObjection
from sites.personal.services import consultations
from sites.personal.services.roster_purge import REMOVED, names_pattern, redact
from tests import factories

pytestmark = pytest.mark.django_db

PURGE = reverse("sites:roster_purge")
REASON = "Parent request of 3 March under Connecticut's student data privacy law"


def officer_of(district, username):
    person = factories.user(district=district, username=username, role=Role.SUPERVISOR)
    User.objects.filter(pk=person.pk).update(is_records_officer=True)
    return User.objects.get(pk=person.pk)


@pytest.fixture
def officer(west_hartford, admin):
    return officer_of(west_hartford, "records")


@pytest.fixture
def schools(west_hartford):
    return factories.school(district=west_hartford, name="Hall High"), factories.school(
        district=west_hartford, name="Conard High"
    )


@pytest.fixture
def roster(west_hartford, schools):
    hall, conard = schools
    now = timezone.now()
    students = [
        ("1001", "Zoe", "O'Brien", "Zo", hall),
        ("1002", "Marcus", "Lee", "", hall),
        ("2001", "Ana", "Ruiz", "", conard),
    ]
    return [
        DirectoryObjection.objects.create(
            district=west_hartford,
            student_id=student_id,
            first_name=first,
            last_name=last,
            preferred_name=preferred,
            school=school,
            imported_at=now,
        )
        for student_id, first, last, preferred, school in students
    ]


def asked(employee, text, *, days_ago, question=""):
    consultation = consultations.consultation_ask(
        by=employee,
        text=text,
        links="",
        site=None,
        findings=[{"rule": "student_named_on_personal_account", "evidence": "Zoe O'Brien"}],
        question=question,
    )
    Consultation.objects.filter(pk=consultation.pk).update(asked_at=timezone.now() - datetime.timedelta(days=days_ago))
    return consultation


@pytest.fixture
def kept_two_years(west_hartford, admin):
    return RetentionSchedule.objects.create(
        district=west_hartford, kind="consultations", starts="asked", years=2, changed_by=admin
    )


def test_the_pattern_finds_each_way_a_name_is_written_as_whole_words(roster):
    pattern = names_pattern(roster)
    assert redact("Go ZOE o'brien! and zo O'Brien, and O'Brien, Zoe.", pattern) == (
        f"Go {REMOVED}! and {REMOVED}, and {REMOVED}."
    )
    assert (
        redact("Marcus Leeds and Ana Ruizes and Ruiz Ana stay", pattern)
        == "Marcus Leeds and Ana Ruizes and Ruiz Ana stay"
    )
    assert redact("Lee,   Marcus", pattern) == REMOVED


def test_purging_a_school_deletes_its_rows_and_records_one_event_without_names(client, officer, roster, schools):
    hall, _ = schools
    client.force_login(officer)
    confirm = client.get(PURGE, {"school": hall.pk})
    assert "2 students" in confirm.content.decode()
    before = AuditEvent.objects.count()

    response = client.post(f"{PURGE}?school={hall.pk}", {"reason": REASON})

    assert response.status_code == 302
    assert list(DirectoryObjection.objects.values_list("student_id", flat=True)) == ["2001"]
    event = AuditEvent.objects.get(action="roster.purged")
    assert AuditEvent.objects.count() == before + 1
    assert event.payload["school"] == hall.pk and event.payload["students"] == 2
    assert len(event.payload["reason_sha256"]) == 64
    stored = str(event.payload) + event.target_label
    for text in ("Zoe", "O'Brien", "Marcus", "Lee", "Parent request"):
        assert text not in stored


def test_purging_all_redacts_questions_past_retention_and_leaves_those_within_it(
    client, officer, roster, employee, kept_two_years
):
    old = asked(employee, "Congrats to Zoe O'Brien and to Ruiz, Ana!", days_ago=3 * 365, question="Is Zo O'Brien ok?")
    # Answered long ago: an unanswered question is open work, never past retention (`kept_while`).
    Consultation.objects.filter(pk=old.pk).update(answer="fine", answered_at=F("asked_at"))
    recent = asked(employee, "Congrats to Zoe O'Brien!", days_ago=30)
    client.force_login(officer)

    client.post(f"{PURGE}?school=all", {"reason": REASON})

    assert not DirectoryObjection.objects.exists()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.text == f"Congrats to {REMOVED} and to {REMOVED}!"
    assert old.question == f"Is {REMOVED} ok?"
    assert old.findings[0]["evidence"] == REMOVED
    assert recent.text == "Congrats to Zoe O'Brien!" and recent.findings[0]["evidence"] == "Zoe O'Brien"
    event = AuditEvent.objects.get(action="roster.purged")
    assert event.payload == {
        "school": "all",
        "students": 3,
        "kept_by_holds": 0,
        "questions_redacted": 1,
        "reason_sha256": event.payload["reason_sha256"],
    }


def test_without_a_schedule_for_questions_none_is_past_retention(client, officer, roster, employee):
    old = asked(employee, "Congrats to Zoe O'Brien!", days_ago=20 * 365)
    client.force_login(officer)
    client.post(f"{PURGE}?school=all", {"reason": REASON})
    old.refresh_from_db()
    assert old.text == "Congrats to Zoe O'Brien!"
    assert not DirectoryObjection.objects.exists()


def test_a_held_question_is_not_changed(client, officer, roster, employee, kept_two_years, west_hartford):
    old = asked(employee, "Congrats to Zoe O'Brien!", days_ago=3 * 365)
    LegalHold.objects.create(district=west_hartford, reason="Case 26-114", person=employee, placed_by=officer)
    client.force_login(officer)
    client.post(f"{PURGE}?school=all", {"reason": REASON})
    old.refresh_from_db()
    assert old.text == "Congrats to Zoe O'Brien!"
    assert AuditEvent.objects.get(action="roster.purged").payload["questions_redacted"] == 0


def test_without_a_reason_nothing_changes_and_the_form_says_why(client, officer, roster, schools):
    hall, _ = schools
    client.force_login(officer)
    response = client.post(f"{PURGE}?school={hall.pk}", {"reason": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert DirectoryObjection.objects.count() == 3
    assert not AuditEvent.objects.filter(action="roster.purged").exists()


@pytest.mark.parametrize("who", ["employee", "supervisor", "admin"])
def test_anyone_but_a_records_officer_gets_404_and_nothing_changes(client, request, roster, schools, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(PURGE).status_code == 404
    assert client.post(f"{PURGE}?school=all", {"reason": REASON}).status_code == 404
    assert DirectoryObjection.objects.count() == 3


def test_another_districts_officer_reaches_neither_this_roster_nor_its_schools(client, region_14, roster, schools):
    client.force_login(officer_of(region_14, "r14records"))
    hall, _ = schools
    assert client.post(f"{PURGE}?school={hall.pk}", {"reason": REASON}).status_code == 404
    client.post(f"{PURGE}?school=all", {"reason": REASON})  # purges Region 14's own (empty) list only
    assert DirectoryObjection.objects.count() == 3
    assert "nothing to purge" in client.get(PURGE).content.decode()


def test_the_first_page_lists_each_school_with_how_many_names_it_holds(client, officer, roster, schools):
    hall, conard = schools
    client.force_login(officer)
    page = client.get(PURGE).content.decode()
    assert "3 students on the list" in page
    assert f'href="?school={hall.pk}"' in page and f'href="?school={conard.pk}"' in page
    assert '<td data-label="Students">2</td>' in page and '<td data-label="Students">1</td>' in page
    assert "Zoe" not in page  # counts only, no names
