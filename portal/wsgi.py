"""WSGI entry point (gunicorn portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
application = get_wsgi_application()

# Every task registered before the worker's threads serve (common.tasks.tasks_load).
from common.tasks import tasks_load  # noqa: E402 - needs the settings loaded above

tasks_load()
