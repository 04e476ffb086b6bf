import pytest

from policyportal.models import Role
from tests import factories


def _named_officer(person):
    person.is_records_officer = True
    person.save(update_fields=["is_records_officer"])
    return person


@pytest.fixture
def officer(west_hartford, admin):
    """West Hartford's records officer: an employee an administrator named."""
    return _named_officer(factories.user(district=west_hartford, username="officer", supervisor=admin))


@pytest.fixture
def r14_officer(region_14):
    """Region 14's records officer: sees nothing of West Hartford's records."""
    return _named_officer(factories.user(district=region_14, role=Role.DISTRICT_ADMIN, username="r14officer"))
