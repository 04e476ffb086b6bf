from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audits import checkpoints
from audits.models import AuditEvent
from audits.verification import verify_chain

# Every district has a chain, even one whose events are all gone: the districts are the model the events'
# foreign key names, so the trail reads them without importing the core app that builds on it.
District = AuditEvent._meta.get_field("district").related_model


class Command(BaseCommand):
    help = "Verify the audit hash chains. Exits 1 naming the first bad event if any chain was tampered with."

    def add_arguments(self, parser):
        parser.add_argument("--district", metavar="SLUG", help="Verify only this district's chain.")
        parser.add_argument(
            "--checkpoints",
            metavar="DIR",
            type=Path,
            dest="checkpoint_dir",
            help="Also hold each chain to its signed checkpoints in DIR, with AUDIT_CHECKPOINT_KEY_FILE's public key.",
        )

    def handle(self, *args, district: str | None = None, checkpoint_dir: Path | None = None, **options):
        if checkpoint_dir is not None and not checkpoint_dir.is_dir():
            raise CommandError(f"No checkpoint folder {checkpoint_dir}.")
        signed = checkpoints.read_all(checkpoint_dir) if checkpoint_dir is not None else None
        key = checkpoints.public_key() if signed is not None else None
        names = dict(District.objects.values_list("id", "slug"))
        if district is not None:
            ids = [pk for pk, slug in names.items() if slug == district]
            if not ids:
                raise CommandError(f"No district with the slug {district!r}.")
        else:
            ids = sorted(names)
            if AuditEvent.objects.filter(district__isnull=True).exists():
                ids.append(None)
        total = 0
        for district_id in ids:
            report = verify_chain(district_id)
            label = names.get(district_id, checkpoints.INSTALLATION)
            if not report.intact:
                self.stderr.write(f"TAMPERED: district {label}, sequence {report.broken_at}: {report.problem}.")
                raise SystemExit(1)
            if signed is not None and (
                problem := checkpoints.contradiction(district_id, signed.get(district_id, []), key)
            ):
                self.stderr.write(f"TAMPERED: district {label}: {problem}.")
                raise SystemExit(1)
            self.stdout.write(f"{label}: {report.events} events intact, head {report.head_hash[:16]}")
            total += report.events
        self.stdout.write(self.style.SUCCESS(f"Verified {total} audit events in {len(ids)} chains: intact."))
