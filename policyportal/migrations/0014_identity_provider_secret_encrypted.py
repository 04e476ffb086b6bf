"""The district's OpenID client secret moves to a column that holds it encrypted with PORTAL_ENCRYPTION_KEYS.
Reversible: going back decrypts each secret into the plain column (with the keys still set)."""

from django.db import migrations, models

from policyportal import encryption


def encrypt_secrets(apps, schema_editor):
    IdentityProvider = apps.get_model("policyportal", "IdentityProvider")
    for provider in IdentityProvider.objects.exclude(client_secret=""):
        provider.client_secret_encrypted = encryption.encrypt(provider.client_secret)
        provider.save(update_fields=["client_secret_encrypted"])


def decrypt_secrets(apps, schema_editor):
    IdentityProvider = apps.get_model("policyportal", "IdentityProvider")
    for provider in IdentityProvider.objects.exclude(client_secret_encrypted=""):
        what = f"The OpenID client secret of district {provider.district_id}"
        provider.client_secret = encryption.decrypt(provider.client_secret_encrypted, what=what)
        provider.save(update_fields=["client_secret"])


class Migration(migrations.Migration):
    dependencies = [
        ("policyportal", "0013_form_submission"),
    ]

    operations = [
        migrations.AddField(
            model_name="identityprovider",
            name="client_secret_encrypted",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(encrypt_secrets, decrypt_secrets),
        migrations.RemoveField(model_name="identityprovider", name="client_secret"),
    ]
