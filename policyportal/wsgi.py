import os

from django.core.wsgi import get_wsgi_application

from policyportal.environment import require_keys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policyportal.settings")
application = get_wsgi_application()
require_keys()
