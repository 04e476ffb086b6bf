"""The accessibility statement: readable signed out, linked from every page, naming whom to contact."""

import pytest
from django.urls import reverse

from policyportal.models import Role
from tests import factories

STATEMENT = reverse("accessibility")


@pytest.fixture
def contacts(admin, r14_admin):
    admin.title = "Director of Communications"
    admin.save(update_fields=["title"])
    gone = factories.user(district=admin.district, role=Role.DISTRICT_ADMIN, username="gone")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    return admin, r14_admin, gone


def test_signed_out_it_says_what_is_tested_and_names_every_districts_administrators(client, contacts):
    admin, r14_admin, gone = contacts
    response = client.get(STATEMENT)
    assert response.status_code == 200
    page = response.content.decode()
    for words in ["WCAG 2.1", "axe-core", "1280", "375", "320", "keyboard", "What we know falls short"]:
        assert words in page
    assert f'href="mailto:{admin.email}"' in page and "Director of Communications" in page
    assert f'href="mailto:{r14_admin.email}"' in page
    assert gone.email not in page  # a closed account answers nobody


def test_a_member_is_pointed_to_their_own_districts_administrators_only(client, contacts, employee):
    admin, r14_admin, _ = contacts
    client.force_login(employee)
    page = client.get(STATEMENT).content.decode()
    assert admin.email in page
    assert r14_admin.email not in page and r14_admin.district.name not in page


def test_a_district_without_an_open_administrator_says_whom_to_ask_instead(client, west_hartford):
    page = client.get(STATEMENT).content.decode()
    assert "has no administrator in the portal yet" in page


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_page_links_the_statement_from_its_footer(client, employee, signed_in):
    if signed_in:
        client.force_login(employee)
    page = client.get(reverse("home" if signed_in else "login")).content.decode()
    footer = page.split("<footer", 1)[1]
    assert f'href="{STATEMENT}"' in footer
