import pytest
from django.utils import timezone

from sites.personal.models import DirectoryObjection
from tests import factories


@pytest.fixture
def nonnewaug(region_14):
    return factories.school(district=region_14, name="Nonnewaug High School")


@pytest.fixture
def objected(region_14, nonnewaug):
    """Two students whose parents objected, at Nonnewaug."""
    now = timezone.now()
    return [
        DirectoryObjection.objects.create(
            district=region_14,
            school=nonnewaug,
            student_id="1001",
            first_name="Zoë",
            last_name="O'Brien",
            preferred_name="Zee",
            grade="10",
            imported_at=now,
        ),
        DirectoryObjection.objects.create(
            district=region_14,
            school=nonnewaug,
            student_id="1002",
            first_name="Ann",
            last_name="Lee",
            grade="11",
            imported_at=now,
        ),
    ]
