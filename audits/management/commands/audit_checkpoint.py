from django.core.management.base import BaseCommand

from audits import checkpoints


class Command(BaseCommand):
    help = (
        "Sign each audit chain's head with AUDIT_CHECKPOINT_KEY_FILE and write it to AUDIT_CHECKPOINT_DIR "
        "(hourly on beat). Exits 1, signing nothing for it, if a chain disagrees with itself or an earlier checkpoint."
    )

    def handle(self, *args, **options):
        tampered = False
        for label, checkpoint, problem in checkpoints.sign_heads():
            if problem:
                self.stderr.write(f"TAMPERED: district {label}: {problem}. Not signed.")
                tampered = True
            elif checkpoint is not None:
                self.stdout.write(f"{label}: signed event {checkpoint.sequence}, head {checkpoint.head_hash[:16]}")
        if tampered:
            raise SystemExit(1)
