from django.core.management.base import BaseCommand

from policyportal.models import User
from policyportal.reminders import sweep


class Command(BaseCommand):
    help = "Send every reminder and escalation that is due, once. The same code the beat runs."

    def handle(self, *args, **options):
        sent = sweep()
        names = dict(User.objects.filter(pk__in={due.recipient_id for due in sent}).values_list("pk", "username"))
        for due in sent:
            self.stdout.write(f"{due.kind:<28} to {names[due.recipient_id]:<18} {due.title}")
        self.stdout.write(f"Sent {len(sent)} reminders and escalations.")
