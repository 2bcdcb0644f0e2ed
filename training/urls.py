"""training URLs: the catalogue and the worker's pages under /dao-tao/, the center's under
/can-bo/dao-tao/, the institutions' signed API under /api/v1/training/."""

from django.urls import path  # noqa: F401

app_name = "training"
urlpatterns: list = []
