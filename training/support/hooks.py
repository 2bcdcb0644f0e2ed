"""What training support plugs into the lower layers (called from TrainingConfig.ready): its
notification kinds into claims.notifications, its decisions into /verify/."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from claims.decisions.lookups import register_verifiable
from claims.notifications.services import MESSAGES, Message

TRAINING_MESSAGES = {
    "training_submitted": Message(
        _("Đã nhận đơn hỗ trợ học nghề %(reference)s"),
        _(
            "Trung tâm đã nhận đơn đề nghị hỗ trợ học nghề số %(reference)s của bạn cho khóa "
            "học %(course)s. Cán bộ trung tâm sẽ xem xét và trả lời trên cổng."
        ),
    ),
    "training_proposed": Message(
        _("Đơn hỗ trợ học nghề %(reference)s đang chờ ký quyết định"),
        _(
            "Cán bộ trung tâm đã xem xét đơn hỗ trợ học nghề %(reference)s (khóa học "
            "%(course)s) và trình lãnh đạo trung tâm ký quyết định."
        ),
    ),
    "training_approved": Message(
        _("Bạn được hỗ trợ học nghề (đơn %(reference)s)"),
        _(
            "Trung tâm đã ký quyết định hỗ trợ học nghề cho khóa học %(course)s (đơn "
            "%(reference)s). Xem quyết định, số tháng, học phí và tiền ăn được hỗ trợ trên cổng."
        ),
    ),
    "training_refused": Message(
        _("Đơn hỗ trợ học nghề %(reference)s không được chấp nhận"),
        _(
            "Trung tâm đã ký quyết định không hỗ trợ học nghề cho khóa học %(course)s (đơn "
            "%(reference)s). Xem lý do và quyết định trên cổng."
        ),
    ),
}


def register() -> None:
    # The decisions module loads the PDF and signing helpers: only once the apps are ready.
    from training.support.decisions import verifiable  # noqa: PLC0415

    for kind, message in TRAINING_MESSAGES.items():
        MESSAGES.setdefault(kind, message)
    register_verifiable(verifiable)
