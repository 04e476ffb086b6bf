"""Issue 16: every page, as every role, given random and boundary values in its query string and in every field of
every form that sends to it. It never answers 500, and a refusal (a 4xx, the sign-in page, an error shown or
flashed) changes no row of the portal's tables and writes no audit event.

A finding prints the method, URL, role and the smallest payload Hypothesis found. `pytest tests/fuzz` runs it alone.
"""

import copy

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import values
from tests.fuzz.conftest import sign_in
from tests.fuzz.pages import FILE, counts, refused
from tests.fuzz.routes import routes
from tests.fuzz.world import ROLES, path_arguments, png

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = 15  # for each page a role reaches; one that turns the role away gets REFUSED_EXAMPLES
REFUSED_EXAMPLES = 3
FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# The pages that read their query string (grep request.GET), beyond those with a filter form.
READS_QUERY = {
    "login", "oidc_callback", "inbox", "people", "staff_import:preview", "requests:mine", "requests:waiting",
    "requests:district", "acknowledgment_report", "sites:roster", "sites:consultations", "sites:violations",
    "sites:report_violation", "sites:registry", "reports:dashboard", "reports:report", "audits:events",
}  # fmt: skip
CASES = [pytest.param(route, role, id=f"{route}-{role}") for route in routes() for role in ROLES]
UPLOADS = [("screen.png", png()), ("notes.txt", b"plain text"), ("empty.png", b""), ("fake.pdf", b"%PDF-1.4\x00")]


def probe(world, route, role, method: str, payloads, reads=lambda url: True) -> None:
    """Send payloads to each of the route's targets as `role`, each in a savepoint rolled back after it."""
    client = Client(raise_request_exception=False)
    sign_in(client, world, role)
    for arguments in path_arguments(world, route.name, route.keys):
        url = reverse(route.name, kwargs=arguments)
        reached = (role, method, url) in world.reached and reads(url)
        fuzz = settings(FUZZ, max_examples=EXAMPLES if reached else REFUSED_EXAMPLES)
        fuzz(given(payload=payloads(url))(sender(client, role, method, url)))()


def sender(client: Client, role: str, method: str, url: str):
    signed_in = copy.deepcopy(client.cookies)
    before = counts()

    def send(payload: dict) -> None:
        client.cookies = copy.deepcopy(signed_in)  # a sign-out among the examples ends only its own session
        with transaction.atomic():
            response = getattr(client, method)(url, uploads(payload))
            status = response.status_code
            assert status < 500, f"{method.upper()} {url} as {role} with {payload!r}: {status}"
            if refused(response):
                assert counts() == before, f"{method.upper()} {url} as {role} refused {payload!r} yet changed"
            transaction.set_rollback(True)

    return send


def uploads(payload: dict) -> dict:
    """File fields drawn as (name, content) become files: a fresh one for each sending."""
    return {name: SimpleUploadedFile(*given) if isinstance(given, tuple) else given for name, given in payload.items()}


@pytest.mark.parametrize(("route", "role"), CASES)
def test_query_parameters(world, route, role):
    def payloads(url):
        read = set(values.QUERY_NAMES) | set(world.forms.get(f"get {url}", {}))
        return st.dictionaries(st.sampled_from(sorted(read)), values.value, max_size=4)

    def reads(url):
        return route.name in READS_QUERY or f"get {url}" in world.forms

    probe(world, route, role, "get", payloads, reads)


@pytest.mark.parametrize(("route", "role"), CASES)
def test_forms(world, route, role):
    def payloads(url):
        fields = world.forms.get(f"post {url}", {})
        strategy = values.form({name: given for name, given in fields.items() if given != [FILE]})
        files = {name: st.sampled_from(UPLOADS) for name, given in fields.items() if given == [FILE]}
        return st.builds(lambda filled, attached: {**filled, **attached}, strategy, st.fixed_dictionaries(files))

    probe(world, route, role, "post", payloads)
