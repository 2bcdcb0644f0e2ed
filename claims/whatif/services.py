"""What a draft rule set would change: a period's claims under the published and the draft rules.

For every claim whose (declared) termination date falls in the period and whose status is not
draft or withdrawn, the claim's declared facts and the person's record are compared with
eligibility's pure `outcomes_compare` (eligibility.whatif_rules: the rule book in force against
the draft treated as published). Nothing is written to the claims: the draft takes effect only
when it is published (eligibility.services). A run (eligibility's WhatIfRun) goes through the
claims chunk by chunk on a bulk worker (claims.whatif.tasks) and keeps its totals and cursor.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.filing.services import claim_filing_date, declared_from
from claims.models import Claim
from common.tasks import task_after_commit
from eligibility.models import RuleSet
from eligibility.registry import PersonRecord, get_registry
from eligibility.whatif_models import WhatIfRun
from eligibility.whatif_rules import Outcome, empty_summary, outcomes_compare, summary_add
from identity.models import User

logger = logging.getLogger(__name__)

#: Claims compared per chunk; progress is saved after each chunk.
CHUNK_SIZE = 200
#: At most this many affected claims are listed in a run's results (the totals count them all).
AFFECTED_LIMIT = 2000
#: How long a worker holds a run without saving progress before it is presumed lost.
LEASE = timedelta(minutes=10)
#: A run still queued this long after it was requested has lost its task (broker down).
QUEUED_GRACE = timedelta(minutes=2)
#: The longest period one run may cover, in days (about five years).
MAX_PERIOD_DAYS = 5 * 366
EXCLUDED_STATUSES = ("draft", "withdrawn")


class WhatIfError(Exception):
    """A what-if request that cannot run (not a draft, period in the wrong order, ...)."""


def whatif_claims(*, period_start: date, period_end: date) -> QuerySet[Any]:
    """The claims a what-if run compares, in a stable order (by id)."""
    return (
        Claim.objects.filter(termination_date__gte=period_start, termination_date__lte=period_end)
        .exclude(status__in=EXCLUDED_STATUSES)
        .order_by("id")
    )


def whatif_compare_claim(
    *, claim: Any, record: PersonRecord | None, draft: RuleSet
) -> tuple[Outcome, Outcome] | None:
    """(published, draft) outcomes of one claim, or None when it cannot be assessed at all."""
    if record is None or claim.termination_date is None:
        return None
    decided = timezone.localdate(claim.decided_at) if claim.decided_at else None
    return outcomes_compare(
        personal_id=claim.personal_id,
        declared=declared_from(claim),
        filed=claim_filing_date(claim),
        decided=decided,
        record=record,
        draft=draft,
    )


def _row(claim: Any, before: Outcome, after: Outcome) -> dict[str, Any]:
    """One affected claim as the run's results list it."""
    return {
        "claim_id": claim.pk,
        "reference": claim.reference or "",
        "termination_date": claim.termination_date.isoformat(),
        "status": claim.status,
        "eligible_before": before.eligible,
        "eligible_after": after.eligible,
        "monthly_before": before.monthly,
        "monthly_after": after.monthly,
        "months_before": before.months,
        "months_after": after.months,
        "cost_before": before.cost,
        "cost_after": after.cost,
    }


def whatif_compare(
    *, claims: list[Any], draft: RuleSet, records: dict[str, PersonRecord]
) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """The summary and the affected claims of comparing `claims` (no database writes)."""
    summary = empty_summary()
    affected = []
    for claim in claims:
        outcome = whatif_compare_claim(
            claim=claim, record=records.get(claim.personal_id), draft=draft
        )
        if outcome is None:
            summary["not_assessable"] += 1
            continue
        if summary_add(summary, *outcome):
            affected.append(_row(claim, *outcome))
    return summary, affected


# --- Runs -------------------------------------------------------------------------------------


def whatif_request(
    *, draft: RuleSet, period_start: date, period_end: date, requested_by: User
) -> WhatIfRun:
    """Create a run and schedule its task after commit."""
    if draft.status != RuleSet.Status.DRAFT:
        raise WhatIfError(_("Chỉ phân tích tác động được cho một bản nháp chưa công bố."))
    if period_start > period_end:
        raise WhatIfError(_("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
    if (period_end - period_start).days > MAX_PERIOD_DAYS:
        raise WhatIfError(_("Khoảng thời gian tối đa là 5 năm."))
    with transaction.atomic():
        run = WhatIfRun.objects.create(
            draft=draft,
            period_start=period_start,
            period_end=period_end,
            requested_by=requested_by,
            total=whatif_claims(period_start=period_start, period_end=period_end).count(),
        )
        task_after_commit("eligibility.tasks.whatif_run", run.pk)
    return run


def whatif_execute(*, run_id: int, chunk_size: int = CHUNK_SIZE) -> WhatIfRun:
    """Compare the run's claims chunk by chunk, saving progress and the cursor after each chunk.

    Idempotent: a finished run is left alone; a run interrupted while running resumes after the
    last claim it saved (its totals were saved with that same cursor).
    """
    # Exactly one worker wins a run: a queued one, or a running one whose worker stopped
    # renewing its lease (lost). A redelivered task finds the lease held and does nothing.
    now = timezone.now()
    claimed = (
        WhatIfRun.objects.filter(pk=run_id)
        .filter(
            Q(status=WhatIfRun.Status.QUEUED)
            | Q(status=WhatIfRun.Status.RUNNING, lease_until__isnull=True)
            | Q(status=WhatIfRun.Status.RUNNING, lease_until__lt=now)
        )
        .update(status=WhatIfRun.Status.RUNNING, lease_until=now + LEASE)
    )
    run = WhatIfRun.objects.select_related("draft").get(pk=run_id)
    if not claimed:
        return run
    if run.started_at is None:
        run.started_at = timezone.now()
        run.save(update_fields=["started_at"])
    results = run.results or {}
    summary: dict[str, int] = {**empty_summary(), **results.get("summary", {})}
    affected: list[dict[str, Any]] = list(results.get("affected", []))
    cursor = int(results.get("cursor", 0))
    claims = whatif_claims(period_start=run.period_start, period_end=run.period_end)
    registry = get_registry()
    try:
        while True:
            chunk = list(claims.filter(pk__gt=cursor)[:chunk_size])
            if not chunk:
                break
            records = registry.person_records({c.personal_id for c in chunk})
            part, rows = whatif_compare(claims=chunk, draft=run.draft, records=records)
            for key, value in part.items():
                summary[key] += value
            affected.extend(rows)
            cursor = chunk[-1].pk
            done = run.done + len(chunk)
            WhatIfRun.objects.filter(pk=run.pk).update(
                done=done,
                total=max(run.total, done),
                lease_until=timezone.now() + LEASE,
                results={
                    "summary": summary,
                    "affected": affected[:AFFECTED_LIMIT],
                    "affected_count": len(affected),
                    "cursor": cursor,
                },
            )
            run.refresh_from_db()
    except Exception as error:
        logger.exception("what-if run %s failed", run_id)
        WhatIfRun.objects.filter(pk=run.pk).update(
            status=WhatIfRun.Status.FAILED,
            error=str(error)[:1000],
            finished_at=timezone.now(),
            lease_until=None,
        )
        run.refresh_from_db()
        return run
    WhatIfRun.objects.filter(pk=run.pk).update(
        status=WhatIfRun.Status.DONE,
        total=run.done,
        lease_until=None,
        finished_at=timezone.now(),
        results={
            "summary": summary,
            "affected": affected[:AFFECTED_LIMIT],
            "affected_count": len(affected),
            "cursor": cursor,
        },
    )
    run.refresh_from_db()
    return run


def whatif_runs_lost() -> list[int]:
    """Runs whose task was lost: queued too long, or running with an expired lease (the sweep)."""
    now = timezone.now()
    return list(
        WhatIfRun.objects.filter(
            Q(status=WhatIfRun.Status.QUEUED, created_at__lt=now - QUEUED_GRACE)
            | Q(status=WhatIfRun.Status.RUNNING, lease_until__lt=now)
        ).values_list("pk", flat=True)
    )


def whatif_progress(run: WhatIfRun) -> dict[str, Any]:
    """The small JSON the admin page polls."""
    return {
        "id": run.pk,
        "status": run.status,
        "status_label": str(run.get_status_display()),
        "done": run.done,
        "total": run.total,
        "percent": run.percent,
        "finished": run.finished,
    }
