"""The two PostgreSQL roles. Only a table's owner (or a member of its role) may disable or drop its triggers, and
only a superuser may skip them with `session_replication_role`; so the portal runs as a role that owns nothing and
may only SELECT and INSERT on the audit trail, and migrations run as the owner (README, "Deploying")."""

from audits.triggers import TABLE

# What the runtime role needs on every other table and sequence of the schema.
_GRANTS = [
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    f"REVOKE ALL ON {TABLE} FROM {{role}}, PUBLIC",
    f"GRANT SELECT, INSERT ON {TABLE} TO {{role}}",
]

_ROLE_RIGHTS = """
    SELECT current_user, r.rolsuper, pg_has_role(current_user, c.relowner, 'MEMBER'),
           has_table_privilege(c.oid, 'UPDATE'), has_table_privilege(c.oid, 'DELETE'),
           has_table_privilege(c.oid, 'TRUNCATE'), has_table_privilege(c.oid, 'TRIGGER')
    FROM pg_class c JOIN pg_roles r ON r.rolname = current_user
    WHERE c.oid = to_regclass(%s)
"""


def grant_runtime_role(connection, role: str) -> None:
    """Run as the tables' owner after every migration: new tables need their grants too."""
    quoted = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        for statement in _GRANTS:
            cursor.execute(statement.format(role=quoted))


def runtime_role_problems(connection) -> tuple[str, list[str]]:
    """The connection's role and what it may do that would let it switch off or get round the triggers."""
    if connection.vendor != "postgresql":
        return "", []
    with connection.cursor() as cursor:
        cursor.execute(_ROLE_RIGHTS, [TABLE])
        row = cursor.fetchone()
    if row is None:  # not migrated yet
        return "", []
    role, superuser, owner, *privileges = row
    problems = ["is a superuser"] if superuser else []
    if owner:
        problems.append(f"owns {TABLE} (or may act as its owner)")
    rights = zip(("UPDATE", "DELETE", "TRUNCATE", "TRIGGER"), privileges, strict=True)
    problems += [f"may {right} it" for right, held in rights if held]
    return role, problems
