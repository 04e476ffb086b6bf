"""Every email the portal sends carries an absolute link that opens, for its recipient, the page it is about:
the demo's weeks of work swept for reminders a fortnight on, mailed, and each link followed."""

import io
import re
from datetime import timedelta

import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from policyportal import tasks
from policyportal.models import User
from policyportal.reminders import sweep


def test_every_email_links_to_a_page_its_recipient_opens(client, db):
    call_command("seed_demo", stdout=io.StringIO())
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + timedelta(days=14)):
        sweep()
        tasks.deliver_pending_emails()
    kinds = set()
    link = re.compile(rf"{re.escape(settings.PORTAL_BASE_URL)}(/\S*)")
    for message in mail.outbox:
        paths = set(link.findall(message.body))
        assert paths, f"no link to the portal in {message.subject!r}"
        html = message.alternatives[0][0]
        assert all(f'href="{settings.PORTAL_BASE_URL}{path}"' in html for path in paths), message.subject
        client.force_login(User.objects.get(email=message.to[0], is_active=True))
        for path in paths:
            assert client.get(path).status_code == 200, f"{message.to[0]} cannot open {path} ({message.subject!r})"
        kinds.add(message.subject)
    assert len(kinds) >= 5, "the sweep mails checks, reviews, findings, decisions and acknowledgments"
