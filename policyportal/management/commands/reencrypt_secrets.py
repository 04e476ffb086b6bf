from django.core.management.base import BaseCommand, CommandError

from policyportal.encryption import SecretUnreadable
from policyportal.services.sign_in import client_secrets_reencrypt


class Command(BaseCommand):
    help = (
        "Encrypt every stored secret again with the first key of PORTAL_ENCRYPTION_KEYS, after a new key was put "
        "first: then the old keys can be removed. Changes nothing if any secret cannot be decrypted."
    )

    def handle(self, *args, **options):
        try:
            districts = client_secrets_reencrypt()
        except SecretUnreadable as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        for district in districts:
            self.stdout.write(f"{district.name}: client secret encrypted with the first key.")
        self.stdout.write(f"Encrypted {len(districts)} secret(s) again.")
