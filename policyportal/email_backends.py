"""`make run`'s email backend: one line per email (recipient, subject, link) instead of the whole MIME message,
so the portal's address and the demo logins stay on the screen."""

import re
import sys

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend

_LINK = re.compile(r"https?://\S+")


def email_line(message) -> str:
    """`message` in one line: to whom, its subject and the first portal link its text holds."""
    links = [link for link in _LINK.findall(message.body) if link.startswith(settings.PORTAL_BASE_URL)]
    line = f"Email to {', '.join(message.recipients())}: {message.subject}"
    return f"{line} ({links[0]})" if links else line


class OneLineConsoleBackend(ConsoleBackend):
    def __init__(self, *args, **kwargs):
        # The process's own stdout: a Celery worker redirects sys.stdout into its log as warnings.
        kwargs.setdefault("stream", sys.__stdout__)
        super().__init__(*args, **kwargs)

    def write_message(self, message) -> None:
        self.stream.write(email_line(message) + "\n")
