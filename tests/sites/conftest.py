import pytest

from tests import factories


@pytest.fixture
def site(employee, supervisor, admin):
    """An active West Hartford site owned by the employee, supervised by the supervisor."""
    return factories.active_site(requester=employee)
