"""Form helpers: accessible widgets (hint and error tied to the field) for every form."""

from __future__ import annotations

from typing import Any

from django import forms


class AccessibleFormMixin:
    """Adds aria-describedby / aria-invalid so screen readers hear hints and errors.

    Errors are only looked at after validation has run (full_clean): reading `errors` in the
    constructor would validate the form before a subclass has set up its fields or choices.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self._describe_fields(errors={})

    def _describe_fields(self, errors: dict[str, Any]) -> None:
        form: forms.BaseForm = self  # type: ignore[assignment]
        for name, field in form.fields.items():
            bound = form[name]
            described = []
            if field.help_text:
                described.append(f"{bound.id_for_label}-hint")
            if name in errors:
                described.append(f"{bound.id_for_label}-error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_fields(errors=self._errors or {})  # type: ignore[attr-defined]
