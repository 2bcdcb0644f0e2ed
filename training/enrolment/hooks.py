"""What the enrolment plugs into the lower layers (called from TrainingConfig.ready): the
worker's notifications during the course into claims.notifications."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from claims.notifications.services import MESSAGES, Message

ENROLMENT_MESSAGES = {
    "training_meal_paid": Message(
        _("Đã chuyển tiền ăn tháng %(month)s của khóa học"),
        _(
            "Nơi chi trả đã chuyển %(amount)s tiền ăn tháng thứ %(month)s của khóa học "
            "%(course)s (%(period)s). Xem chuyên cần và các khoản đã nhận trên cổng."
        ),
    ),
    "training_meal_failed": Message(
        _("Chưa chuyển được tiền ăn tháng %(month)s"),
        _(
            "Nơi chi trả chưa chuyển được %(amount)s tiền ăn tháng thứ %(month)s của khóa học "
            "%(course)s: %(reason)s. Hãy kiểm tra thông tin tài khoản với trung tâm; trung tâm "
            "sẽ phát lại lệnh chi."
        ),
    ),
    "training_completed": Message(
        _("Bạn đã hoàn thành khóa học %(course)s"),
        _(
            "Cơ sở đào tạo đã báo bạn hoàn thành khóa học %(course)s, chứng chỉ số "
            "%(certificate)s. Xem trên cổng."
        ),
    ),
    "training_dropped": Message(
        _("Cơ sở đào tạo báo bạn thôi học"),
        _(
            "Cơ sở đào tạo báo bạn thôi học khóa %(course)s từ ngày %(day)s. Các tháng sau đó "
            "không được hỗ trợ học phí và tiền ăn. Nếu thông tin này sai, hãy liên hệ trung tâm."
        ),
    ),
}


def register() -> None:
    for kind, message in ENROLMENT_MESSAGES.items():
        MESSAGES.setdefault(kind, message)
