"""The page's form that changes the fault settings of the running simulator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils.translation import gettext_lazy as _

from settlement_office import faults
from settlement_office.models import OfficeSettings

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _fraction(label: StrOrPromise) -> forms.FloatField:
    return forms.FloatField(
        label=label, min_value=0.0, max_value=1.0, help_text=_("Từ 0 đến 1, ví dụ 0.3 = 30 %.")
    )


class OfficeSettingsForm(forms.ModelForm):
    pay_delay = forms.FloatField(
        label=_("Thời gian chờ trước khi chi trả (giây)"), min_value=0.0, max_value=86400.0
    )
    slow = forms.FloatField(label=_("Trả lời chậm thêm (giây)"), min_value=0.0, max_value=60.0)
    fail_5xx = _fraction(_("Tỷ lệ lệnh trả lời lỗi 503 (không lưu)"))
    store_then_5xx = _fraction(_("Tỷ lệ lệnh được lưu rồi trả lời lỗi 503"))
    duplicate_callbacks = _fraction(_("Tỷ lệ thông báo kết quả gửi hai lần"))
    reorder_callbacks = _fraction(_("Tỷ lệ lệnh gửi kết quả cuối trước thông báo đang xử lý"))
    fail_accounts = forms.CharField(
        label=_("Tài khoản bị từ chối"),
        required=False,
        max_length=500,
        help_text=_(
            "Cách nhau bởi dấu phẩy; * ở cuối là mọi số bắt đầu như vậy; "
            "=account_closed hoặc =name_mismatch để đổi lý do. Ví dụ: 999*,0123456789"
        ),
    )
    callback_attempts = forms.IntegerField(
        label=_("Số lần gửi thông báo tối đa"), min_value=1, max_value=100
    )

    class Meta:
        model = OfficeSettings
        fields = [
            "pay_delay",
            "slow",
            "fail_5xx",
            "store_then_5xx",
            "duplicate_callbacks",
            "reorder_callbacks",
            "fail_accounts",
            "callback_attempts",
        ]

    def clean_fail_accounts(self) -> str:
        value = self.cleaned_data["fail_accounts"].strip()
        try:
            faults.parse_patterns(value)
        except faults.PatternError as exc:
            raise forms.ValidationError(
                _("Mẫu tài khoản không hợp lệ: %(error)s"), params={"error": exc}
            ) from None
        return value
