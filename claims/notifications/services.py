"""What a person is told, in their language, in the app and by e-mail.

A notification row stores a kind and its parameters, not sentences: the inbox renders it in
the reader's current language, and the e-mail carries Vietnamese first, then English.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, Notification
from common.tasks import task_after_commit
from identity.models import User


@dataclass(frozen=True)
class Message:
    subject: Any  # lazy translation with %(name)s placeholders
    body: Any


MESSAGES: dict[str, Message] = {
    "claim_submitted": Message(
        _("Đã nhận hồ sơ %(reference)s"),
        _(
            "Trung tâm đã nhận hồ sơ đề nghị hưởng trợ cấp thất nghiệp số %(reference)s của bạn. "
            "Trung tâm sẽ xem xét và trả lời trước ngày %(deadline)s. Bạn có thể theo dõi hồ sơ trên cổng."
        ),
    ),
    "claim_submitted_no_deadline": Message(
        _("Đã nhận hồ sơ %(reference)s"),
        _(
            "Trung tâm đã nhận hồ sơ đề nghị hưởng trợ cấp thất nghiệp số %(reference)s của bạn "
            "và sẽ trả lời trong thời hạn luật định. Bạn có thể theo dõi hồ sơ trên cổng."
        ),
    ),
    "claim_suspended": Message(
        _("Tạm dừng trợ cấp của hồ sơ %(reference)s"),
        _("Trợ cấp của hồ sơ %(reference)s tạm dừng: %(message)s Xem chi tiết trên cổng."),
    ),
    "claim_resumed": Message(
        _("Tiếp tục chi trả trợ cấp của hồ sơ %(reference)s"),
        _("Trợ cấp của hồ sơ %(reference)s được tiếp tục chi trả."),
    ),
    "claim_terminated": Message(
        _("Chấm dứt trợ cấp của hồ sơ %(reference)s"),
        _("Trợ cấp của hồ sơ %(reference)s đã chấm dứt: %(message)s Xem chi tiết trên cổng."),
    ),
    "claim_in_review": Message(
        _("Hồ sơ %(reference)s đang được xem xét"),
        _("Cán bộ trung tâm đã bắt đầu xem xét hồ sơ %(reference)s của bạn."),
    ),
    "info_requested": Message(
        _("Cần bổ sung thông tin cho hồ sơ %(reference)s"),
        _(
            "Trung tâm cần bạn bổ sung thông tin cho hồ sơ %(reference)s: %(message)s Hãy trả lời trên cổng."
        ),
    ),
    "claim_withdrawn": Message(
        _("Bạn đã rút hồ sơ %(reference)s"),
        _(
            "Hồ sơ %(reference)s đã được rút theo đề nghị của bạn. Bạn có thể nộp hồ sơ mới nếu còn trong thời hạn."
        ),
    ),
    "decision_issued": Message(
        _("Đã có quyết định về hồ sơ %(reference)s"),
        _(
            "Trung tâm đã ban hành quyết định về hồ sơ %(reference)s. Bạn có thể xem và tải quyết định trên cổng."
        ),
    ),
    # Payments (claims.payments): amount and period are already formatted by the service.
    "payment_paid": Message(
        _("Đã chuyển tiền trợ cấp tháng %(number)s của hồ sơ %(reference)s"),
        _(
            "Nơi chi trả đã chuyển %(amount)s trợ cấp tháng thứ %(number)s (%(period)s) của hồ sơ "
            "%(reference)s cho bạn."
        ),
    ),
    "payment_failed": Message(
        _("Chưa chuyển được tiền trợ cấp của hồ sơ %(reference)s"),
        _(
            "Chưa chuyển được %(amount)s trợ cấp tháng thứ %(number)s (%(period)s) của hồ sơ "
            "%(reference)s: %(reason)s. Hãy kiểm tra và sửa thông tin tài khoản nhận tiền trên cổng."
        ),
    ),
    # Sent to the worker whenever the payee details change (a fraudster's change is seen at once).
    "payment_details_changed": Message(
        _("Thông tin nhận tiền của hồ sơ %(reference)s vừa được thay đổi"),
        _(
            "Thông tin nhận tiền trợ cấp của hồ sơ %(reference)s vừa được thay đổi thành: "
            "%(details)s. Nếu không phải bạn thay đổi, hãy liên hệ ngay trung tâm dịch vụ việc làm."
        ),
    ),
    # A claim prefilled from the employer's layoff notice (claims.prefill, employers.prefill).
    "claim_prefilled": Message(
        _("Hồ sơ trợ cấp thất nghiệp của bạn đã được điền sẵn"),
        _(
            "%(employer)s đã báo chấm dứt hợp đồng lao động của bạn vào ngày %(date)s. Hồ sơ đề "
            "nghị hưởng trợ cấp thất nghiệp của bạn đã được điền sẵn: hãy đăng nhập bằng VNeID "
            "để kiểm tra, thêm tài khoản nhận tiền và tự nộp hồ sơ (từ ngày %(date)s)."
        ),
    ),
    "payment_reissued": Message(
        _("Đã chuyển lại tiền trợ cấp của hồ sơ %(reference)s"),
        _(
            "Trung tâm đã phát lại lệnh chi %(amount)s trợ cấp tháng thứ %(number)s (%(period)s) "
            "của hồ sơ %(reference)s theo thông tin tài khoản mới của bạn."
        ),
    ),
    # The benefit period's reminders (claims.period.reminders): the window opens, its last day.
    "period_window_open": Message(
        _("Đã đến kỳ thông báo tìm kiếm việc làm tháng hưởng thứ %(month)s"),
        _(
            "Kỳ thông báo tìm kiếm việc làm tháng hưởng thứ %(month)s của hồ sơ %(reference)s: "
            "từ %(first)s đến hết %(last)s. Hãy thông báo trên cổng; nếu không, trợ cấp tháng "
            "này bị tạm dừng và không được chi trả."
        ),
    ),
    "period_window_last_day": Message(
        _("Hôm nay là hạn cuối thông báo tìm kiếm việc làm tháng hưởng thứ %(month)s"),
        _(
            "Hôm nay (%(last)s) là ngày cuối để thông báo tìm kiếm việc làm tháng hưởng thứ "
            "%(month)s của hồ sơ %(reference)s. Nếu không thông báo, trợ cấp tháng này bị tạm "
            "dừng và không được chi trả."
        ),
    ),
    # Transfers to another province (claims.transfers): each step the worker waits for.
    "transfer_handed_over": Message(
        _("Hồ sơ %(reference)s đã được bàn giao cho %(to_center)s"),
        _(
            "%(from_center)s đã bàn giao hồ sơ hưởng trợ cấp %(reference)s của bạn cho "
            "%(to_center)s. Trung tâm mới sẽ tiếp nhận và ra quyết định chuyển nơi hưởng."
        ),
    ),
    "transfer_accepted": Message(
        _("%(to_center)s đã tiếp nhận hồ sơ %(reference)s"),
        _(
            "%(to_center)s đã tiếp nhận hồ sơ %(reference)s của bạn và ban hành quyết định "
            "chuyển nơi hưởng. Từ nay trung tâm này chi trả trợ cấp và nhận thông báo tìm "
            "kiếm việc làm của bạn."
        ),
    ),
    # Complaints against a decision (claims.complaints): received, then answered.
    "complaint_received": Message(
        _("Đã nhận đơn khiếu nại %(complaint)s"),
        _(
            "%(center)s đã nhận đơn khiếu nại %(complaint)s của bạn về quyết định số "
            "%(decision)s của hồ sơ %(reference)s và sẽ trả lời trước ngày %(due)s."
        ),
    ),
    "complaint_answered": Message(
        _("Đã có quyết định giải quyết khiếu nại %(complaint)s"),
        _(
            "%(center)s đã ban hành quyết định giải quyết khiếu nại %(complaint)s của bạn "
            "(hồ sơ %(reference)s). Bạn có thể xem quyết định trên cổng."
        ),
    ),
}


def render(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) in the active language."""
    message = MESSAGES[kind]
    return str(message.subject) % params, str(message.body) % params


def claim_params(claim: Claim) -> dict[str, Any]:
    """What every notification about a claim carries: its reference, page and contact e-mail."""
    params: dict[str, Any] = {
        "reference": claim.reference or "",
        "path": reverse("claims:claim_detail", kwargs={"public_id": claim.public_id}),
    }
    email = ((claim.answers or {}).get("contact") or {}).get("email")
    if email:
        params["email"] = email
    return params


def notify(
    *, user: User, kind: str, params: dict[str, Any], claim: Claim | None = None
) -> Notification:
    """Record an in-app notification and, after commit, e-mail it (claims.tasks)."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown notification kind {kind!r}")
    render(kind, params)  # fail now, inside the caller's transaction, if a parameter is missing
    note = Notification.objects.create(user=user, claim=claim, kind=kind, params=params)
    task_after_commit("claims.tasks.notification_email", note.pk)
    return note


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notification's e-mail once; True if this call sent it."""
    with transaction.atomic():
        note = (
            Notification.objects.select_related("user")
            .select_for_update()
            .filter(pk=notification_id)
            .first()
        )
        # Gone (the user or the claim was deleted since): nothing to send, nothing to retry.
        if note is None or note.emailed_at is not None:
            return False
        address = note.params.get("email") or note.user.email
        if not address:
            return False
        parts = []
        for language in ("vi", "en"):
            with translation.override(language):
                parts.append(render(note.kind, note.params))
        subject = f"{parts[0][0]} / {parts[1][0]}"
        link = f"{settings.SITE_URL}{note.params.get('path', '/')}"
        body = f"{parts[0][1]}\n\n{link}\n\n———\n\n{parts[1][1]}\n\n{link}\n"
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        note.emailed_at = timezone.now()
        note.save(update_fields=["emailed_at"])
    return True


def notifications_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
