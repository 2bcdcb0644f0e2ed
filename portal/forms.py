"""Form helpers: accessible widgets (hint and error tied to the field) for every form."""

from __future__ import annotations

from typing import Any

from django import forms


class AccessibleFormMixin:
    """Adds aria-describedby / aria-invalid so screen readers hear hints and errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self._describe_fields()

    def _describe_fields(self) -> None:
        form: forms.BaseForm = self  # type: ignore[assignment]
        for name, field in form.fields.items():
            bound = form[name]
            described = []
            if field.help_text:
                described.append(f"{bound.id_for_label}-hint")
            if form.is_bound and name in form.errors:
                described.append(f"{bound.id_for_label}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        self._describe_fields()
