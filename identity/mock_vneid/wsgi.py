"""WSGI entry point of the mock VNeID as its own process (gunicorn identity.mock_vneid.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "identity.mock_vneid.settings")
application = get_wsgi_application()
