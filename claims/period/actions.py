"""What the period's pages and API hand to the period's services (claims.period.services).

The pages collect answers in their own shape (a session draft, a form); these functions turn
them into one service call each, so the page, the API and the tests go the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from claims.models import BenefitMonth, Claim, ClaimDocument, MonthlyNotification, PeriodEvent
from claims.period import forms, services
from eligibility.calculator import period as rules
from identity.models import User


@dataclass(frozen=True)
class EndPreview:
    """What a reported event would do, as the rules say (shown before the worker confirms)."""

    ground: str
    effective_on: date
    event_month: int | None
    months_paid_in_full: bool
    reserved_months: int
    overpaid: int


def end_preview(*, claim: Claim, kind: str, on: date, reported: bool = True) -> EndPreview | None:
    """The end of the benefit the event `kind` from `on` would bring (None: it ends nothing)."""
    ground = rules.GROUND_OF_KIND.get(kind)
    if ground is None:
        return None
    figures = services.end_figures(claim, ground=ground, event_date=on, reported=reported)
    month = (
        BenefitMonth.objects.filter(claim=claim, start__lte=on, end__gte=on)
        .values_list("index", flat=True)
        .first()
    )
    return EndPreview(
        ground=ground,
        effective_on=on,
        event_month=month,
        months_paid_in_full=month is not None,
        reserved_months=figures["reserved_months"],
        overpaid=figures["overpaid_amount"],
    )


def notification_submit(
    *, claim: Claim, month: BenefitMonth, citizen: User, draft: dict[str, Any]
) -> MonthlyNotification:
    """The worker's online notification from the pages' answers (claims.period.views)."""
    still = draft.get("still_unemployed") == forms.YES
    event = draft.get("event") or {}
    kind = event.get("event") or ""
    on = date.fromisoformat(event["on"]) if event.get("on") else None
    note_parts = []
    if draft.get("available") == forms.NO and draft.get("unavailable_reason"):
        note_parts.append(f"Chưa sẵn sàng đi làm: {draft['unavailable_reason']}")
    if kind == forms.EVENT_OTHER:
        note_parts.append(
            f"Thay đổi khác ({on.isoformat() if on else ''}): {event.get('detail', '')}"
        )
        kind, on = "", None
    elif kind == forms.EVENT_NONE:
        kind, on = "", None
    proof = None
    if draft.get("proof"):
        proof = ClaimDocument.objects.filter(claim=claim, pk=draft["proof"]).first()
    log = draft.get("log") or [] if still else []
    return services.notification_record(
        claim,
        by=citizen,
        looked_for_work=bool(log),
        available=still and draft.get("available") == forms.YES,
        job_search_log=log,
        still_unemployed=still,
        event_kind=kind,
        event_date=on,
        proof=proof,
        note="\n".join(note_parts),
    )


def end_report(
    *, claim: Claim, citizen: User, kind: str, on: date, employer: str = ""
) -> PeriodEvent:
    """ "I found a job" (or another ground) from the worker: the event, and the end it brings."""
    return services.event_report(
        claim,
        by=citizen,
        kind=kind,
        date=on,
        reported=True,
        details={"employer_name": employer} if employer else {},
    )


def in_person_record(
    *, claim: Claim, officer: User, on: date, looked_for_work: str, available: bool, note: str
) -> MonthlyNotification:
    """Staff record the worker's visit on `on` (the window's day the worker came)."""
    at = timezone.make_aware(datetime.combine(on, time(12, 0)))
    if on == timezone.localdate():
        at = timezone.now()
    return services.notification_record(
        claim,
        by=officer,
        channel=MonthlyNotification.Channel.IN_PERSON,
        looked_for_work=True,
        available=available,
        job_search_log=[{"kind": "other", "where": looked_for_work[:300], "date": on.isoformat()}],
        note=note,
        at=at,
    )
