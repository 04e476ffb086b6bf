from contextlib import contextmanager

from django.db import connection

from audits import triggers


@contextmanager
def triggers_lifted():
    """Plays the attacker with database-owner rights, who can drop the triggers: the chain must still tell."""
    triggers.remove(connection)
    try:
        yield
    finally:
        triggers.install(connection)


def sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
