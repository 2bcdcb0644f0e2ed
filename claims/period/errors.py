"""What a benefit-period action refuses with (claims.period.services re-exports them): the
message is safe to show and nothing changed."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from claims.core.exceptions import ClaimError
from claims.period.models import (
    MonthlyNotification,
)
from eligibility.calculator.text import date_vi


class PeriodError(ClaimError):
    """A benefit-period action refused; the message is safe to show. Nothing changed."""


class PeriodInvalid(PeriodError):
    """The input is wrong; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(_("Thông tin chưa hợp lệ: hãy sửa các lỗi được nêu."))
        self.errors = errors


class NotificationWindowClosed(PeriodError):
    """No notification window holds that day; `next_window_first/last` say when the next is."""

    def __init__(self, *, next_window_first: date | None, next_window_last: date | None) -> None:
        if next_window_first is not None and next_window_last is not None:
            message = _(
                "Hôm nay không phải thời hạn thông báo tìm kiếm việc làm. Lần thông báo tiếp "
                "theo: từ ngày %(first)s đến ngày %(last)s."
            ) % {"first": date_vi(next_window_first), "last": date_vi(next_window_last)}
        else:
            message = _("Không còn tháng hưởng nào cần thông báo tìm kiếm việc làm.")
        super().__init__(message)
        self.next_window_first = next_window_first
        self.next_window_last = next_window_last


class NotificationAlreadyMade(PeriodError):
    """This month's notification exists already; `notification` is it (its receipt)."""

    def __init__(self, notification: MonthlyNotification) -> None:
        super().__init__(_("Bạn đã thông báo tìm kiếm việc làm cho tháng này."))
        self.notification = notification
