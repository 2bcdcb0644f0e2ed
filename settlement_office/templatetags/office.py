"""Template filters of the simulator's page."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def dong(amount: int | None) -> str:
    """4200000 -> '4.200.000 đ' (Vietnamese thousands separator)."""
    return f"{int(amount or 0):,}".replace(",", ".") + " đ"


@register.filter
def callback_status(status: str) -> str:
    labels = {
        "processing": _("đang xử lý"),
        "paid": _("đã chi trả"),
        "failed": _("không chi trả được"),
    }
    return labels.get(status, status)
