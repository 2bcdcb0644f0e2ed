"""allauth's MFA code forms with a phone's number keyboard (inputmode) and the code autofill."""

from __future__ import annotations

from typing import Any

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from django import forms

#: A six-digit code: the number keyboard on phones, and the code the phone offers to fill in.
CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false"}


def _numeric_code(form: forms.Form) -> None:
    form.fields["code"].widget.attrs.update(CODE_ATTRS)


class NumericAuthenticateForm(AuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _numeric_code(self)


class NumericReauthenticateForm(ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _numeric_code(self)


class NumericActivateTOTPForm(ActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _numeric_code(self)
