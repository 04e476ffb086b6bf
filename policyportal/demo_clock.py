"""The demo's history is replayed on a clock that starts weeks ago, so that a fresh demo has work due and
overdue. Only `seed_demo` uses this (and migrates a new database on it, so the installation comes first): everything
else reads the real time through `timezone.now()`."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

from django.utils import timezone

# A step of the demo's history: (days before today, what happens then). Steps run oldest first.
Step = tuple[int, Callable[[], int]]


@contextmanager
def replayed(days_ago: int) -> Iterator[Callable[[int], None]]:
    """Within this block `timezone.now()` starts `days_ago` days back; call the yielded function to move
    the clock to another number of days ago (never backwards)."""
    real_now = timezone.now()
    current: list[datetime] = [real_now - timedelta(days=days_ago)]

    def move_to(days: int) -> None:
        current[0] = max(current[0], real_now - timedelta(days=days))

    with mock.patch("django.utils.timezone.now", lambda: current[0]):
        yield move_to


def run(steps: list[Step], move_to: Callable[[int], None]) -> int:
    done = 0
    for days_ago, step in sorted(steps, key=lambda item: -item[0]):
        move_to(days_ago)
        done += step()
    return done
