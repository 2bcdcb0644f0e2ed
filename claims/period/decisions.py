"""The decisions a benefit period calls for (suspension, termination, recovery), issued through
claims.decisions.kinds, idempotently (keyed), by the cycle's worker or the sweep."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import CharField, DateField, Exists, ExpressionWrapper, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from claims.decisions.kinds import decision_kind_issue
from claims.decisions.models import Decision
from claims.models import Claim
from claims.period.models import (
    BenefitMonth,
    Recovery,
    Termination,
)
from identity.models import User

BM = BenefitMonth.Status


def suspension_facts(month: BenefitMonth | dict[str, Any]) -> dict[str, Any]:
    """What a suspension decision prints (claims.decisions.kind_content), from a month row."""
    values: dict[str, Any] = (
        month
        if isinstance(month, dict)
        else {
            name: getattr(month, name)
            for name in ("index", "start", "end", "window_first", "window_last", "amount")
        }
    )
    return {
        "month": values["index"],
        "month_start": values["start"].isoformat(),
        "month_end": values["end"].isoformat(),
        "window_first": values["window_first"].isoformat(),
        "window_last": values["window_last"].isoformat(),
        "amount": values["amount"],
    }


def termination_decisions(claim: Claim, termination: Termination, *, by: User | None) -> None:
    """The termination decision and, when money was paid after the end, the recovery decision
    (idempotent: keyed by the termination and the recovery)."""
    months = list(claim.benefit_months.order_by("index"))
    position = next(
        (i for i, m in enumerate(months) if termination.event_date <= m.end), len(months) - 1
    )
    recovery = Recovery.objects.filter(termination=termination).first()
    paid_months = sum(1 for m in months[: position + 1] if m.status != BM.SUSPENDED)
    decision = decision_kind_issue(
        claim=claim,
        kind="termination",
        facts={
            "ground": termination.ground,
            "effective_on": termination.effective_on.isoformat(),
            "event_date": termination.event_date.isoformat(),
            "reported": termination.reported_by_worker,
            "months_paid": paid_months,
            "reserved_months": termination.reserved_months or 0,
            "overpaid": recovery.amount if recovery else 0,
        },
        by=by,
        key=f"termination:{termination.pk}",
    )
    if recovery is None:
        return
    by_index = {m.index: m for m in months}
    decision_kind_issue(
        claim=claim,
        kind="recovery",
        facts={
            "amount": recovery.amount,
            "months": [
                {
                    "index": m["index"],
                    "start": by_index[m["index"]].start.isoformat(),
                    "end": by_index[m["index"]].end.isoformat(),
                    "amount": m["amount"],
                }
                for m in recovery.months
            ],
            "effective_on": termination.effective_on.isoformat(),
            "termination_number": decision.number,
            "ground": termination.ground,
        },
        by=by,
        key=f"recovery:{recovery.pk}",
    )


def period_decisions_issue(*, claim_ids: list[int]) -> int:
    """Issue every decision the period's rows call for and that is not issued yet: one per
    suspended month, the termination (and recovery) of a signed end. Idempotent (keys); run by
    a worker after the monthly cycle, and by the sweep for what was lost."""
    issued = 0
    for claim in Claim.objects.filter(pk__in=claim_ids).order_by("pk"):
        with transaction.atomic():
            have = set(Decision.objects.filter(case=claim).values_list("key", flat=True))
            # The third miss in a row is told by the termination decision, not a suspension.
            ended = set(
                Termination.objects.filter(
                    claim=claim, ground="đ", state=Termination.State.SIGNED
                ).values_list("effective_on", flat=True)
            )
            for month in claim.benefit_months.filter(status=BM.SUSPENDED).order_by("index"):
                key = f"suspension:{month.index}"
                if key not in have and month.window_last + timedelta(days=1) not in ended:
                    decision_kind_issue(
                        claim=claim, kind="suspension", facts=suspension_facts(month), key=key
                    )
                    issued += 1
            for termination in Termination.objects.filter(
                claim=claim, state=Termination.State.SIGNED
            ):
                if f"termination:{termination.pk}" not in have:
                    termination_decisions(claim, termination, by=termination.signed_by)
                    issued += 1
    return issued


def decisions_missing(*, limit: int = 2000) -> list[int]:
    """Claims whose suspended months or signed end have no decision yet (for the sweep; a
    month judged in the last 10 minutes is left to the cycle's own task)."""
    suspension = Decision.objects.filter(
        case_id=OuterRef("claim_id"),
        kind="suspension",
        key=Concat(Value("suspension:"), Cast(OuterRef("index"), CharField())),
    )
    months = (
        BenefitMonth.objects.filter(
            status=BM.SUSPENDED, closed_at__lt=timezone.now() - timedelta(minutes=10)
        )
        .exclude(Exists(suspension))
        .exclude(
            Exists(
                Termination.objects.filter(
                    claim_id=OuterRef("claim_id"),
                    ground="đ",
                    effective_on=ExpressionWrapper(
                        OuterRef("window_last") + timedelta(days=1), output_field=DateField()
                    ),
                )
            )
        )
        .values_list("claim_id", flat=True)
    )
    ended = (
        Termination.objects.filter(state=Termination.State.SIGNED)
        .exclude(Exists(Decision.objects.filter(case_id=OuterRef("claim_id"), kind="termination")))
        .values_list("claim_id", flat=True)
    )
    return sorted(set(months[:limit]) | set(ended[:limit]))
