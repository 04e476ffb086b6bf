import sys
from contextlib import nullcontext

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.module_loading import autodiscover_modules

from audits.models import AuditEvent
from policyportal import demo_clock, outbox, services
from policyportal.demo import DEMO, DEMO_OPERATOR, DEMO_PASSWORD, history_steps
from policyportal.models import District, School, User

HISTORY_DAYS = 42


class Command(BaseCommand):
    help = "Create both demo districts' schools, people, requests and sites through the portal's services. Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--migrate",
            action="store_true",
            help="Migrate first, on the demo's clock: a new database's installation events then come before the "
            "demo's history, so the audit trail's order and its times agree.",
        )

    def handle(self, *args, **options):
        if options["migrate"]:
            self._migrate(options["verbosity"])
        created = self._seed()
        outbox.deliver_due()  # the demo's emails now, before its summary, rather than among the worker's start-up
        self.stdout.write(f"Demo data: {created} new records (0 means it was already seeded).")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {DEMO_OPERATOR[0]:<18} {DEMO_OPERATOR[1]} {DEMO_OPERATOR[2]}, installation operator")
        for demo in DEMO.values():
            for username, first, last, title, role, *_ in demo["people"]:
                self.stdout.write(f"  {username:<18} {first} {last}, {title} ({role.label})")

    def _migrate(self, verbosity: int) -> None:
        """A new database is installed on the demo's clock, before its history; an existing one migrates now, after
        everything its trail holds. Migrations report on stderr: stdout is the demo's summary."""
        new_database = AuditEvent._meta.db_table not in connection.introspection.table_names()
        with demo_clock.replayed(HISTORY_DAYS + 1) if new_database else nullcontext():
            call_command("migrate", interactive=False, verbosity=verbosity, stdout=sys.stderr)

    @transaction.atomic
    def _seed(self) -> int:
        with demo_clock.replayed(HISTORY_DAYS) as move_to:
            created = self._people()
            autodiscover_modules("demo")  # each app's demo module registers its history (requests, then sites)
            return created + demo_clock.run(history_steps(), move_to)

    def _operator(self) -> int:
        username, first, last, email = DEMO_OPERATOR
        if User.objects.filter(username=username).exists():
            return 0
        User.objects.create_superuser(
            username=username, email=email, password=DEMO_PASSWORD, first_name=first, last_name=last
        )
        return 1

    def _people(self) -> int:
        created = self._operator()
        for slug, demo in DEMO.items():
            district = District.objects.filter(slug=slug).first()
            if district is None:
                raise CommandError(f"District {slug!r} is missing: run `manage.py migrate` first.")
            schools = {school.name: school for school in School.objects.filter(district=district)}
            for name in demo["schools"]:
                if name not in schools:
                    schools[name] = services.school_create(district=district, name=name)
                    created += 1
            for username, first, last, title, role, school, supervisor in demo["people"]:
                if User.objects.filter(username=username).exists():
                    continue
                services.user_create(
                    district=district,
                    username=username,
                    email=f"{first}.{last}@{demo['email_domain']}".lower().replace("'", ""),
                    first_name=first,
                    last_name=last,
                    title=title,
                    role=role,
                    school=schools[school] if school else None,
                    supervisor=User.objects.get(username=supervisor) if supervisor else None,
                    password=DEMO_PASSWORD,
                )
                created += 1
        return created
