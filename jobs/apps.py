from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Việc làm, hội chợ việc làm và đi làm việc ở nước ngoài")

    def ready(self) -> None:
        # The job-offer notification's words and what the benefit period points to (the
        # matching page, the month's fairs, open offers): claims may not import jobs.
        from claims.period.pointers import (  # ready()
            register_link_provider,
            register_pointer_provider,
        )
        from jobs.offers import hooks  # ready(): models are loaded only now

        hooks.messages_register()
        register_link_provider(hooks.matching_link)
        register_pointer_provider(hooks.month_pointers)
