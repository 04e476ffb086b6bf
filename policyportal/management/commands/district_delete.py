"""`manage.py district_delete SLUG`: at the end of a contract, every row and stored file of one district, its people
and its audit chain included, in one transaction; then a deletion certificate. Asks for the slug again (or takes
`--confirm SLUG` in scripts) and refuses while a legal hold stands.

The audit table's triggers refuse DELETE, and only the table's owner may lift them: the command connects as
MIGRATION_DATABASE_URL's role when it is set (as `migrate` does) and disables the trigger inside its transaction
only, enabling it again before the commit, so no other change can slip through meanwhile."""

import getpass
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, ProgrammingError, connections, transaction
from django.db.models import Q
from django.utils import timezone

from audits import triggers
from policyportal.models import District, PasswordResetRequest, User
from policyportal.records import district_scope
from policyportal.records.rules import standing_holds

_CREDENTIALS = ("USER", "PASSWORD", "HOST", "PORT")
AUXILIARY_USERNAME_TABLES = ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog")


class Command(BaseCommand):
    help = (
        "Delete one district completely: its rows in every table, its people, its stored files and its audit chain. "
        "Refuses while a legal hold stands. Prints a deletion certificate."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The district's slug, e.g. west-hartford.")
        parser.add_argument("--confirm", metavar="SLUG", help="The slug again, for scripts (instead of the prompt).")

    def handle(self, *args, slug: str, confirm: str | None = None, **options):
        district = District.objects.filter(slug=slug).first()
        if district is None:
            raise CommandError(f"No district with the slug {slug!r}: nothing was deleted.")
        if confirm is None:
            confirm = self._ask(district)
        if confirm != district.slug:
            raise CommandError(f"The slug typed ({confirm!r}) is not {district.slug!r}: nothing was deleted.")
        self._refuse_if_blocked(district)
        with self._as_owner() as connection, transaction.atomic(using=connection.alias):
            District.objects.select_for_update().get(pk=district.pk)  # no hold is placed meanwhile (hold_place)
            self._refuse_if_blocked(district)  # a hold placed before the lock was taken
            certificate = self._delete(district, connection)
        self.stdout.write(self._certificate(certificate))

    def _ask(self, district: District) -> str:
        self.stdout.write(
            f"This deletes {district.name} completely: every record, person, file and its audit trail. "
            "It cannot be undone; export it first (district_export)."
        )
        try:
            return input(f"Type the district's slug ({district.slug}) to confirm: ").strip()
        except EOFError:
            return ""

    def _refuse_if_blocked(self, district: District) -> None:
        holds = standing_holds(district.pk).count()
        if holds:
            raise CommandError(
                f"{district.name} has {holds} standing legal hold{'s' if holds != 1 else ''}: nothing was deleted. "
                "A records officer lifts each hold once its case allows."
            )
        outside = district_scope.outside_references(district.pk)
        if outside:
            listed = "; ".join(f"{rows} in {label}.{field}" for label, field, rows in outside)
            raise CommandError(f"Rows outside {district.name} point at its rows ({listed}): nothing was deleted.")

    @contextmanager
    def _as_owner(self):
        """The default connection, as the tables' owner when MIGRATION_DATABASE is set."""
        connection = connections[DEFAULT_DB_ALIAS]
        owner = settings.MIGRATION_DATABASE
        if owner is None:
            yield connection
            return
        runtime = connection.settings_dict
        connection.close()
        connection.settings_dict = {**runtime, **{key: owner[key] for key in _CREDENTIALS}}
        try:
            yield connection
        finally:
            connection.close()
            connection.settings_dict = runtime

    def _delete(self, district: District, connection) -> dict:
        tables = district_scope.tables()
        head = district_scope.chain_head(district.pk)
        files = district_scope.stored_files(district.pk)
        people = list(User.objects.filter(district=district).values_list("pk", "username", "email"))
        counts = {}
        with _audit_deletes_allowed(connection):
            for table in sorted(tables, key=lambda table: -table.depth):  # a table's path runs through shallower ones
                counts[table.label] = _delete_rows(table, district.pk, connection)
        counts.update(_delete_traces_of(people))
        transaction.on_commit(lambda: _remove_files(files), using=connection.alias)
        return {
            "district": district,
            "when": timezone.now(),
            "by": getpass.getuser(),
            "counts": counts,
            "files": [name for _, name in files],
            "head": head,
        }

    def _certificate(self, done: dict) -> str:
        district, head = done["district"], done["head"]
        lines = [
            "DELETION CERTIFICATE",
            f"District: {district.name} (slug {district.slug}, id {district.pk})",
            f"Deleted at: {done['when'].isoformat()}",
            f"Run by (operating-system user): {done['by']}",
            "Audit chain removed: "
            + (f"last sequence {head['sequence']}, hash {head['hash']}" if head else "none (no events)"),
            "Rows deleted per table:",
            *(f"  {label}: {count}" for label, count in sorted(done["counts"].items()) if count),
            f"  total: {sum(done['counts'].values())}",
            f"Stored files removed: {len(done['files'])}",
            *(f"  {name}" for name in done["files"]),
        ]
        return "\n".join(lines)


@contextmanager
def _audit_deletes_allowed(connection):
    """Lift the audit table's append-only trigger inside the current transaction only. PostgreSQL alters no table
    with foreign-key checks still pending, so they run before each ALTER: the rows are deleted in any order in
    between, and every foreign key is checked again before the trigger is back."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            try:
                cursor.execute(f"ALTER TABLE {triggers.TABLE} DISABLE TRIGGER audits_no_update_delete")
            except ProgrammingError as refusal:  # not the owner: the runtime role may not (audits.database_roles)
                raise CommandError(
                    f"{connection.settings_dict['USER']} may not lift the audit trail's triggers: set "
                    "MIGRATION_DATABASE_URL to the tables' owner, as for migrate. Nothing was deleted."
                ) from refusal
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        yield
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"ALTER TABLE {triggers.TABLE} ENABLE TRIGGER audits_no_update_delete")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        triggers.remove(connection)
        yield
        triggers.install(connection)


def _delete_rows(table: district_scope.Table, district_id: int, connection) -> int:
    """Raw DELETE of the district's rows (no signals, no ORM cascades; foreign keys are checked at commit)."""
    select, params = table.rows(district_id).order_by().values("pk").query.get_compiler(connection.alias).as_sql()
    quote = connection.ops.quote_name
    pk = quote(table.model._meta.pk.column)
    # Names quoted from the models' own metadata, values passed as parameters.
    statement = f"DELETE FROM {quote(table.name)} WHERE {pk} IN ({select})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.rowcount


def _delete_traces_of(people: list[tuple[int, str, str]]) -> dict[str, int]:
    """What the sign-in machinery keeps of the district's people by name rather than by key: django-axes' attempts
    and logs, password-reset requests (for their addresses, whatever the case they were typed in) and sessions
    (expired ones too: a session keeps what was put in it, a roster preview's names, until it is cleared). The
    sessions are read whole to decode them; the table is small once clearsessions runs."""
    ids = {str(pk) for pk, _, _ in people}
    usernames = [username for _, username, _ in people]
    counts = {}
    for label in AUXILIARY_USERNAME_TABLES:
        if apps.is_installed(label.split(".")[0]):
            model = apps.get_model(label)
            counts[label] = model.objects.filter(username__in=usernames)._raw_delete(model.objects.db)
    their_addresses = Q(pk__in=[])
    for email in {email for _, _, email in people if email}:
        their_addresses |= Q(email__iexact=email)
    counts["policyportal.PasswordResetRequest"] = PasswordResetRequest.objects.filter(their_addresses).delete()[0]
    theirs = [session.pk for session in Session.objects.iterator() if session.get_decoded().get("_auth_user_id") in ids]
    counts["sessions.Session"] = Session.objects.filter(pk__in=theirs).delete()[0]
    return counts


def _remove_files(files) -> None:
    for storage, name in files:
        storage.delete(name)
