"""Purging the directory-objection roster (Connecticut's student data privacy law): a records officer deletes a
school's or the whole district's list of students, and the names go too from the questions about posts that
quoted them once those questions are past their retention period, and from the notifications about those
questions (linking to their pages), which quoted them too. Held questions and held roster entries are left
as they are: a legal hold forbids changing what it covers, and the purge says how many entries it kept."""

import re
from collections.abc import Iterable
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q

from audits.recorder import record, text_digest
from policyportal.models import District, Notification, School, User
from policyportal.notifications import about_pages_q, notification_title
from policyportal.records import rules as records_rules
from policyportal.records.kinds import NOTIFICATIONS
from policyportal.records.models import RetentionSchedule
from policyportal.records.registry import kind
from sites.personal import rules
from sites.personal.models import Consultation, DirectoryObjection
from sites.personal.services.roster import PURGED

REMOVED = "[student name removed]"
CONSULTATION_TEXTS = ("text", "question", "links", "answer_note")


class Purged(NamedTuple):
    students: int  # deleted from the roster
    kept_by_holds: int  # left on it: a standing legal hold covers them


@transaction.atomic
def roster_purge(*, district: District, school: School | None = None, reason: str, by: User) -> Purged:
    """Delete the roster of `school` (or all of `district`'s) but the entries a standing legal hold covers, redact the
    purged names from the district's questions past retention, and record it once."""
    if not rules.may_purge_roster(by, district) or (school is not None and school.district_id != district.pk):
        raise PermissionDenied("Only the district's records officers purge its roster.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the list is purged (a parent's request, the contract's end...)."})
    District.objects.select_for_update().get(pk=district.pk)  # no hold is placed while the purge runs
    roster, held = _roster(district, school), rules.roster_held_q(district.pk)
    students = list(roster.exclude(held))
    kept = roster.filter(held).count()
    pattern = names_pattern(students)
    redacted = _redact_questions(district, pattern) if pattern is not None else 0
    DirectoryObjection.objects.filter(pk__in=[student.pk for student in students]).delete()
    record(
        action=PURGED,
        actor=by,
        district=district,
        target=school or district,
        payload={
            "school": school.pk if school is not None else "all",
            "students": len(students),
            "kept_by_holds": kept,
            "questions_redacted": redacted,
            "reason_sha256": text_digest(reason),
        },
    )
    return Purged(len(students), kept)


def _roster(district: District, school: School | None):
    roster = DirectoryObjection.objects.filter(district=district)
    return roster.filter(school=school) if school is not None else roster


def names_pattern(students: Iterable[DirectoryObjection]) -> re.Pattern | None:
    """Every way a student's name is written, as whole words in any case: "first last", "preferred last" and
    "last, first". None when there is nobody to look for."""
    ways = set()
    for student in students:
        first, last, preferred = (
            re.escape(name) for name in (student.first_name, student.last_name, student.preferred_name)
        )
        ways.add(rf"{first}\s+{last}")
        ways.add(rf"{last}\s*,\s*{first}")
        if preferred:
            ways.add(rf"{preferred}\s+{last}")
    if not ways:
        return None
    longest_first = sorted(ways, key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(longest_first)})(?!\w)", re.IGNORECASE)


def redact(text: str, pattern: re.Pattern) -> str:
    return pattern.sub(REMOVED, text)


def _redact_questions(district: District, pattern: re.Pattern) -> int:
    """Redact the questions past their retention under the district's schedule for questions (none without one),
    and not held. Returns how many questions changed."""
    questions = kind("consultations")
    schedule = RetentionSchedule.objects.filter(district=district, kind=questions.key).first()
    if schedule is None:
        return 0
    holds = list(records_rules.standing_holds(district.pk))
    past_retention = list(
        Consultation.objects.filter(district=district)
        .filter(records_rules.period_ended_q(questions, schedule, district.today()))
        .exclude(records_rules.held_q(questions, holds))
    )
    notifications_held = records_rules.held_q(kind(NOTIFICATIONS), holds)
    pages = [page for consultation in past_retention for page in questions.pages(consultation)]
    _redact_notifications(pages, pattern, notifications_held)
    changed = 0
    for consultation in past_retention:
        fields = [name for name in CONSULTATION_TEXTS if _redact_field(consultation, name, pattern)]
        findings = [_redact_finding(finding, pattern) for finding in consultation.findings]
        if findings != consultation.findings:
            consultation.findings = findings
            fields.append("findings")
        if fields:
            consultation.save(update_fields=fields)
            changed += 1
    return changed


def _redact_notifications(pages: list[str], pattern: re.Pattern, held: Q) -> None:
    """The notifications about the questions (those linking to their pages, read in one query) quote them: the
    question asked, the answer's note. Those a standing hold covers are left as they are."""
    for notification in Notification.objects.filter(about_pages_q(pages)).exclude(held):
        title, body = notification_title(redact(notification.title, pattern)), redact(notification.body, pattern)
        if (title, body) != (notification.title, notification.body):
            notification.title, notification.body = title, body
            notification.save(update_fields=["title", "body"])


def _redact_field(consultation: Consultation, name: str, pattern: re.Pattern) -> bool:
    before = getattr(consultation, name)
    after = redact(before, pattern)
    setattr(consultation, name, after)
    return after != before


def _redact_finding(finding: dict, pattern: re.Pattern) -> dict:
    """A pre-check finding quotes the name it found in its evidence."""
    return {key: redact(value, pattern) if isinstance(value, str) else value for key, value in finding.items()}
