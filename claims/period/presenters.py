"""What the period's pages show, in words: rows of the check page, the job-search log, the card's
context (the month, the end, the reserved months, a recovery and how to repay it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from claims.models import BenefitMonth, Claim, ClaimDocument, Recovery, ReservedMonths, Termination
from claims.period import forms
from claims.period.selectors import MonthCard, recoveries_of, termination_open, this_month


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    url: str = ""


def _day(value: date | str | None) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def log_rows(log: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The job-search log as the pages list it (kind in words, date as dd/mm/yyyy)."""
    rows = []
    for entry in log:
        if not isinstance(entry, dict):
            continue
        rows.append(
            {
                "kind": str(
                    forms.SEARCH_KIND_LABELS.get(entry.get("kind", ""), entry.get("kind", ""))
                ),
                "where": str(entry.get("where", "")),
                "date": _day(entry.get("date")),
            }
        )
    return rows


def event_label(kind: str) -> str:
    if not kind:
        return str(forms.EVENT_LABELS[forms.EVENT_NONE])
    return str(forms.EVENT_LABELS.get(kind) or forms.STAFF_GROUND_LABELS.get(kind) or kind)


def check_rows(*, claim: Claim, draft: dict[str, Any], proof: ClaimDocument | None) -> list[Row]:
    def change(step: str) -> str:
        return reverse("claims:period_notify_step", args=[claim.public_id, step]) + "?doi=1"

    still = draft.get("still_unemployed") == forms.YES
    rows = [
        Row(
            _("Bạn vẫn chưa có việc làm?"),
            _("Đúng, tôi vẫn chưa có việc làm") if still else _("Không, tôi đã có việc làm"),
            change("viec-lam"),
        )
    ]
    if still:
        entries = log_rows(draft.get("log") or [])
        rows.append(
            Row(
                _("Nhật ký tìm việc"),
                "; ".join(f"{e['date']} — {e['kind']}: {e['where']}" for e in entries),
                change("tim-viec"),
            )
        )
        available = draft.get("available") == forms.YES
        rows.append(
            Row(
                _("Sẵn sàng đi làm"),
                _("Có")
                if available
                else _("Không — %(reason)s") % {"reason": draft.get("unavailable_reason", "")},
                change("san-sang"),
            )
        )
    event = draft.get("event") or {}
    value = event_label(event.get("event", ""))
    if event.get("on"):
        value += " — " + _("từ ngày %(day)s") % {"day": _day(event["on"])}
    if event.get("detail"):
        value += " — " + event["detail"]
    rows.append(Row(_("Thay đổi cần báo"), value, change("thay-doi")))
    rows.append(
        Row(
            _("Giấy tờ chứng minh"),
            proof.original_name if proof else _("Không gửi"),
            change("giay-to"),
        )
    )
    return rows


def termination_pending(claim: Claim) -> Termination | None:
    open_one = termination_open(claim)
    return open_one if open_one and open_one.state == Termination.State.PROPOSED else None


def month_after(*, claim: Claim, index: int) -> BenefitMonth | None:
    return BenefitMonth.objects.filter(claim=claim, index=index + 1).first()


def card_context(*, claim: Claim, card: MonthCard, today: date) -> dict[str, Any]:
    """The card and what the period's pages add: the end (proposed or signed), the months
    reserved, recoveries with what is still owed."""
    termination = termination_open(claim)
    recoveries: list[Recovery] = recoveries_of(claim)
    reserved = ReservedMonths.objects.filter(claim=claim).first()
    return {
        "card": card,
        "today": today,
        "termination": termination,
        "termination_signed": termination is not None
        and termination.state == Termination.State.SIGNED,
        "reserved": reserved,
        "recoveries": recoveries,
        "open_recoveries": [r for r in recoveries if r.state == Recovery.State.OPEN],
        "ground_label": termination.get_ground_display() if termination else "",
    }


def open_month(claim: Claim, *, today: date) -> tuple[MonthCard | None, BenefitMonth | None]:
    """The card, and the month the worker may notify online right now (None: not now)."""
    card = this_month(claim, on=today)
    if (
        card is None
        or not card.window_open
        or card.notified
        or card.status != BenefitMonth.Status.DUE
        or card.terminated
        or termination_pending(claim) is not None
    ):
        return card, None
    return card, BenefitMonth.objects.filter(claim=claim, index=card.index).first()


def claim_start(claim: Claim) -> date:
    """The first day of the benefit (an event before it is refused)."""
    first = BenefitMonth.objects.filter(claim=claim, index=1).values_list("start", flat=True)
    return first.first() or claim.created_at.date()


def period_start(claim: Claim, month: BenefitMonth) -> date:
    """The job-search log covers the time since the previous month began (or month 1)."""
    previous = (
        BenefitMonth.objects.filter(claim=claim, index=max(1, month.index - 1))
        .values_list("start", flat=True)
        .first()
    )
    return previous or month.start
