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
half-way is finished by the next one. Only the store's records are read: one statement per
chunk of periods returns only another employer's months within each period, then the contracts
of the few found (store_seen).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connections, transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from claims.core.transitions import Actor, Status
from claims.models import Claim, ClaimEvent, ClaimFlag
from claims.period.ending import event_logged, figures_of, proposal_logged, termination_row
from claims.period.guards import out_of_period
from claims.period.models import BenefitMonth, PeriodEvent, Termination
from claims.period.selectors import IN_PERIOD
from eligibility.calculator import period as rules
from eligibility.records.models import Contribution, Employer, EmploymentSpell, Person
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
CHUNK = 5000


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


_SEEN_SQL = """
WITH wanted (personal_id, after_month, former, until) AS (VALUES {values})
SELECT w.personal_id, c.month, e.tax_code, e.name
FROM wanted w
JOIN {person} p ON p.personal_id = w.personal_id
JOIN {contribution} c ON c.person_id = p.id AND c.month > w.after_month AND c.month <= w.until
JOIN {employer} e ON e.id = c.employer_id AND e.tax_code <> w.former
ORDER BY w.personal_id, c.month, e.tax_code
"""


def store_seen(
    registry: SocialSecurityRegistry,
    since: dict[str, date],
    *,
    former: dict[str, str] | None = None,
    until: dict[str, date] | None = None,
) -> dict[str, Seen]:
    """personal_id -> what the store shows after `since[personal_id]` (the termination), for
    the people it shows anything for.

    `former` (personal_id -> the employer left) and `until` (-> the period's last day) narrow
    it further: only another employer's months, only up to the period's end. On the store's
    database this is one statement for the whole chunk (a join of the people wanted, as a
    VALUES list, on the store's people and their contributions by the (person, month) index:
    only the rows that can be a new job come back), then the contracts of the few people found;
    another registry (tests, an outside service) gives whole records.
    """
    if not isinstance(registry, DatabaseRegistry):
        return {pid: seen_in(r) for pid, r in registry.person_records(list(since)).items()}
    if not since:
        return {}
    former, until = former or {}, until or {}
    ids = sorted(since)
    params: list[Any] = []
    for pid in ids:
        # No filter is a filter no row fails: no tax code is empty, no month after date.max.
        params += [pid, month_start(since[pid]), former.get(pid, ""), until.get(pid, date.max)]
    sql = _SEEN_SQL.format(
        values=", ".join(["(%s, %s, %s, %s)"] * len(ids)),
        person=Person._meta.db_table,
        contribution=Contribution._meta.db_table,
        employer=Employer._meta.db_table,
    )
    found: dict[str, tuple[list[tuple[date, str, str]], list[tuple[str, date]]]] = {}
    with read_only_store(registry.using):
        with connections[registry.using].cursor() as cursor:
            cursor.execute(sql, params)
            for pid, month, tax_code, name in cursor.fetchall():
                found.setdefault(pid, ([], []))[0].append((month, tax_code, name))
        if found:
            starts = (
                EmploymentSpell.objects.using(registry.using)
                .filter(person__personal_id__in=sorted(found))
                .filter(start_date__gt=min(since[pid] for pid in found))
                .values_list("person__personal_id", "employer__tax_code", "start_date")
            )
            for pid, tax_code, start in starts:
                if start > since[pid]:
                    found[pid][1].append((tax_code, start))
    return {pid: Seen(tuple(c), tuple(s)) for pid, (c, s) in found.items()}


@dataclass(frozen=True)
class Candidate:
    """An active benefit period as the store is asked about it."""

    claim_id: int
    personal_id: str
    former_employer: str
    terminated_on: date
    period_end: date


def _candidates() -> list[Candidate]:
    """Active benefit periods the store has not yet been found to end, with what the store is
    asked about them (one query; ascending claim ids)."""
    store_job = PeriodEvent.objects.filter(
        claim=OuterRef("pk"), kind="job_started", source=PeriodEvent.Source.STORE
    )
    last_end = (
        BenefitMonth.objects.filter(claim=OuterRef("pk")).order_by("-index").values("end")[:1]
    )
    rows = (
        Claim.objects.filter(status__in=ACTIVE, termination_date__isnull=False)
        .exclude(Exists(store_job))
        .annotate(period_end=Subquery(last_end))
        .filter(period_end__isnull=False)
        .order_by("pk")
        .values_list("pk", "personal_id", "employer_tax_code", "termination_date", "period_end")
    )
    return [
        Candidate(claim_id, personal_id, former, terminated_on, period_end)
        for claim_id, personal_id, former, terminated_on, period_end in rows
        if terminated_on is not None
    ]


@dataclass
class DetectResult:
    looked_at: int = 0
    found: int = 0
    errors: int = 0
    claims: list[int] = field(default_factory=list)


def jobs_found(
    registry: SocialSecurityRegistry, candidates: list[Candidate]
) -> list[tuple[Candidate, NewJob]]:
    """The candidates the store shows a new job for, with the job (new_job_in judges)."""
    by_person: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_person.setdefault(candidate.personal_id, []).append(candidate)
    since = {pid: min(c.terminated_on for c in cs) for pid, cs in by_person.items()}
    until = {pid: max(c.period_end for c in cs) for pid, cs in by_person.items()}
    # Two periods of one person left different employers: ask for every employer's months.
    former = {
        pid: cs[0].former_employer
        for pid, cs in by_person.items()
        if len({c.former_employer for c in cs}) == 1
    }
    seen = store_seen(registry, since, former=former, until=until)
    found = []
    for candidate in candidates:
        shown = seen.get(candidate.personal_id)
        if shown is None:
            continue
        job = new_job_in(
            shown,
            former_employer=candidate.former_employer,
            terminated_on=candidate.terminated_on,
            period_end=candidate.period_end,
        )
        if job is not None:
            found.append((candidate, job))
    return found


def new_jobs_detect(*, today: date | None = None, chunk: int = CHUNK) -> DetectResult:
    """Look every active benefit period up in the store; act on each new job found.

    Set-based: one query lists the periods with what the store is asked (the former employer,
    the termination, the period's last day), one store statement a chunk finds the few with
    another employer's contribution in their period, and only those go through the per-claim
    path, in bulk (new_jobs_act: one transaction a chunk).
    """
    today = today or timezone.localdate()
    result = DetectResult()
    candidates = _candidates()
    result.looked_at = len(candidates)
    registry = get_registry()
    for start in range(0, len(candidates), chunk):
        found = jobs_found(registry, candidates[start : start + chunk])
        acted, refused = new_jobs_act(
            [(candidate.claim_id, job) for candidate, job in found], today=today
        )
        result.found += len(acted)
        result.claims += acted
        # The claim moved on meanwhile (ended, its period changed): left to the people
        # handling it; the next run looks again.
        for claim_id, status in refused:
            logger.info("new job for claim %s (%s) not acted on", claim_id, status)
        result.errors += len(refused)
    return result


def new_job_act(*, claim_id: int, job: NewJob, today: date) -> bool:
    """Act on one claim's new job (new_jobs_act for one). False when the store's job is
    already recorded; ClaimError when the claim moved on (its benefit no longer runs)."""
    acted, refused = new_jobs_act([(claim_id, job)], today=today)
    if refused:
        raise out_of_period(refused[0][1])
    return bool(acted)


def new_jobs_act(
    found: list[tuple[int, NewJob]], *, today: date
) -> tuple[list[int], list[tuple[int, str]]]:
    """For each (claim id, job) the store showed: flag the claim, record the store's event
    (job_started from the job's start, reported False), propose the termination by the
    system (unless one is open; a signer signs, four eyes) and write the claim event of what
    the store showed: what claims.period.services.event_report records for it, in one
    transaction and a few statements for the whole list. A claim whose store job is already
    recorded is skipped (idempotent). Returns (claims acted on, (claim, status) of those left
    alone because their benefit no longer runs or the job lies after their period).
    """
    if not found:
        return [], []
    ground = rules.GROUND_OF_KIND["job_started"]
    with transaction.atomic():
        ids = sorted({claim_id for claim_id, _job in found})
        claims = Claim.objects.select_for_update().in_bulk(ids)
        done = set(
            PeriodEvent.objects.filter(
                claim_id__in=ids, kind="job_started", source=PeriodEvent.Source.STORE
            ).values_list("claim_id", flat=True)
        )
        months: dict[int, list[BenefitMonth]] = {}
        for month in (
            BenefitMonth.objects.filter(claim_id__in=ids)
            .select_related("installment")
            .order_by("claim_id", "index")
        ):
            months.setdefault(month.claim_id, []).append(month)
        open_ends = set(
            Termination.objects.filter(
                claim_id__in=ids,
                state__in=[Termination.State.PROPOSED, Termination.State.SIGNED],
            ).values_list("claim_id", flat=True)
        )
        todo: list[tuple[Claim, NewJob, dict[str, str]]] = []
        refused: list[tuple[int, str]] = []
        for claim_id, job in found:
            claim = claims.get(claim_id)
            if claim is None or claim_id in done:
                continue
            runs = claim.status in IN_PERIOD and claim_id in months
            if not runs or job.start > months[claim_id][-1].end:
                refused.append((claim_id, claim.status))
                continue
            done.add(claim_id)
            details = {
                "employer_tax_code": job.employer_tax_code,
                "employer": job.employer_name,
                "first_month": job.first_month.isoformat(),
                "seen_on": today.isoformat(),
            }
            todo.append((claim, job, details))
        if not todo:
            return [], refused
        ClaimFlag.objects.bulk_create(
            [
                ClaimFlag(claim=claim, code=FLAG_CODE, severity=ClaimFlag.Severity.NEEDS_REVIEW)
                for claim, _job, _details in todo
            ],
            ignore_conflicts=True,
        )
        events = PeriodEvent.objects.bulk_create(
            [
                PeriodEvent(
                    claim=claim,
                    kind="job_started",
                    date=job.start,
                    reported=False,
                    source=PeriodEvent.Source.STORE,
                    details=details,
                )
                for claim, job, details in todo
            ]
        )
        figures = {
            claim.pk: figures_of(
                claim, months[claim.pk], ground=ground, event_date=job.start, reported=False
            )
            for claim, job, _details in todo
            if claim.pk not in open_ends
        }
        terminations = {
            t.claim_id: t
            for t in Termination.objects.bulk_create(
                [
                    termination_row(
                        claim,
                        by=None,
                        ground=ground,
                        event_date=job.start,
                        reported=False,
                        event=event,
                        figures=figures[claim.pk],
                    )
                    for (claim, job, _details), event in zip(todo, events, strict=True)
                    if claim.pk in figures
                ]
            )
        }
        logged: list[ClaimEvent] = []
        for (claim, job, details), event in zip(todo, events, strict=True):
            logged.append(event_logged(event, actor=Actor.SYSTEM))
            if claim.pk in terminations:
                logged.append(proposal_logged(terminations[claim.pk], figures=figures[claim.pk]))
            logged.append(
                ClaimEvent(
                    claim=claim,
                    kind="new_job_in_store",
                    actor=None,
                    actor_role=Actor.SYSTEM,
                    data={**details, "job_start": job.start.isoformat(), "event": event.pk},
                )
            )
        ClaimEvent.objects.bulk_create(logged, batch_size=2000)
    return [claim.pk for claim, _job, _details in todo], refused
