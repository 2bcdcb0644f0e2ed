"""The mock VNeID's organisation accounts: an enterprise signs in with its tax code and password.

VNeID issues organisation accounts (Decree 69/2024) held by the organisation's legal
representative. At the mock, signing in as an organisation signs its representative in (the
person the tokens belong to) and marks the sign-in as acting for the organisation (a second
signed cookie, like the person's). When the portal asks for the "organisation" scope, the
consent page requires such a sign-in, and the ID token and userinfo then describe the
organisation: subject "org-<tax code>", `org_tax_code`, `org_name`, plus the representative's
personal ID (docs/adr/0017).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from common.formatting import ascii_digits
from common.forms import AccessibleFormMixin
from identity.mock_vneid.hashers import population_password_dummy_check
from identity.mock_vneid.middleware import COOKIE_MAX_AGE, MOCK_PATH, mock_sign_in
from identity.mock_vneid.models import OrganisationRecord, PopulationRecord

ORG_COOKIE = "mock_vneid_org"
ORG_COOKIE_SALT = "identity.mock_vneid.organisation"
ORGANISATION_SCOPE = "organisation"

WRONG_ORG_CREDENTIALS = _("Mã số thuế hoặc mật khẩu không đúng. Vui lòng kiểm tra và thử lại.")


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=ORG_COOKIE_SALT)


def organisation_sign_in(response: HttpResponse, organisation: OrganisationRecord) -> None:
    mock_sign_in(response, organisation.representative)
    response.set_cookie(
        ORG_COOKIE,
        _signer().sign(str(organisation.pk)),
        max_age=COOKIE_MAX_AGE,
        path=MOCK_PATH,
        httponly=True,
        samesite="Lax",
    )


def organisation_sign_out(response: HttpResponse) -> None:
    response.delete_cookie(ORG_COOKIE, path=MOCK_PATH, samesite="Lax")


def acting_organisation(request: HttpRequest) -> OrganisationRecord | None:
    """The organisation the signed-in person acts for at the mock, if they signed in as one."""
    person = request.user
    if not isinstance(person, PopulationRecord):
        return None
    value = request.COOKIES.get(ORG_COOKIE)
    if not value:
        return None
    try:
        pk = _signer().unsign(value, max_age=COOKIE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not ascii_digits(pk):
        return None
    return OrganisationRecord.objects.filter(pk=int(pk), representative=person).first()


class OrganisationLoginForm(AccessibleFormMixin, forms.Form):
    tax_code = forms.CharField(
        label=_("Mã số thuế của tổ chức"),
        help_text=_("10 hoặc 13 chữ số, như trên giấy chứng nhận đăng ký doanh nghiệp."),
        max_length=20,
        error_messages={"required": _("Nhập mã số thuế.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Mật khẩu tài khoản tổ chức"),
        max_length=128,
        strip=False,
        error_messages={"required": _("Nhập mật khẩu.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.organisation: OrganisationRecord | None = None
        super().__init__(*args, **kwargs)

    def clean_tax_code(self) -> str:
        value = "".join(self.cleaned_data["tax_code"].split()).replace("-", "")
        if not (ascii_digits(value) and len(value) in (10, 13)):
            raise forms.ValidationError(_("Mã số thuế gồm 10 hoặc 13 chữ số."))
        return value

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        tax_code, password = cleaned.get("tax_code"), cleaned.get("password")
        if tax_code and password:
            organisation = (
                OrganisationRecord.objects.select_related("representative")
                .filter(tax_code=tax_code)
                .first()
            )
            if organisation is None:
                population_password_dummy_check(password)
            if organisation is None or not organisation.check_password(password):
                raise forms.ValidationError(WRONG_ORG_CREDENTIALS)
            self.organisation = organisation
        return cleaned
