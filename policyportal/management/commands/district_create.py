from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from policyportal import policy_templates
from policyportal.invitations import INVITATION_DAYS
from policyportal.services.districts import district_administrator_invite, district_create

OPTION = {"name": "--name", "slug": "--slug", "time_zone": "--time-zone", "template": "--policy"}
ADMIN_OPTION = {"email": "--admin-email", "first_name": "--admin-first-name", "last_name": "--admin-last-name"}


class Command(BaseCommand):
    help = (
        "Create a district with its first policy version from a policy template "
        f"({', '.join(policy_templates.names())}), and optionally invite its first administrator. "
        "Changes nothing when any value is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The district's name, e.g. 'Springfield Public Schools'.")
        parser.add_argument("--slug", required=True, help="Lowercase letters, digits and hyphens, e.g. springfield.")
        parser.add_argument("--time-zone", required=True, help="An IANA time zone, e.g. America/Chicago.")
        parser.add_argument("--policy", required=True, help="The policy template the rules start from.")
        parser.add_argument("--admin-email", default="", help="Invite the first administrator at this address.")
        parser.add_argument("--admin-first-name", default="")
        parser.add_argument("--admin-last-name", default="")

    def handle(self, *args, **options):
        admin = {key: options[option.lstrip("-").replace("-", "_")].strip() for key, option in ADMIN_OPTION.items()}
        if any(admin.values()) and not all(admin.values()):
            missing = [option for key, option in ADMIN_OPTION.items() if not admin[key]]
            raise CommandError(f"To invite the first administrator, give {', '.join(missing)} as well.")
        try:
            with transaction.atomic():  # the district and its administrator, or nothing
                district = district_create(
                    name=options["name"],
                    slug=options["slug"],
                    time_zone=options["time_zone"],
                    template=options["policy"],
                )
                person = district_administrator_invite(district=district, **admin) if admin["email"] else None
        except ValidationError as refusal:
            raise CommandError(_describe(refusal, {**OPTION, **ADMIN_OPTION})) from refusal
        version = district.policy_versions.get()
        template = policy_templates.load(options["policy"])
        counts = ", ".join(f"{count} {where.replace('_', ' ')}" for where, count in template.counts().items() if count)
        self.stdout.write(f"Created {district.name} (slug {district.slug}, time zone {district.time_zone}).")
        self.stdout.write(
            f"Its rules: {version.title}, version 1, from the {template.name!r} template ({counts}); "
            f"approval chain: {district.get_approval_chain_display().lower()}."
        )
        self.stdout.write("Recorded in its audit trail: district.created, policy.published.")
        if person is not None:
            self.stdout.write(
                f"Invited {person.display_name} <{person.email}> as district administrator (username "
                f"{person.username}): the email is queued, and its link works once, for {INVITATION_DAYS} days."
            )
        else:
            self.stdout.write(
                "Nobody can sign in to it yet: invite its first administrator from the operator pages (/operator/)."
            )


def _describe(refusal: ValidationError, options: dict[str, str]) -> str:
    """The refusal, each message after the option it is about."""
    if not hasattr(refusal, "error_dict"):
        return " ".join(refusal.messages)
    return " ".join(
        f"{options.get(field, field)}: {message}"
        for field, messages in refusal.message_dict.items()
        for message in messages
    )
