"""WSGI entry point of the mock VNeID as its own process (gunicorn identity.mock_vneid.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.mock_vneid_settings")
application = get_wsgi_application()
