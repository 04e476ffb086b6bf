"""The nightly staff sync: `STAFF_SYNC_DIR/<district slug>/` holds the files the district's directory drops there
(by SFTP, say): a zip, or users.csv, orgs.csv and roles.csv.

Each night the files are read once (a district whose files have the same SHA-256 as last night's is skipped), and
what needs no confirmation is applied: new people, changes, schools. Leavers wait for an administrator in a new
preview; a sync that would close more than the district's share of accounts applies nothing and asks; a broken
file changes nothing and says why. The district's administrators are told in the inbox and by email, with a
link to the preview.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from policyportal.directory import formats, services
from policyportal.models import District, StaffImport, StaffImportSource, StaffImportStatus
from policyportal.notifications import notify
from policyportal.selectors import active_administrators

logger = logging.getLogger(__name__)
SHOWN_PROBLEMS = 10
KIND = "staff.sync"


def sync_root() -> Path | None:
    return Path(settings.STAFF_SYNC_DIR) if settings.STAFF_SYNC_DIR else None


def districts_to_sync() -> list[int]:
    """The districts that have a folder under STAFF_SYNC_DIR (none when it is not set)."""
    root = sync_root()
    if root is None:
        return []
    if not root.is_dir():
        logger.warning("STAFF_SYNC_DIR=%s is not a folder: no staff sync tonight.", root)
        return []
    return [pk for pk, slug in District.objects.values_list("pk", "slug") if (root / slug).is_dir()]


def uploads_in(folder: Path) -> list[formats.Upload]:
    """The folder's CSV and zip files (hidden files and anything else left alone), in name order."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or not path.is_file() or path.suffix.lower() not in (".csv", ".zip"):
            continue
        with path.open("rb") as file:
            found.append(formats.Upload(path.name, file.read(formats.MAX_FILE_BYTES + 1)))  # more is refused
    return found


def staff_sync(*, district_id: int) -> str:
    """Sync one district from its folder. Returns what happened, in a word, for the task's log."""
    root = sync_root()
    district = District.objects.get(pk=district_id)
    if root is None or not (root / district.slug).is_dir():
        return "no folder"
    uploads = uploads_in(root / district.slug)
    if not uploads:
        return "no files"
    _, digest = formats.files_digest(uploads)
    last = (
        StaffImport.objects.filter(district=district, source=StaffImportSource.SCHEDULED, follows__isnull=True)
        .order_by("-created_at", "-pk")
        .values_list("files_digest", flat=True)
        .first()
    )
    if last == digest:
        return "already read"
    with transaction.atomic():
        staff_import = services.staff_import_preview(
            district=district, uploads=uploads, by=None, source=StaffImportSource.SCHEDULED
        )
        if staff_import.status == StaffImportStatus.REFUSED:
            _tell(district, staff_import, *_refused(staff_import))
            return "refused"
        if staff_import.plan["limit"]["over"]:
            _tell(district, staff_import, *_stopped(staff_import))
            return "stopped"
    # Let go of the preview's rows and plan: the apply reads the rows and computes the plan again.
    staff_import = StaffImport.objects.only("pk", "district_id").get(pk=staff_import.pk)
    try:
        applied = services.staff_import_apply(staff_import=staff_import, by=None)
    except ValidationError as refusal:  # a StalePreview, or a refusal of the people service: nothing applied
        with transaction.atomic():
            _tell(district, staff_import, "The nightly staff sync applied nothing", " ".join(refusal.messages))
        return "refused"
    done = applied.counts.get("applied", {})
    waiting = done.get("leavers_waiting", 0)
    if any(done.get(key) for key in ("created", "updated", "schools_created", "schools_updated")) or waiting:
        follow_up = applied.follow_ups.order_by("-pk").first()
        with transaction.atomic():
            _tell(district, follow_up or applied, *_applied(done, waiting))
    return "applied"


def _refused(staff_import: StaffImport) -> tuple[str, str]:
    problems = staff_import.plan.get("problems", [])
    lines = [str(formats.Problem(**problem)) for problem in problems[:SHOWN_PROBLEMS]]
    if len(problems) > SHOWN_PROBLEMS:
        lines.append(f"... and {len(problems) - SHOWN_PROBLEMS} more.")
    body = "Nothing was changed. Fix the files in the directory; tomorrow's sync reads them again.\n\n" + "\n".join(
        lines
    )
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return f"The nightly staff sync could not use the files ({count})", body


def _stopped(staff_import: StaffImport) -> tuple[str, str]:
    limit = staff_import.plan["limit"]
    return (
        f"The nightly staff sync stopped: it would close {limit['leaving']} of {limit['active']} accounts",
        f"That is more than the district's {limit['percent']}%, so nothing was applied. Check the files; if these "
        "people really are leaving, confirm the import on its page.",
    )


def _applied(done: dict, waiting: int) -> tuple[str, str]:
    title = f"Nightly staff sync: {done.get('created', 0)} new, {done.get('updated', 0)} changed"
    body = f"{done.get('schools_created', 0)} schools added and {done.get('schools_updated', 0)} renamed or linked."
    if waiting:
        title += f", {waiting} leaving"
        body += f" {waiting} people are no longer in the directory: their accounts close once you confirm."
    return title, body


def _tell(district: District, staff_import: StaffImport, title: str, body: str) -> None:
    """The district's administrators, in the inbox and by email, with a link to the import's page."""
    if staff_import.status == StaffImportStatus.APPLIED:
        link = reverse("staff_import:result", args=[staff_import.pk])
    else:
        link = reverse("staff_import:preview", args=[staff_import.pk])
    for admin in active_administrators(district.pk):
        notify(recipient=admin, kind=KIND, title=title[:200], body=body, link=link, email=True)
