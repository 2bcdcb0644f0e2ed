from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and generation code: the named demo people, the synthetic population, the demo_*
    commands. The product never imports it; only its management commands and tests use it."""

    name = "demo"
    verbose_name = "TroCap demo data"
