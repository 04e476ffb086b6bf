"""One of every kind of object the pages show, in West Hartford, and the same kinds in Region 14: every path
parameter of every page then has a real target of the signed-in person's district and one of the other."""

import io
from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from PIL import Image

from audits.models import AuditEvent
from policyportal.directory import services as directory_services
from policyportal.invitations import invitation_tokens
from policyportal.models import District, Notification, Role, User
from policyportal.records.models import DisposalBatch, DisposalItem, LegalHold
from policyportal.records.package_models import RecordsPackage
from policyportal.services import invitations
from sites import services as site_services
from sites.personal.models import DirectoryObjection
from sites.personal.services import acknowledgments, consultations
from tests import factories
from tests.policyportal.directory import files

ROLES = ("anonymous", "employee", "supervisor", "administrator", "operator")


@dataclass
class Holdings:
    """What one district holds: its people by role and one object of each kind."""

    people: dict[str, User]
    objects: dict[str, int] = field(default_factory=dict)


@dataclass
class World:
    home: Holdings
    other: Holdings
    operator: User
    slugs: list[str]
    invitee: User
    forms: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # "post /path/" -> field -> values
    reached: set[tuple[str, str, str]] = field(default_factory=set)  # (role, "get" or "post", path)
    longest: dict[str, dict[str, int]] = field(default_factory=dict)  # "post /path/" -> field -> maxlength
    query_names: dict[str, set[str]] = field(default_factory=dict)  # path -> the query parameters its view reads

    def signed_in(self, role: str) -> User | None:
        if role == "anonymous":
            return None
        if role == "operator":
            return self.operator
        return self.home.people[role]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def _district(district: District, prefix: str) -> Holdings:
    school = factories.school(district=district, name=f"{prefix} High School")
    admin = factories.user(district=district, role=Role.DISTRICT_ADMIN, username=f"{prefix}admin", school=school)
    User.objects.filter(pk=admin.pk).update(is_records_officer=True)  # so the records office's pages are probed too
    admin.refresh_from_db()
    supervisor = factories.user(
        district=district, role=Role.SUPERVISOR, username=f"{prefix}sup", supervisor=admin, school=school
    )
    employee = factories.user(district=district, username=f"{prefix}emp", supervisor=supervisor, school=school)
    leaver = factories.user(district=district, username=f"{prefix}leaver", supervisor=supervisor, school=school)
    factories.close_account(leaver)
    held = Holdings(people={"employee": employee, "supervisor": supervisor, "administrator": admin})

    pending = factories.submitted_request(requester=employee, site_name="Waiting Club")
    draft = factories.draft_request(requester=employee, site_name="Draft Club")
    site = factories.active_site(requester=employee)
    review = site_services.review_start(site=site, by=supervisor)
    clauses = sorted({answer.clause_id for answer in review.answers.all()})[:2]
    review = site_services.review_complete(review=review, by=supervisor, answers=factories.failing(review, *clauses))
    finding, fixed = review.findings.order_by("pk")
    site_services.finding_report_fixed(
        finding=fixed, by=employee, note="Done", expected_version=factories.version_of(fixed)
    )
    approved = factories.approved_site(requester=employee, site_name="Band Updates")
    review = site_services.review_start(site=site, by=supervisor)
    evidence = site_services.evidence_attach(
        answer=review.answers.first(), by=supervisor, upload=SimpleUploadedFile("screen.png", png())
    )
    violation = site_services.violation_report(
        by=employee, site=site, category="other", what_happened="A post", occurred_on=timezone.localdate()
    )
    question = consultations.consultation_ask(by=employee, text="Hello", links="", site=None, findings=[])
    acknowledgments.acknowledgment_record(user=employee, typed_name=employee.get_full_name())
    DirectoryObjection.objects.create(
        district=district, school=school, student_id="1001", first_name="Zoë", last_name="Lee", grade="10",
        imported_at=timezone.now(),
    )  # fmt: skip
    disposal_list = DisposalBatch.objects.create(district=district)
    DisposalItem.objects.create(batch=disposal_list, kind="site_files", record_id=site.pk, due_on=timezone.localdate())
    hold = LegalHold.objects.create(district=district, reason="Case 26-114", site=site, placed_by=admin)
    package = RecordsPackage.objects.create(
        district=district, requested_by=admin, starts_on=timezone.localdate(), ends_on=timezone.localdate()
    )
    staff_import = directory_services.staff_import_preview(
        district=district, uploads=files.uploads(files.oneroster_12(*files.district())), by=admin
    )
    held.objects = {
        "request": pending.pk,
        "draft": draft.pk,
        "site": site.pk,
        "review": review.pk,
        "evidence": evidence.pk,
        "finding": finding.pk,
        "fixed_finding": fixed.pk,
        "approved_site": approved.pk,
        "violation": violation.pk,
        "consultation": question.pk,
        "staff_import": staff_import.pk,
        "disposal_list": disposal_list.pk,
        "hold": hold.pk,
        "package": package.pk,
        "person": employee.pk,
        "leaver": leaver.pk,
        "notification": Notification.objects.filter(recipient=supervisor).latest("pk").pk,
        "event": AuditEvent.objects.filter(district=district).latest("pk").pk,
    }
    return held


def build() -> World:
    home = _district(District.objects.get(slug="west-hartford"), "wh")
    other = _district(District.objects.get(slug="region-14"), "r14")
    operator = User.objects.create_superuser(username="operator", email="operator@example.org", password="x-x-x-x")
    invitee = factories.user(district=home.people["administrator"].district, username="invitee")
    invitee.set_unusable_password()
    invitee.save(update_fields=["password"])
    invitations.invitation_send(user=invitee, by=home.people["administrator"])
    return World(home=home, other=other, operator=operator, slugs=["west-hartford", "region-14"], invitee=invitee)


def path_arguments(world: World, name: str, pattern_keys: set[str]) -> list[dict]:
    """Each set of path arguments to probe `name` with: the home district's object and the other district's."""
    if not pattern_keys:
        return [{}]
    if name == "operator:administrator_invite":
        return [{"slug": slug} for slug in world.slugs]
    if name == "reports:report":
        from audits.report_specs import SPECS

        return [{"slug": slug} for slug in [*SPECS, "nothing-here"]]
    if name in ("password_reset_confirm", "invitation_accept"):
        person = world.invitee
        uidb64 = urlsafe_base64_encode(force_bytes(person.pk))
        generator = invitation_tokens if name == "invitation_accept" else default_token_generator
        return [{"uidb64": uidb64, "token": generator.make_token(person)}, {"uidb64": "MQ", "token": "1-x"}]
    if name in ("records:schedule_edit", "records:schedule_remove"):
        return [{"kind": kind} for kind in ("site_files", "nothing-here")]
    if name == "sites:end":
        return [{"pk": held.objects["site"], "how": how} for held in (world.home, world.other) for how in HOWS]
    kind = KINDS[name]
    return [{"pk": held.objects[kind]} for held in (world.home, world.other)]


HOWS = ("suspend", "retire", "nothing")

# Which object each page with a `<int:pk>` is about. A page missing here fails the fuzz test: add it.
KINDS = {
    "notification_open": "notification",
    "staff_import:preview": "staff_import",
    "staff_import:confirm": "staff_import",
    "staff_import:result": "staff_import",
    "staff_import:discard": "staff_import",
    "person_edit": "person",
    "person_deactivate": "person",
    "person_reactivate": "leaver",
    "person_invite": "person",
    "person_records_officer": "person",
    "requests:detail": "request",
    "requests:edit": "draft",
    "requests:decide": "request",
    "requests:reassign": "request",
    "requests:withdraw": "request",
    "requests:permission": "request",
    "requests:permission_pdf": "request",
    "sites:detail": "site",
    "sites:activate": "approved_site",
    "sites:log_check": "site",
    "sites:transfer_offer": "site",
    "sites:transfer_accept": "site",
    "sites:review_start": "site",
    "sites:review": "review",
    "sites:review_attach": "review",
    "sites:evidence": "evidence",
    "sites:finding_fixed": "finding",
    "sites:finding_verify": "fixed_finding",
    "sites:finding_reopen": "fixed_finding",
    "sites:consultation": "consultation",
    "sites:violation": "violation",
    "sites:violation_resolve": "violation",
    "audits:event": "event",
    "records:disposal_list": "disposal_list",
    "records:disposal_approve": "disposal_list",
    "records:hold": "hold",
    "records:hold_lift": "hold",
    "records_packages:package": "package",
    "records_packages:package_progress": "package",
    "records_packages:package_download": "package",
    "reports:site_file": "site",
}
