from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from tests import factories

START = datetime(2026, 9, 1, 14, 0, tzinfo=UTC)


@pytest.fixture
def clock():
    """The clock, stopped at START; `clock.shift(days=...)` moves it."""
    with time_machine.travel(START, tick=False) as traveller:

        class Clock:
            def shift(self, **delta):
                traveller.shift(timedelta(**delta))

        yield Clock()


@pytest.fixture
def site(clock, employee, supervisor, admin):
    """An active West Hartford site, activated at START (weekly monitoring, 2 days' grace)."""
    return factories.active_site(requester=employee)
