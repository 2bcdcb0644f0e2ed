"""jobs in the Django admin: each part registers its own models (this file only gathers them)."""

from jobs.catalogue import admin as _catalogue_admin  # noqa: F401
