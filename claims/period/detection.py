"""The social-security store tells the center about a new job (issue 16; RULES.md "After the
decision", example 4).

A benefit recipient whose record in the store shows a contribution from an employer other than
the one they left, for a month after the termination and within the benefit period, has found
an insured job (Law 74/2025 Art. 41.4.a) without reporting it. The sweep then, for that claim:

- flags it (`new_job_in_store`, needs review: the center's queue shows it);
- records the event as the store's finding (claims.period.services.event_report, source
  "store", reported False), which proposes the termination from the job's start date by the
  system, with the months received, the reserved months and the money paid after the start
  (P1's engine decides the amounts; a signer signs, four eyes);
- writes a claim event with what the store showed.

The job's start is the start of the new employer's contract in the store when it reports one,
else the first day of the first month contributed **[convention]**. Found again by the next run:
a claim with the store's job event is not looked at again (idempotent), and a run that stops
half-way is finished by the next one. Only the store's records are read (four queries per
chunk of people, eligibility.registry).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from claims.core.exceptions import ClaimError
from claims.core.transitions import Actor, Status
from claims.models import Claim, ClaimEvent, ClaimFlag
from claims.period.models import BenefitMonth, PeriodEvent
from claims.period.services import event_report
from eligibility.records.models import Contribution, EmploymentSpell
from eligibility.registry import (
    DatabaseRegistry,
    PersonRecord,
    SocialSecurityRegistry,
    get_registry,
    month_start,
    read_only_store,
)

logger = logging.getLogger(__name__)

FLAG_CODE = "new_job_in_store"
#: Claims whose benefit runs: a job found then ends it.
ACTIVE = (Status.DECISION_ISSUED, Status.PAYING, Status.SUSPENDED)
CHUNK = 1000


@dataclass(frozen=True)
class NewJob:
    employer_tax_code: str
    employer_name: str
    start: date
    first_month: date


@dataclass(frozen=True)
class Seen:
    """What the store shows of a person that matters here: contributions (month, employer tax
    code, employer name) and contract starts (employer tax code, start date)."""

    contributions: tuple[tuple[date, str, str], ...]
    starts: tuple[tuple[str, date], ...]


def seen_in(record: PersonRecord) -> Seen:
    return Seen(
        contributions=tuple(
            (c.month, c.employer_tax_code, c.employer_name) for c in record.contributions
        ),
        starts=tuple((s.employer.tax_code, s.start_date) for s in record.spells),
    )


def new_job_in(
    seen: Seen, *, former_employer: str, terminated_on: date, period_end: date
) -> NewJob | None:
    """The earliest insured job the store shows after the termination and by `period_end`: a
    contribution from an employer other than `former_employer` for a month after the
    termination month, dated by that employer's contract start when the store has it."""
    after_month = month_start(terminated_on)
    months: dict[str, tuple[date, str]] = {}
    for month, tax_code, name in seen.contributions:
        if tax_code == former_employer or not after_month < month <= period_end:
            continue
        first = months.get(tax_code)
        if first is None or month < first[0]:
            months[tax_code] = (month, name)
    jobs = []
    for tax_code, (first_month, name) in months.items():
        starts = [
            start
            for employer, start in seen.starts
            if employer == tax_code and terminated_on < start <= period_end
        ]
        jobs.append(NewJob(tax_code, name, min(starts) if starts else first_month, first_month))
    if not jobs:
        return None
    return min(jobs, key=lambda job: (job.start, job.employer_tax_code))


def store_seen(registry: SocialSecurityRegistry, since: dict[str, date]) -> dict[str, Seen]:
    """personal_id -> what the store shows after `since[personal_id]` (the termination).

    On the store's database only the months and contracts after the chunk's earliest
    termination are read (two queries, a few rows a person, whatever the length of their
    history); another registry (tests, an outside service) gives whole records.
    """
    if not isinstance(registry, DatabaseRegistry):
        return {pid: seen_in(r) for pid, r in registry.person_records(list(since)).items()}
    if not since:
        return {}
    earliest = min(since.values())
    ids = sorted(since)
    with read_only_store(registry.using):
        contributions = list(
            Contribution.objects.using(registry.using)
            .filter(person__personal_id__in=ids, month__gt=month_start(earliest))
            .values_list("person__personal_id", "month", "employer__tax_code", "employer__name")
        )
        starts = list(
            EmploymentSpell.objects.using(registry.using)
            .filter(person__personal_id__in=ids, start_date__gt=earliest)
            .values_list("person__personal_id", "employer__tax_code", "start_date")
        )
    found: dict[str, tuple[list[tuple[date, str, str]], list[tuple[str, date]]]] = {
        pid: ([], []) for pid in ids
    }
    for pid, month, tax_code, name in contributions:
        found[pid][0].append((month, tax_code, name))
    for pid, tax_code, start in starts:
        found[pid][1].append((tax_code, start))
    return {pid: Seen(tuple(c), tuple(s)) for pid, (c, s) in found.items() if c}


def _candidates() -> list[int]:
    """Active benefit periods the store has not yet been found to end (ids, ascending)."""
    store_job = PeriodEvent.objects.filter(
        claim=OuterRef("pk"), kind="job_started", source=PeriodEvent.Source.STORE
    )
    has_months = BenefitMonth.objects.filter(claim=OuterRef("pk"))
    return list(
        Claim.objects.filter(status__in=ACTIVE, termination_date__isnull=False)
        .filter(Exists(has_months))
        .exclude(Exists(store_job))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@dataclass
class DetectResult:
    looked_at: int = 0
    found: int = 0
    errors: int = 0
    claims: list[int] = field(default_factory=list)


def new_jobs_detect(*, today: date | None = None, chunk: int = CHUNK) -> DetectResult:
    """Look every active benefit period up in the store; act on each new job found."""
    today = today or timezone.localdate()
    result = DetectResult()
    ids = _candidates()
    registry = get_registry()
    for start in range(0, len(ids), chunk):
        claims = list(Claim.objects.filter(pk__in=ids[start : start + chunk]).order_by("pk"))
        seen = store_seen(
            registry,
            {c.personal_id: c.termination_date for c in claims if c.termination_date is not None},
        )
        ends = _last_ends(claims)
        for claim in claims:
            result.looked_at += 1
            shown = seen.get(claim.personal_id)
            if shown is None or claim.termination_date is None or claim.pk not in ends:
                continue
            job = new_job_in(
                shown,
                former_employer=claim.employer_tax_code,
                terminated_on=claim.termination_date,
                period_end=ends[claim.pk],
            )
            if job is None:
                continue
            try:
                if new_job_act(claim_id=claim.pk, job=job, today=today):
                    result.found += 1
                    result.claims.append(claim.pk)
            except ClaimError:
                # The claim moved on meanwhile (ended, a termination already open): leave it
                # to the people handling it; the next run looks again.
                logger.info("new job for claim %s not acted on", claim.pk, exc_info=True)
                result.errors += 1
    return result


def _last_ends(claims: list[Claim]) -> dict[int, date]:
    ends: dict[int, date] = {}
    for claim_id, end in BenefitMonth.objects.filter(claim__in=claims).values_list(
        "claim_id", "end"
    ):
        if claim_id not in ends or end > ends[claim_id]:
            ends[claim_id] = end
    return ends


def new_job_act(*, claim_id: int, job: NewJob, today: date) -> bool:
    """Flag the claim, record the store's event (which proposes the termination) and write the
    claim event, in one transaction. False when the store's job is already recorded."""
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        if PeriodEvent.objects.filter(
            claim=claim, kind="job_started", source=PeriodEvent.Source.STORE
        ).exists():
            return False
        ClaimFlag.objects.get_or_create(
            claim=claim, code=FLAG_CODE, defaults={"severity": ClaimFlag.Severity.NEEDS_REVIEW}
        )
        details = {
            "employer_tax_code": job.employer_tax_code,
            "employer": job.employer_name,
            "first_month": job.first_month.isoformat(),
            "seen_on": today.isoformat(),
        }
        event = event_report(
            claim,
            by=None,
            kind="job_started",
            date=job.start,
            reported=False,
            source=PeriodEvent.Source.STORE,
            details=details,
        )
        ClaimEvent.objects.create(
            claim=claim,
            kind="new_job_in_store",
            actor=None,
            actor_role=Actor.SYSTEM,
            data={**details, "job_start": job.start.isoformat(), "event": event.pk},
        )
    return True
