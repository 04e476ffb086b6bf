"""What the fuzz test reads from a page: its forms' fields, whether it refused, and what the database holds."""

from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from django.apps import apps
from django.contrib import messages
from django.db import connection
from django.http import HttpResponse

FILE = "<file>"  # the value list of a file input: the test posts files of its own


@dataclass
class Form:
    method: str
    action: str  # the path it posts to
    fields: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    longest: dict[str, int] = field(default_factory=dict)  # a field's maxlength, where the page says it


class _Forms(HTMLParser):
    def __init__(self, url: str):
        super().__init__()
        self.url = url
        self.forms: list[Form] = []
        self.textarea: str | None = None
        self.select = ""

    def handle_starttag(self, tag, attrs):
        found = {key: value or "" for key, value in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.url, found.get("action") or self.url)).path
            self.forms.append(Form(found.get("method", "get").lower(), action))
            return
        name = found.get("name")
        if not self.forms or tag not in ("input", "select", "textarea", "option", "button"):
            return
        fields = self.forms[-1].fields
        if name and found.get("maxlength", "").isascii() and found.get("maxlength", "").isdigit():
            self.forms[-1].longest[name] = int(found["maxlength"])
        if tag == "select":
            self.select = found.get("name", "")
            fields[self.select]
        elif tag == "option" and self.select:
            fields[self.select].append(found.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            fields[name]
        elif name and found.get("type") == "file":
            fields[name] = [FILE]
        elif name and found.get("type") in ("checkbox", "radio"):
            fields[name].append(found.get("value", "on"))
        elif name:
            fields[name].extend([found["value"]] if "value" in found else [])

    def handle_data(self, data):
        if self.textarea is not None and data.strip():
            self.forms[-1].fields[self.textarea].append(data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = ""


def forms_of(url: str, html: str) -> list[Form]:
    parser = _Forms(url)
    parser.feed(html)
    return parser.forms


LOGIN_PATH = "/accounts/login/"
ERROR_MARKS = (b"is-invalid", b"invalid-feedback", b"alert-danger", b"errorlist")


def refused(response: HttpResponse) -> bool:
    """Turned away (a 4xx, or to the sign-in page), or sent back to the form with an error."""
    if response.status_code >= 400:
        return True
    if response.status_code in (301, 302, 303) and response["Location"].startswith(LOGIN_PATH):
        return not response.wsgi_request.path.startswith("/accounts/logout/")  # signing out is no refusal
    said = getattr(response.wsgi_request, "_messages", None)
    if any(message.level == messages.ERROR for message in getattr(said, "_queued_messages", [])):
        return True
    shown = response.status_code == 200 and not response.streaming
    return shown and any(mark in response.content for mark in ERROR_MARKS)


MAIN_PACKAGES = {"policyportal", "requests", "sites", "audits"}
# Refused sign-ins are meant to be counted: the tally is how they reach the audit trail, summarised.
RECORDS_REFUSALS = {"policyportal_signinfailuretally"}


def counts() -> dict[str, int]:
    """Rows of every table of the portal's own apps, the audit trail's among them, in one query."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.partition(".")[0] in MAIN_PACKAGES and model._meta.db_table not in RECORDS_REFUSALS
    )
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))
