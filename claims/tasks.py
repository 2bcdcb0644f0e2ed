"""Where Celery's autodiscovery finds the claims app's tasks: each package's tasks module.

Every task has an explicit, stable registered name ("claims.tasks.<task>"); services never
import this module or a package's tasks: they schedule by name through common.tasks.
"""

from claims.decisions.tasks import decision_render, decisions_sweep
from claims.filing.tasks import drafts_expire
from claims.notifications.tasks import notification_email, notifications_email_sweep
from claims.payments.tasks import payment_order_send, payment_orders_send, payments_sweep

# Packages whose tasks are scheduled by name only: imported so that Celery registers them.
from claims.period import detection_tasks as period_detection_tasks  # noqa: F401
from claims.period import reminder_tasks as period_reminder_tasks  # noqa: F401
from claims.period import tasks as period_tasks  # noqa: F401
from claims.prefill import tasks as prefill_tasks  # noqa: F401
from claims.review.tasks import batch_approval_run, batch_approval_sweep
from claims.whatif import tasks as whatif_tasks  # noqa: F401

__all__ = [
    "batch_approval_run",
    "batch_approval_sweep",
    "decision_render",
    "decisions_sweep",
    "drafts_expire",
    "notification_email",
    "notifications_email_sweep",
    "payment_order_send",
    "payment_orders_send",
    "payments_sweep",
]
