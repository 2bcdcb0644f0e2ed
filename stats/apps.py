from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

#: Beat's entry for the summaries (stats.tasks): every five minutes, on the bulk queue.
BEAT_ENTRY = {
    "task": "stats.tasks.summaries_refresh",
    "schedule": 5 * 60,
    "options": {"queue": "bulk"},
}


class StatsConfig(AppConfig):
    name = "stats"
    verbose_name = _("Thống kê")

    def ready(self) -> None:
        # The project's beat schedule lives in settings (portal is the shell and stats may not
        # import it); the app adds its own entry there, once, before beat reads it.
        schedule = getattr(settings, "CELERY_BEAT_SCHEDULE", None)
        if isinstance(schedule, dict):
            schedule.setdefault("stats-summaries-refresh", BEAT_ENTRY)
