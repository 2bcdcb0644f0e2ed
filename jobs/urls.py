"""jobs URLs: the worker's pages under /viec-lam/, the employer's under /doanh-nghiep/viec-lam/,
the center's under /can-bo/viec-lam/, the API under /api/v1/jobs/."""

from django.urls import path  # noqa: F401

app_name = "jobs"
urlpatterns: list = []
