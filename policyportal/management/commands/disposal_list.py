from django.core.management.base import BaseCommand

from policyportal.models import District
from policyportal.records import disposal


class Command(BaseCommand):
    help = (
        "List for each district's records officer the records whose retention period has ended and that no legal "
        "hold covers, once (the same code the nightly beat runs); approved lists left unfinished are finished first."
    )

    def handle(self, *args, **options):
        for batch_id in disposal.disposal_resume_approved():
            self.stdout.write(f"Finished the approved disposal list {batch_id}.")
        gained = disposal.disposal_list_sweep()
        names = dict(District.objects.filter(pk__in=gained).values_list("pk", "name"))
        for district_id, count in gained.items():
            self.stdout.write(f"{names[district_id]}: {count} record{'s' if count != 1 else ''} listed for disposal.")
        self.stdout.write(f"Listed {sum(gained.values())} records in {len(gained)} districts.")
