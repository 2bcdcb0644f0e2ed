"""TroCap: the Django project (settings, URLs, Celery app, base views)."""

from portal.celery import app as celery_app

__all__ = ("celery_app",)
