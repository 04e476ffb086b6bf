import pytest

from policyportal.models import Role
from tests import factories


@pytest.fixture
def r14_admin(region_14):
    return factories.user(district=region_14, role=Role.DISTRICT_ADMIN, username="r14admin")


@pytest.fixture
def r14_supervisor(region_14, r14_admin):
    return factories.user(district=region_14, role=Role.SUPERVISOR, username="r14sup", supervisor=r14_admin)


@pytest.fixture
def r14_employee(region_14, r14_supervisor):
    return factories.user(district=region_14, username="r14emp", supervisor=r14_supervisor)
