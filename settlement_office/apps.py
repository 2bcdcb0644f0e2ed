"""Django app of the settlement-office simulator (installed only in its own settings)."""

from django.apps import AppConfig


class SettlementOfficeConfig(AppConfig):
    name = "settlement_office"
    verbose_name = "Settlement office simulator"
    default_auto_field = "django.db.models.BigAutoField"
