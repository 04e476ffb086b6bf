import os

import pytest
from django.db import connection

from policyportal import outbox
from policyportal.models import District, Role
from tests import factories

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def need(service: str, available: bool, why: str) -> None:
    """Skip a test whose service is missing, or fail it when CI said every service must be there."""
    if available:
        return
    message = f"{service} is not available: {why}"
    if REQUIRE_SERVICES:
        pytest.fail(f"{message} (REQUIRE_SERVICES=1)")
    pytest.skip(message)


def pytest_configure(config):
    if REQUIRE_SERVICES and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise pytest.UsageError("REQUIRE_SERVICES=1 needs DATABASE_URL pointing at PostgreSQL.")
    if REQUIRE_SERVICES and not os.environ.get("REDIS_URL"):
        raise pytest.UsageError("REQUIRE_SERVICES=1 needs REDIS_URL.")


@pytest.fixture(autouse=True)
def broker_not_paused(monkeypatch):
    """A test that makes a publish fail pauses the outbox's publishing (policyportal.outbox); not the next test's."""
    monkeypatch.setattr(outbox, "_broker_paused_until", 0.0)


@pytest.fixture
def postgres(db):
    need("PostgreSQL", connection.vendor == "postgresql", "set DATABASE_URL to a PostgreSQL database")


@pytest.fixture
def west_hartford(db) -> District:
    return District.objects.get(slug="west-hartford")


@pytest.fixture
def region_14(db) -> District:
    return District.objects.get(slug="region-14")


@pytest.fixture
def admin(west_hartford):
    return factories.user(district=west_hartford, role=Role.DISTRICT_ADMIN, username="admin")


@pytest.fixture
def supervisor(west_hartford, admin):
    return factories.user(district=west_hartford, role=Role.SUPERVISOR, username="supervisor", supervisor=admin)


@pytest.fixture
def employee(west_hartford, supervisor):
    """The requester of the standard three actors."""
    return factories.user(district=west_hartford, username="employee", supervisor=supervisor)


@pytest.fixture
def outsider(region_14):
    """A supervisor of another district: sees nothing of West Hartford."""
    return factories.user(district=region_14, role=Role.SUPERVISOR, username="outsider")


@pytest.fixture
def r14_admin(region_14):
    return factories.user(district=region_14, role=Role.DISTRICT_ADMIN, username="r14admin")


@pytest.fixture
def r14_supervisor(region_14, r14_admin):
    return factories.user(district=region_14, role=Role.SUPERVISOR, username="r14sup", supervisor=r14_admin)


@pytest.fixture
def r14_employee(region_14, r14_supervisor):
    return factories.user(district=region_14, username="r14emp", supervisor=r14_supervisor)
