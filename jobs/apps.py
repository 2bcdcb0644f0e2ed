from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Việc làm, hội chợ việc làm và đi làm việc ở nước ngoài")
