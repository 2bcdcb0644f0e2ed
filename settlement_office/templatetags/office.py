"""Template filters of the simulator's page (money: the portal's `dong`, in common_tags)."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def callback_status(status: str) -> str:
    labels = {
        "processing": _("đang xử lý"),
        "paid": _("đã chi trả"),
        "failed": _("không chi trả được"),
    }
    return labels.get(status, status)
