"""Django app of the training-institution stand-in (installed only in its own settings)."""

from django.apps import AppConfig


class TrainingInstitutionConfig(AppConfig):
    name = "training_institution"
    verbose_name = "Training institution stand-in"
    default_auto_field = "django.db.models.BigAutoField"
