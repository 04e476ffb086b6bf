"""In Chromium: an imported employee signs in through the district's own provider (a real oidc-provider on
loopback) and lands on their home page; so does a just-in-time account where the district allows it."""

import pytest
from django.core.cache import cache

from policyportal.models import IdentityProvider, User
from tests import factories
from tests.browser.conftest import accessibility_violations
from tests.oidc_support import CLIENT_ID, CLIENT_SECRET, PROVIDER_PASSWORD, running_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def provider(tmp_path_factory, live_server):
    callback = f"{live_server.url}/accounts/oidc/callback/"
    with running_provider(
        tmp_path_factory.mktemp("oidc"), [callback], [f"{live_server.url}/accounts/login/"]
    ) as running:
        yield running


@pytest.fixture
def idp(provider, west_hartford, admin):
    cache.clear()
    return IdentityProvider.objects.create(
        district=west_hartford,
        enabled=True,
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        email_domains="wh.example",
        passwords_enabled=False,
        break_glass_admin=admin,
    )


def through_the_provider(page, idp, email):
    page.goto("/accounts/login/")
    assert accessibility_violations(page) == []
    page.get_by_label("Work email").fill(email)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{idp.issuer}/interaction/**")
    assert accessibility_violations(page) == []
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: url.rstrip("/").count("/") == 2 and not url.startswith(idp.issuer))


def test_an_imported_employee_signs_in_through_the_districts_provider(page, idp, west_hartford, supervisor):
    ann = factories.user(district=west_hartford, username="ann", email="ann@wh.example", supervisor=supervisor)
    User.objects.filter(pk=ann.pk).update(directory_id="wh-dir-ann", first_name="Ann", last_name="Lee")
    through_the_provider(page, idp, "ann@wh.example")
    assert page.get_by_role("navigation", name="Main").get_by_text("Ann Lee").count() >= 1
    assert accessibility_violations(page) == []


def test_a_just_in_time_account_signs_in_where_the_district_allows_it(page, idp):
    IdentityProvider.objects.filter(pk=idp.pk).update(jit_accounts=True)
    through_the_provider(page, idp, "bob@wh.example")
    bob = User.objects.get(email="bob@wh.example")
    assert (bob.role, bob.directory_id) == ("employee", ""), "an employee; the directory id is the import's to set"
    assert accessibility_violations(page) == []
