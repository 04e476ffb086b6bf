"""The portal's settings with what tests need: a throwaway secret and encryption key, plain HTTP, in-process tasks."""

import os

from policyportal.environment import fernet_key_derived_from

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-that-is-long-enough-for-django-checks-0123456789")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("EMAIL_URL", "memorymail://")
os.environ.setdefault("PORTAL_ENCRYPTION_KEYS", fernet_key_derived_from(os.environ["DJANGO_SECRET_KEY"]))

from policyportal.settings import *  # noqa: F403
from policyportal.settings import INSTALLED_APPS, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
