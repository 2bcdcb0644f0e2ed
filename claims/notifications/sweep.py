"""Notification e-mails whose task never reached the broker (common.tasks.task_send_committed).

A notification is written in its change's transaction and its e-mail is queued after commit;
if the broker could not take that message, the row is still there with no `emailed_at`. The
sweep queues those of the last day again; the e-mail task locks the row and sends once, so a
message queued twice (the original arrived late) still sends one e-mail.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from claims.models import Notification

#: Younger than this, the after-commit message may still be on its way: left to it.
SWEEP_AFTER = timedelta(minutes=2)
#: Older than this, an e-mail about it is news no longer: the inbox has it.
SWEEP_WITHIN = timedelta(days=1)
#: At most this many per run (the sweep runs every five minutes).
SWEEP_LIMIT = 1000


def notifications_email_unsent(*, limit: int = SWEEP_LIMIT) -> list[int]:
    """Ids of recent notifications with an address to send to and no e-mail sent yet."""
    now = timezone.now()
    return list(
        Notification.objects.filter(
            created_at__gte=now - SWEEP_WITHIN,
            created_at__lt=now - SWEEP_AFTER,
            emailed_at__isnull=True,
        )
        .filter(Q(params__email__gt="") | ~Q(user__email=""))
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
