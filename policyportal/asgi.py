import os

from django.core.asgi import get_asgi_application

from policyportal.environment import require_keys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policyportal.settings")
application = get_asgi_application()
require_keys()
