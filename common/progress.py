"""Progress of long background work (a fast-track batch, a what-if run): the time still needed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

#: Pages of unfinished work reload themselves this often when JavaScript is off (meta refresh).
REFRESH_SECONDS = 10


def time_left(
    *, done: int, total: int, started_at: datetime | None, now: datetime
) -> timedelta | None:
    """At the pace so far, how long the rest takes; None before the first item is done."""
    if total <= done:
        return timedelta(0)
    if started_at is None or done <= 0:
        return None
    elapsed = (now - started_at).total_seconds()
    if elapsed <= 0:
        return None
    return timedelta(seconds=round(elapsed / done * (total - done)))


def time_left_text(left: timedelta | None) -> str:
    """The estimate in words, rounded up to what a person reads: seconds, minutes or hours."""
    if left is None:
        return _("đang ước tính thời gian còn lại…")
    seconds = int(left.total_seconds())
    if seconds <= 0:
        return _("sắp xong")
    if seconds < 60:
        return _("còn dưới 1 phút")
    minutes = -(-seconds // 60)
    if minutes < 90:
        return ngettext("còn khoảng %(n)s phút", "còn khoảng %(n)s phút", minutes) % {"n": minutes}
    hours = round(minutes / 60, 1)
    return _("còn khoảng %(n)s giờ") % {"n": f"{hours:g}"}
