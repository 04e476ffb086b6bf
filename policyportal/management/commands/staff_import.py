"""manage.py staff_import --district SLUG FILE... [--apply [--confirm-leavers] [--confirm-over-limit]]

Prints the preview of importing the files and changes nothing. With --apply it applies what needs no
confirmation (new people, changes, schools); with --confirm-leavers it also closes the accounts of the people
leaving (handing on their open work). Exit status: 0 done, 1 the files have problems (nothing changed),
2 bad arguments, 3 stopped because too many people would leave (nothing changed; --confirm-over-limit goes on).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from policyportal.directory import formats, services
from policyportal.directory.plan import FIELD_LABELS
from policyportal.models import District, StaffImport, StaffImportFormat, StaffImportSource, StaffImportStatus

PROBLEMS = 1
USAGE = 2
OVER_LIMIT = 3


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


class Command(BaseCommand):
    help = "Preview (and with --apply, apply) staff files from the district's directory."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="CSV or zip files, or a folder of them")
        parser.add_argument("--district", required=True, metavar="SLUG")
        parser.add_argument("--format", default="", choices=["", *StaffImportFormat.values], help="default: detect")
        parser.add_argument(
            "--partial", action="store_true", help="the files are not the whole staff: nobody leaves for being left out"
        )
        parser.add_argument("--apply", action="store_true", help="apply what needs no confirmation")
        parser.add_argument("--confirm-leavers", action="store_true", help="with --apply: close the leavers' accounts")
        parser.add_argument(
            "--confirm-over-limit",
            action="store_true",
            help="with --apply: go on although more than the district's share of accounts would close",
        )
        parser.add_argument("--show", type=int, default=20, metavar="N", help="rows listed per part (default 20)")

    def handle(self, *args, **options):
        district = District.objects.filter(slug=options["district"]).first()
        if district is None:
            raise CommandError(f"No district has the slug {options['district']!r}.", returncode=USAGE)
        if (options["confirm_leavers"] or options["confirm_over_limit"]) and not options["apply"]:
            raise CommandError("--confirm-leavers and --confirm-over-limit go with --apply.", returncode=USAGE)
        uploads = self.read(options["files"])
        settings = {
            "district": district,
            "uploads": uploads,
            "format": options["format"],
            "full": not options["partial"],
        }
        if not options["apply"]:
            found = services.preview(**settings)
            self.report(services.counts_of(found), found.plan, found.problems, options["show"])
            self.refuse_problems(found.problems)
            self.stdout.write("Nothing was changed: run again with --apply to apply it.")
            return
        staff_import = services.staff_import_preview(by=None, source=StaffImportSource.COMMAND, **settings)
        self.report(staff_import.counts, staff_import.plan, staff_import.plan.get("problems", []), options["show"])
        if staff_import.status == StaffImportStatus.REFUSED:
            self.refuse_problems(staff_import.plan["problems"])
        limit = staff_import.plan["limit"]
        if limit["over"] and not options["confirm_over_limit"]:
            raise CommandError(
                f"Stopped: {limit['leaving']} of {limit['active']} open accounts would close, more than the "
                f"district's {limit['percent']}%. Nothing was changed. If they really are leaving, run again with "
                "--confirm-over-limit.",
                returncode=OVER_LIMIT,
            )
        # Let go of the preview's rows and plan: the apply reads the rows and computes the plan again.
        staff_import = StaffImport.objects.only("pk", "district_id").get(pk=staff_import.pk)
        try:
            applied = services.staff_import_apply(
                staff_import=staff_import,
                by=None,
                confirm_leavers=options["confirm_leavers"],
                confirm_over_limit=options["confirm_over_limit"],
            )
        except ValidationError as refusal:  # the district changed since the preview, or the service refused
            raise CommandError(f"{' '.join(refusal.messages)} Nothing was changed.", returncode=PROBLEMS) from None
        done = applied.counts["applied"]
        self.stdout.write(
            f"Applied (import {applied.pk}): {_people(done['created'])} added, {done['updated']} changed, "
            f"{done['schools_created']} schools added, {done['schools_updated']} renamed or linked, "
            f"{done['closed']} accounts closed."
        )
        waiting = done["leavers_waiting"]
        if waiting:
            self.stdout.write(
                f"{_people(waiting)} leaving {'keeps their account' if waiting == 1 else 'keep their accounts'} "
                "until confirmed: run again with "
                "--apply --confirm-leavers, or confirm them on the import's page."
            )

    def read(self, names: list[str]) -> list[formats.Upload]:
        uploads = []
        for name in names:
            path = Path(name)
            paths = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
            for found in paths:
                try:
                    with found.open("rb") as file:
                        uploads.append(formats.Upload(found.name, file.read(formats.MAX_FILE_BYTES + 1)))
                except OSError as error:
                    raise CommandError(f"{found}: {error.strerror}.", returncode=USAGE) from None
        return uploads

    def refuse_problems(self, problems: list[dict]) -> None:
        if problems:
            raise CommandError(f"{len(problems)} problems: nothing was changed.", returncode=PROBLEMS)

    def report(self, counts: dict, planned: dict, problems: list[dict], show: int) -> None:
        write = self.stdout.write
        for problem in problems:
            self.stderr.write(f"Problem: {formats.Problem(**problem)}")
        ignored = ", ".join(f"{why}: {count}" for why, count in sorted(counts.get("ignored", {}).items()))
        write(
            f"Staff in the files: {counts.get('staff', 0)}" + (f" (ignored: {ignored})" if ignored else "") + "\n"
            f"New: {counts.get('new', 0)}  Changed: {counts.get('changed', 0)}  "
            f"Unchanged: {counts.get('unchanged', 0)}  Leaving: {counts.get('leaving', 0)}  "
            f"Closed in the portal: {counts.get('closed', 0)}  Supervisor kept: {counts.get('overridden', 0)}\n"
            f"Schools: {counts.get('schools_new', 0)} new, {counts.get('schools_updated', 0)} renamed or linked"
        )
        if problems or not planned:
            return
        for person in planned["new"][:show]:
            shown = person["shown"]
            write(
                f"  new: {shown['name']} <{person['email']}>, {shown['role']}, {shown['school'] or 'district office'}"
            )
        for person in planned["changed"][:show]:
            changes = "; ".join(f"{FIELD_LABELS[k]}: {old!r} -> {new!r}" for k, (old, new) in person["changes"].items())
            write(f"  changed: {person['name']}: {changes}")
        for person in planned["leaving"][:show]:
            write(f"  leaving: {person['name']} <{person['email']}> ({person['directory_id']})")
        for person in planned["overridden"][:show]:
            write(f"  supervisor kept: {person['name']}: {person['kept']} (the directory says {person['directory']})")
