"""The same work in several database sessions at once, for race tests on PostgreSQL."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection


def at_once(work, copies: int = 2) -> list:
    """Runs `work` in `copies` threads released together, each in its own session. Returns what each call
    returned, or the first message of the ValidationError it raised; any other error is raised here."""
    start, outcomes, errors = threading.Barrier(copies), [], []

    def run():
        try:
            start.wait()
            outcomes.append(work())
        except ValidationError as refusal:
            outcomes.append(refusal.messages[0])
        except Exception as error:  # raised below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return outcomes
