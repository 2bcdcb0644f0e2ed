from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Đào tạo nghề và hỗ trợ học nghề")

    def ready(self) -> None:
        # Imported here: hooks imports models and services, which need the app registry ready.
        from training.enrolment import hooks as enrolment_hooks  # noqa: PLC0415 (the same)
        from training.support import hooks  # noqa: PLC0415

        hooks.register()
        enrolment_hooks.register()
