import contextlib
from unittest import mock

import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import Client, override_settings
from django.urls import reverse

from tests.fuzz import world as worlds
from tests.fuzz.pages import forms_of
from tests.fuzz.routes import routes


def sign_in(client: Client, world: worlds.World, role: str) -> None:
    person = world.signed_in(role)
    if person is not None:
        client.force_login(person)


@contextlib.contextmanager
def names_read(into: set[str]):
    """Which query parameters the view asks for, whether or not the URL carries them."""

    def recording(method):
        def read(self, key, *args, **kwargs):
            into.add(key)
            return method(self, key, *args, **kwargs)

        return read

    with contextlib.ExitStack() as patches:
        for name in ("get", "getlist", "__getitem__", "__contains__"):
            patches.enter_context(mock.patch.object(QueryDict, name, recording(getattr(QueryDict, name))))
        yield


def crawl(world: worlds.World) -> None:
    """Every form of every page as every role saw it, by the path it sends to: the fields (and the values the
    page gave them) each role is then fuzzed with, whether or not the page showed that role the form. And what
    each role reached: the pages it was shown and the forms it was offered."""
    found = world.forms
    for role in worlds.ROLES:
        client = Client(raise_request_exception=False)
        sign_in(client, world, role)
        for route in routes():
            for arguments in worlds.path_arguments(world, route.name, route.keys):
                url = reverse(route.name, kwargs=arguments)
                read: set[str] = set()
                with transaction.atomic(), names_read(read):
                    response = client.get(url)
                    transaction.set_rollback(True)
                world.query_names.setdefault(url, set()).update(read)
                if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                    continue
                world.reached.add((role, "get", url))
                for form in forms_of(url, response.content.decode()):
                    world.reached.add((role, form.method, form.action))
                    world.longest.setdefault(f"{form.method} {form.action}", {}).update(form.longest)
                    fields = found.setdefault(f"{form.method} {form.action}", {})
                    for name, values in form.fields.items():
                        fields[name] = sorted(set(fields.get(name, [])) | set(values))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the module, and rolled back after it; each example runs in a savepoint of its own."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        transaction.atomic(),
    ):
        built = worlds.build()
        crawl(built)
        yield built
        transaction.set_rollback(True)
