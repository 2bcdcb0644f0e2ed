"""The mock VNeID's sign-in form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.formatting import ascii_digits
from common.forms import AccessibleFormMixin
from identity.mock_vneid.hashers import population_password_dummy_check
from identity.mock_vneid.models import PopulationRecord

WRONG_CREDENTIALS = _(
    "Số định danh cá nhân hoặc mật khẩu không đúng. Vui lòng kiểm tra và thử lại."
)


class MockLoginForm(AccessibleFormMixin, forms.Form):
    personal_id = forms.CharField(
        label=_("Số định danh cá nhân"),
        help_text=_("12 chữ số, in trên thẻ căn cước của bạn."),
        max_length=20,
        error_messages={"required": _("Nhập số định danh cá nhân.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "username", "spellcheck": "false"}
        ),
    )
    password = forms.CharField(
        label=_("Mật khẩu"),
        max_length=128,
        strip=False,
        error_messages={"required": _("Nhập mật khẩu.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        # Before super(): AccessibleFormMixin already validates a bound form in __init__.
        self.person: PopulationRecord | None = None
        super().__init__(*args, **kwargs)

    def clean_personal_id(self) -> str:
        value = "".join(self.cleaned_data["personal_id"].split())
        if not (len(value) == 12 and ascii_digits(value)):
            raise forms.ValidationError(_("Số định danh cá nhân gồm đúng 12 chữ số."))
        return value

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        personal_id = cleaned.get("personal_id")
        password = cleaned.get("password")
        if personal_id and password:
            person = PopulationRecord.objects.filter(personal_id=personal_id).first()
            if person is None:
                population_password_dummy_check(password)
            if person is None or not person.check_password(password):
                raise forms.ValidationError(WRONG_CREDENTIALS)
            self.person = person
        return cleaned
