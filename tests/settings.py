"""The portal's settings with what tests need: a throwaway secret, plain HTTP, tasks run in-process."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-that-is-long-enough-for-django-checks-0123456789")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("EMAIL_URL", "memorymail://")

from policyportal.settings import *  # noqa: F403
from policyportal.settings import INSTALLED_APPS, STORAGES

INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
