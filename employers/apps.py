from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = _("Doanh nghiệp và danh sách lao động nghỉ việc")

    def ready(self) -> None:
        # Registers the tasks by name, so the services' scheduling (by name) finds them
        # in a web process too, eager in tests.
        from employers import tasks  # noqa: F401
