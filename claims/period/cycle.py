"""The monthly cycle (beat tasks): windows judged in bulk (suspensions, the third miss ends),
bulk state changes, periods run to their end, and the sweep that finds again what was lost."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.core.exceptions import ClaimError
from claims.core.services import claim_transition
from claims.core.transitions import Actor, Status
from claims.decisions.kinds import decision_kind_issue
from claims.models import Claim, ClaimEvent, Proposal
from claims.payments.models import PaymentInstallment
from claims.period import selectors
from claims.period.bulk import claim_transition_many
from claims.period.decisions import decisions_missing, period_decisions_issue, suspension_facts
from claims.period.ending import end_apply, installments_cancel
from claims.period.layout import installments_link, period_lay_out
from claims.period.models import (
    BenefitMonth,
    Termination,
)
from claims.period.reserve import months_reserve
from common.tasks import task_after_commit
from eligibility.calculator import period as rules
from eligibility.calculator.text import date_vi

logger = logging.getLogger(__name__)

BM = BenefitMonth.Status
IS = PaymentInstallment.Status
#: Claim states in which the period runs.
IN_PERIOD = selectors.IN_PERIOD
#: At most this many approved claims without months laid out by one sweep run (every ten
#: minutes): a backlog (the hook lost for a whole fast-track batch) drains over a few runs.
SWEEP_LAY_OUT_LIMIT = 1000


@dataclass(frozen=True)
class CloseResult:
    suspended: int
    kept: int
    ended: int
    resumed: int = 0


def windows_close(*, on: date | None = None, chunk: int = 5000) -> CloseResult:
    """Judge every window that closed before `on` (default today) and is not judged yet.

    Months 2.. without a notification are suspended (their installment cancelled: the month is
    lost, Art. 41.2), their claim moves to suspended (once), and the third miss in a row ends
    the benefit (ground đ, effective the day after that window). Month 1 and notified months
    are only marked judged. Idempotent: a judged month (closed_at set) is never judged again.

    Set-based (the monthly cycle of 100,000 periods, bench/benefit_month.py): one UPDATE marks
    the kept months; the missed ones are suspended, their installments cancelled, their events
    written and their claims moved in a few statements per chunk of claims. Only a claim whose
    miss is the third in a row goes through the per-claim path (`_claim_windows_close`).
    """
    on = on or timezone.localdate()
    now = timezone.now()
    base = BenefitMonth.objects.filter(
        closed_at__isnull=True, window_last__lt=on, claim__status__in=IN_PERIOD
    )
    # Month 1, and every notified month: just judged (one UPDATE).
    kept = base.filter(Q(index=1) | ~Q(status=BM.DUE)).update(closed_at=now)
    missed_claims = list(
        base.filter(status=BM.DUE, index__gte=2)
        .order_by("claim_id")
        .values_list("claim_id", flat=True)
        .distinct()
    )
    suspended = ended = 0
    for first in range(0, len(missed_claims), chunk):
        ids = missed_claims[first : first + chunk]
        s, ending = _windows_close_chunk(ids, on=on, now=now)
        suspended += s
        for claim_id in ending:
            s, e = _claim_windows_close(claim_id, on=on, now=now)
            suspended += s
            ended += e
    return CloseResult(suspended=suspended, kept=kept, ended=ended)


def _windows_close_chunk(claim_ids: list[int], *, on: date, now: datetime) -> tuple[int, list[int]]:
    """Suspend the missed months of these claims in bulk; returns (months suspended, the claims
    left to the per-claim path because their miss ends the benefit)."""
    with transaction.atomic():
        claims = {
            c.pk: c
            for c in Claim.objects.select_for_update(skip_locked=True)
            .filter(pk__in=claim_ids, status__in=IN_PERIOD)
            .only("pk", "status", "decided_at", "center_id")
        }
        rows = list(
            # Only the months whose window has closed: a later one only ends the streak's walk.
            BenefitMonth.objects.filter(claim_id__in=list(claims), window_last__lt=on)
            .order_by("claim_id", "index")
            .values(
                "id",
                "claim_id",
                "index",
                "status",
                "closed_at",
                "window_first",
                "window_last",
                "installment_id",
                "start",
                "end",
            )
        )
        by_claim: dict[int, list[dict[str, Any]]] = {}
        for row in rows:
            by_claim.setdefault(row["claim_id"], []).append(dict(row))
        calendar = selectors.period_calendar()
        to_suspend: list[dict[str, Any]] = []
        ending: list[int] = []
        for claim_id, months in by_claim.items():
            period = rules.period_rules_for(selectors.decided_on(claims[claim_id]))
            streak, missed, ends = 0, [], False
            for m in months:
                miss = (
                    m["closed_at"] is None
                    and m["window_last"] < on
                    and m["status"] == BM.DUE
                    and m["index"] >= 2
                )
                if m["status"] == BM.SUSPENDED or miss:
                    streak += 1
                    if miss:
                        missed.append(m)
                    if miss and streak >= period.misses_to_end:
                        ends = True
                        break
                elif m["closed_at"] is not None or m["status"] in (BM.NOTIFIED, BM.PAID):
                    streak = 0
                elif m["window_last"] >= on:
                    break
            if ends:
                ending.append(claim_id)
            else:
                to_suspend += [{**m, "rules": period} for m in missed]
        if not to_suspend:
            return 0, ending
        month_ids = [m["id"] for m in to_suspend]
        BenefitMonth.objects.filter(pk__in=month_ids).update(
            status=BM.SUSPENDED, closed_at=now, installment=None, updated_at=now
        )
        scheduled = _scheduled_remove(to_suspend)
        events = [
            ClaimEvent(
                claim_id=m["claim_id"],
                kind="period:missed",
                actor_role=Actor.SYSTEM,
                data={
                    "month": m["index"],
                    "window_first": m["window_first"].isoformat(),
                    "window_last": m["window_last"].isoformat(),
                    "decision_by": calendar.working_days_after(
                        m["window_last"], m["rules"].suspension_decision_working_days
                    ).isoformat(),
                },
            )
            for m in to_suspend
        ]
        events += [
            ClaimEvent(
                claim_id=claim_id,
                kind="payment:cancelled",
                actor_role=Actor.SYSTEM,
                data={
                    "why": "suspended",
                    "installments": [
                        {
                            "number": number,
                            "amount": amount,
                            "period_start": period_start.isoformat(),
                            "period_end": period_end.isoformat(),
                        }
                    ],
                },
            )
            for claim_id, number, amount, period_start, period_end in scheduled
        ]
        ClaimEvent.objects.bulk_create(events, batch_size=2000)
        # The suspension decisions are made by a worker (a chunk of claims per task).
        suspended_claims = sorted({m["claim_id"] for m in to_suspend})
        for first in range(0, len(suspended_claims), 200):
            task_after_commit(
                "claims.tasks.period_decisions", suspended_claims[first : first + 200]
            )
        last_missed: dict[int, dict[str, Any]] = {}
        for m in to_suspend:
            last_missed[m["claim_id"]] = m
        paying = [cid for cid in last_missed if claims[cid].status == Status.PAYING]
        claim_transition_many(
            claim_ids=paying,
            from_status=Status.PAYING,
            to_status=Status.SUSPENDED,
            reasons={cid: _suspension_reason(last_missed[cid]) for cid in paying},
            data={cid: {"month": last_missed[cid]["index"]} for cid in paying},
        )
    return len(to_suspend), ending


def _scheduled_remove(months: list[dict[str, Any]]) -> list[tuple[int, int, int, date, date]]:
    """Remove these months' never-ordered installments from the schedule; returns (claim,
    number, amount, period start, period end) of each removed, for the cancelled events.

    On PostgreSQL one statement (no instances, no deletion collector: 10,000 suspended months
    in the monthly cycle); an installment that has an order stays (NOT EXISTS), as the foreign
    keys would insist anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM claims_paymentinstallment i USING unnest(%s::bigint[], %s::int[]) "
                "AS m(claim_id, number) WHERE i.claim_id = m.claim_id AND i.number = m.number "
                "AND i.status = %s AND NOT EXISTS (SELECT 1 FROM claims_paymentorder o "
                "WHERE o.installment_id = i.id) "
                "RETURNING i.claim_id, i.number, i.amount, i.period_start, i.period_end",
                [[m["claim_id"] for m in months], [m["index"] for m in months], IS.SCHEDULED],
            )
            return sorted(cursor.fetchall())
    numbers = {(m["claim_id"], m["index"]) for m in months}
    rows = [
        i
        for i in PaymentInstallment.objects.filter(
            claim_id__in={m["claim_id"] for m in months},
            number__in={m["index"] for m in months},
            status=IS.SCHEDULED,
        ).only("pk", "claim_id", "number", "amount", "period_start", "period_end")
        if (i.claim_id, i.number) in numbers
    ]
    PaymentInstallment.objects.filter(pk__in=[i.pk for i in rows]).delete()
    return sorted((i.claim_id, i.number, i.amount, i.period_start, i.period_end) for i in rows)


def _suspension_reason(month: dict[str, Any]) -> str:
    return _(
        "Không thông báo tìm kiếm việc làm tháng thứ %(k)s (hạn %(first)s – %(last)s): "
        "tháng này không được chi trả (Luật 74/2025/QH15 Điều 41.2). Thông báo đúng hạn "
        "tháng sau để tiếp tục hưởng."
    ) % {
        "k": month["index"],
        "first": date_vi(month["window_first"]),
        "last": date_vi(month["window_last"]),
    }


def _claim_windows_close(claim_id: int, *, on: date, now: datetime) -> tuple[int, int]:
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        if claim.status not in IN_PERIOD:
            return 0, 0
        months = list(claim.benefit_months.select_for_update().order_by("index"))
        missed = [
            m
            for m in months
            if m.closed_at is None and m.window_last < on and m.status == BM.DUE and m.index >= 2
        ]
        if not missed:
            return 0, 0
        period = selectors.period_rules(claim)
        ended_by: BenefitMonth | None = None
        for month in missed:
            month.status = BM.SUSPENDED
            month.closed_at = now
            month.save(update_fields=["status", "closed_at", "updated_at"])
            if (
                selectors.misses_in_row(months, before_index=month.index + 1)
                >= period.misses_to_end
            ):
                ended_by = month
                break
        installments_cancel(
            claim,
            missed if ended_by is None else [m for m in missed if m.index <= ended_by.index],
            "suspended",
        )
        last = missed[-1] if ended_by is None else ended_by
        if ended_by is not None:
            effective = ended_by.window_last + timedelta(days=1)
            months_received = sum(1 for m in months if m.index <= ended_by.index)
            n = selectors.contribution_months(claim)
            termination = Termination.objects.create(
                claim=claim,
                ground="đ",
                event_date=effective,
                effective_on=effective,
                reported_by_worker=False,
                state=Termination.State.SIGNED,
                signed_at=now,
                months_received=months_received,
                reserved_months=min(n, rules.reserved_at_approval(n, len(months), period)),
            )
            if claim.status == Status.DECISION_ISSUED:
                claim_transition(claim_id=claim.pk, to_status=Status.PAYING, actor=None)
                claim.status = Status.PAYING
            end_apply(claim, termination=termination, actor=None, defer=True)
            return len([m for m in missed if m.index <= ended_by.index]), 1
        for month in missed:
            decision_kind_issue(
                claim=claim,
                kind="suspension",
                facts=suspension_facts(month),
                key=f"suspension:{month.index}",
            )
            ClaimEvent.objects.create(
                claim=claim,
                kind="period:missed",
                actor_role=Actor.SYSTEM,
                data={
                    "month": month.index,
                    "window_first": month.window_first.isoformat(),
                    "window_last": month.window_last.isoformat(),
                    "decision_by": selectors.period_calendar()
                    .working_days_after(month.window_last, period.suspension_decision_working_days)
                    .isoformat(),
                },
            )
        if claim.status == Status.PAYING:
            claim_transition(
                claim_id=claim.pk,
                to_status=Status.SUSPENDED,
                actor=None,
                reason=_(
                    "Không thông báo tìm kiếm việc làm tháng thứ %(k)s (hạn %(first)s – %(last)s): "
                    "tháng này không được chi trả (Luật 74/2025/QH15 Điều 41.2). Thông báo đúng hạn "
                    "tháng sau để tiếp tục hưởng."
                )
                % {
                    "k": last.index,
                    "first": date_vi(last.window_first),
                    "last": date_vi(last.window_last),
                },
                data={"month": last.index},
            )
        return len(missed), 0


def periods_complete(*, on: date | None = None) -> int:
    """Periods whose last month has passed: record the reserved months (the remainder at
    approval), once. The claim's completion itself follows its last payment (claims.payments)."""
    on = on or timezone.localdate()
    done = 0
    claims = (
        Claim.objects.filter(status__in=[Status.COMPLETED, Status.PAYING, Status.SUSPENDED])
        .filter(benefit_months__isnull=False, reserved_months__isnull=True)
        .distinct()
    )
    for claim in claims[:5000]:
        months = list(claim.benefit_months.order_by("index"))
        if not months or months[-1].end >= on or claim.status != Status.COMPLETED:
            continue
        with transaction.atomic():
            months_reserve(claim, termination=None, ended_on=months[-1].end)
            done += 1
    return done


def periods_finish(*, on: date | None = None) -> int:
    """Periods run to their end (the last month over, every window judged, nothing left to
    pay) whose claim is still paying or suspended: completed. The payments complete a claim
    at its last payment; a period whose last month was suspended has no last payment."""
    on = on or timezone.localdate()
    unpaid = PaymentInstallment.objects.filter(claim=OuterRef("pk")).exclude(status=IS.PAID)
    open_months = BenefitMonth.objects.filter(claim=OuterRef("pk")).filter(
        Q(end__gte=on) | Q(closed_at__isnull=True, index__gte=2)
    )
    finished = list(
        Claim.objects.filter(status__in=[Status.PAYING, Status.SUSPENDED])
        .filter(Exists(BenefitMonth.objects.filter(claim=OuterRef("pk"))))
        .exclude(Exists(unpaid))
        .exclude(Exists(open_months))
        .exclude(Exists(Termination.objects.filter(claim=OuterRef("pk"), state="proposed")))
        .values_list("pk", flat=True)[:5000]
    )
    done = 0
    for claim_id in finished:
        try:
            claim_transition(
                claim_id=claim_id,
                to_status=Status.COMPLETED,
                actor=None,
                reason=_("Đã hết thời gian hưởng trợ cấp."),
            )
            done += 1
        except ClaimError:
            logger.info("claim %s could not be completed now", claim_id, exc_info=True)
    return done


def months_paid_sync() -> int:
    """Mark months whose installment is paid (one UPDATE)."""
    return BenefitMonth.objects.filter(
        installment__status=IS.PAID, status__in=[BM.DUE, BM.NOTIFIED]
    ).update(status=BM.PAID, updated_at=timezone.now())


def period_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Find again what a lost task or a dead process left: months not laid out, installments
    not linked, windows not judged, paid months not marked, ended periods not reserved."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    laid = 0
    missing = (
        Claim.objects.filter(status__in=IN_PERIOD, benefit_months__isnull=True)
        .filter(proposals__kind=Proposal.Kind.APPROVE, proposals__outcome=Proposal.Outcome.SIGNED)
        .values_list("pk", flat=True)
        .order_by("pk")
        .distinct()[:SWEEP_LAY_OUT_LIMIT]
    )
    for claim_id in list(missing):
        try:
            if period_lay_out(claim_id=claim_id):
                laid += 1
        except Exception:
            logger.exception("benefit months of claim %s could not be laid out", claim_id)
    linked = installments_link()
    closed = windows_close(on=today)
    decisions = period_decisions_issue(claim_ids=decisions_missing())
    return {
        "laid_out": laid,
        "linked": linked,
        "suspended": closed.suspended,
        "ended": closed.ended,
        "paid": months_paid_sync(),
        "finished": periods_finish(on=today),
        "decisions": decisions,
        "reserved": periods_complete(on=today),
    }
