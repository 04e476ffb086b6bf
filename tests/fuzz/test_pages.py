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
from hypothesis import HealthCheck, example, given, settings
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
CASES = [pytest.param(route, role, id=f"{route}-{role}") for route in routes() for role in ROLES]
TOKENS = {"csrfmiddlewaretoken", "version", "form_token", "snapshot_hash", "digest", "keys"}  # kept as the page gave
UPLOADS = [("screen.png", png()), ("notes.txt", b"plain text"), ("empty.png", b""), ("fake.pdf", b"%PDF-1.4\x00")]


def probe(world, route, role, method: str, payloads, reads=lambda url: True, explicit=lambda url: []) -> None:
    """Send payloads to each of the route's targets as `role`, each in a savepoint rolled back after it."""
    client = Client(raise_request_exception=False)
    sign_in(client, world, role)
    for arguments in path_arguments(world, route.name, route.keys):
        url = reverse(route.name, kwargs=arguments)
        reached = (role, method, url) in world.reached and reads(url)
        send = given(payload=payloads(url))(sender(client, role, method, url))
        for payload in explicit(url) if reached else []:
            send = example(payload=payload)(send)
        settings(FUZZ, max_examples=EXAMPLES if reached else REFUSED_EXAMPLES)(send)()


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
    def read(url):
        return sorted(world.query_names.get(url, set()) | set(world.forms.get(f"get {url}", {})))

    def payloads(url):
        names = read(url) or values.QUERY_NAMES
        return st.dictionaries(st.sampled_from(names), values.value, min_size=1, max_size=3)

    def sharpest(url):
        """Each parameter the page reads, alone, with each value that broke a page before."""
        return [{name: given} for name in read(url) for given in values.SHARPEST]

    probe(world, route, role, "get", payloads, reads=lambda url: bool(read(url)), explicit=sharpest)


@pytest.mark.parametrize(("route", "role"), CASES)
def test_forms(world, route, role):
    def payloads(url):
        fields = world.forms.get(f"post {url}", {})
        strategy = values.form({name: given for name, given in fields.items() if given != [FILE]})
        files = {name: st.sampled_from(UPLOADS) for name, given in fields.items() if given == [FILE]}
        return st.builds(lambda filled, attached: {**filled, **attached}, strategy, st.fixed_dictionaries(files))

    def sharpest(url):
        """The form as the page gave it, with every field a person types into as long as the page allows, then
        holding each value that broke a page before."""
        fields = world.forms.get(f"post {url}", {})
        typed = [name for name, given in fields.items() if len(given) <= 1 and name not in TOKENS and given != [FILE]]
        as_given = {name: given[0] for name, given in fields.items() if given and given != [FILE]}
        if not typed:
            return []
        longest = world.longest.get(f"post {url}", {})
        as_long_as_allowed = {name: "é" * longest.get(name, 1000) for name in typed}
        return [{**as_given, **as_long_as_allowed}] + [
            {**as_given, **dict.fromkeys(typed, value)} for value in values.SHARPEST
        ]

    probe(world, route, role, "post", payloads, explicit=sharpest)
