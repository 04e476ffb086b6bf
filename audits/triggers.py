"""Database triggers that make the audit table append-only, below the ORM: raw SQL is refused too."""

TABLE = "audits_auditevent"

_POSTGRESQL_INSTALL = [
    """
    CREATE OR REPLACE FUNCTION audits_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION 'audit events are append-only: % refused on %', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
    END
    $$ LANGUAGE plpgsql
    """,
    f"CREATE TRIGGER audits_no_update_delete BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION audits_refuse_change()",
    f"CREATE TRIGGER audits_no_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION audits_refuse_change()",
]
_POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS audits_no_update_delete ON {TABLE}",
    f"DROP TRIGGER IF EXISTS audits_no_truncate ON {TABLE}",
    "DROP FUNCTION IF EXISTS audits_refuse_change()",
]
# SQLite has no TRUNCATE; DELETE without WHERE is the same statement there and is refused below.
_SQLITE_INSTALL = [
    f"CREATE TRIGGER audits_no_update BEFORE UPDATE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE refused'); END",
    f"CREATE TRIGGER audits_no_delete BEFORE DELETE ON {TABLE} "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE refused'); END",
]
_SQLITE_REMOVE = ["DROP TRIGGER IF EXISTS audits_no_update", "DROP TRIGGER IF EXISTS audits_no_delete"]

_STATEMENTS = {
    "postgresql": (_POSTGRESQL_INSTALL, _POSTGRESQL_REMOVE),
    "sqlite": (_SQLITE_INSTALL, _SQLITE_REMOVE),
}


def _run(connection, statements) -> None:
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install(connection) -> None:
    if connection.vendor not in _STATEMENTS:
        raise NotImplementedError(f"No append-only triggers for the {connection.vendor} database.")
    _run(connection, _STATEMENTS[connection.vendor][0])


def remove(connection) -> None:
    _run(connection, _STATEMENTS[connection.vendor][1])
