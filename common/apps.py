from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The shared base every app may import: provinces, form mixins, signed HTTP, formatting,
    CSV export, progress, API throttles. It imports no project package (docs/architecture.md)."""

    name = "common"
    verbose_name = "TroCap common"
