"""{% deadline_tag calendar due %}: a legal deadline with the working days left or overdue, as
the queue shows it (transfers' handover, complaints' answer)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template
from django.utils import timezone

from claims.queue.selectors import WorkingCalendar

register = template.Library()


@register.inclusion_tag("claims/complaints/_deadline.html")
def deadline_tag(calendar: WorkingCalendar, due: date | None) -> dict[str, Any]:
    return {"deadline": calendar.deadline(due, timezone.localdate())}
