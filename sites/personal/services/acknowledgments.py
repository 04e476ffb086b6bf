"""The annual acknowledgment of the personal-use rules: each published policy version asks everyone again."""

import uuid
from collections.abc import Iterator

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from audits import context
from audits.recorder import record
from policyportal.models import AppliesTo, PolicyVersion, User
from policyportal.services.submissions import submission_claim, submission_done
from sites.personal import rules, selectors
from sites.personal.models import Acknowledgment

EXPORT_COLUMNS = ["Name", "Email", "School", "Title"]


@transaction.atomic
def acknowledgment_record(*, user: User, typed_name: str, form_token: uuid.UUID | None = None) -> Acknowledgment:
    """The employee signs the current version's personal-use rules by typing their full name; the form's
    `form_token` signs once however often the form is sent."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # a second tab's submission waits, then is refused
    submission = submission_claim(token=form_token, by=user, form="acknowledgment.sign")
    version, existing = selectors.acknowledgment_status(user)
    if version is None or not any(item.applies_to == AppliesTo.ACKNOWLEDGMENT for item in version.items.all()):
        raise ValidationError("Your district has no personal-use rules to acknowledge yet.")
    if existing is not None:
        raise ValidationError(f"You acknowledged version {version.number} already.")
    if " ".join(typed_name.split()).casefold() != user.get_full_name().casefold():
        raise ValidationError({"typed_name": f"Type your full name as the portal knows it: {user.get_full_name()}."})
    acknowledgment = Acknowledgment.objects.create(
        user=user,
        policy_version=version,
        typed_name=" ".join(typed_name.split()),
        acknowledged_at=timezone.now(),
        client_ip=context.client_ip.get(),
    )
    submission_done(submission, acknowledgment)
    record(action="acknowledgment.signed", actor=user, target=version, payload={"version": version.number})
    return acknowledgment


@transaction.atomic
def acknowledgments_export(*, by: User, version: PolicyVersion) -> Iterator[list[str]]:
    """Who has not acknowledged `version` yet, as CSV rows (`EXPORT_COLUMNS`), with the export recorded."""
    if not (rules.may_see_acknowledgments(by) and version.district_id == by.district_id):
        raise PermissionDenied("Acknowledgment completion is for district administrators.")
    record(action="export.csv", actor=by, target=version, payload={"report": "acknowledgments_missing"})
    return (
        [person.display_name, person.email, person.school.name if person.school else "District office", person.title]
        for person in selectors.acknowledgments_missing(version)
    )
