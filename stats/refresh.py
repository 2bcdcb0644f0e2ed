"""Rebuild the summary tables: set-based GROUP BY queries over claims, decisions, payments,
benefit months and terminations, joined to each claim's profile (docs/adr/0015).

`summaries_refresh` is the one service that writes them (the beat task and the bench call
it). It is idempotent: it first completes the profiles of claims filed or decided since the
last run (the only per-claim work, done once per claim and reading the social-security store
in chunks), then replaces every summary row in one transaction, so a page reads either the
old figures or the new ones, never half of each. Two runs at once queue on the state row.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.fields import DateField
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.utils import timezone

from claims.models import BenefitMonth, Claim, PaymentInstallment, Proposal, Termination
from eligibility.records.models import EmploymentSpell, Person
from eligibility.registry import add_months, month_start, read_only_store
from stats.dimensions import age_band
from stats.models import (
    ApprovalRate,
    ClaimProfile,
    DecisionDays,
    Outflow,
    RefreshState,
    Summary,
)
from stats.path import PATH_MEASURES, path_rows

#: Claims profiled per chunk (one store query each for people and for contracts).
PROFILE_CHUNK = 2000
#: A province's own approval rate is used once it has this many decisions in the window.
MIN_PROVINCE_DECISIONS = 30
#: The projection's horizon, in months (this month included).
HORIZON_MONTHS = 12
#: Decisions looked at for the approval rate: those of the last twelve months.
RATE_WINDOW_MONTHS = 12

# Claim states, as stored (claims' transitions are the authority; these are the stats' reading).
APPROVED_STATES = ("approved", "paying", "completed", "suspended", "terminated")
REFUSED_STATES = ("rejected",)
ACTIVE_STATES = ("approved", "decision_issued", "paying")
PIPELINE_STATES = ("submitted", "in_review", "info_requested", "proposed")
#: Undecided claims a center still has to decide (the center dashboard's "open").
OPEN_STATES = PIPELINE_STATES
#: "Due soon" on the center dashboard: the deadline within this many days (today included).
DUE_SOON_DAYS = 5
UNPAID_INSTALLMENTS = ("scheduled", "ordered", "failed")

APPROVED_Q = Q(status__in=APPROVED_STATES) | Q(status="decision_issued", decision__kind="approval")
REFUSED_Q = Q(status__in=REFUSED_STATES) | Q(status="decision_issued", decision__kind="refusal")
#: Decided: the claim has its decision moment (claim.decided_at), whatever came of it since.
DECIDED_Q = Q(stats_profile__decided_month__isnull=False)
ACTIVE_Q = Q(status__in=("approved", "paying")) | Q(
    status="decision_issued", decision__kind="approval"
)

#: Dimension -> the claim field its value comes from ("month" is handled apart).
CLAIM_PATHS: dict[str, str] = {
    "province": "center__province_code",
    "age_band": "stats_profile__age_band",
    "sector": "stats_profile__sector",
    "contract_type": "stats_profile__contract_type",
    "termination_reason": "termination_reason",
}
PROVINCE = "center__province_code"
#: The province code of the whole country's precomputed cells.
NATIONAL = "*"
SEX = "stats_profile__sex"

MEASURES = (
    "filed",
    "decided",
    "approved",
    "refused",
    "decided_in_time",
    "benefit_total",
    "duration_total",
    "active",
    "suspended",
    "terminated",
    "paid_amount",
    "paid_claims",
    *PATH_MEASURES,
)

Key = tuple[str, str, str, str]


def round_half_up(value: Fraction) -> int:
    return int(Decimal(value.numerator / Decimal(value.denominator)).quantize(0, ROUND_HALF_UP))


# --- profiles ---------------------------------------------------------------------------


def _choose_spell(spells: list[Any], tax_code: str, termination: date | None) -> Any:
    """The contract the claim is about: the declared employer's one ending on the declared day,
    else the declared employer's latest, else the latest that ended (by end date)."""
    if not spells:
        return None
    exact = [s for s in spells if s[0] == tax_code and s[3] == termination]
    if exact:
        return exact[0]
    same = [s for s in spells if s[0] == tax_code]
    pool = same or spells
    return max(pool, key=lambda s: (s[3] or date.max, s[4]))


def _profiles(rows: list[tuple]) -> list[ClaimProfile]:
    ids = {row[1] for row in rows}
    with read_only_store():
        people = {
            pid: (sex, birth)
            for pid, sex, birth in Person.objects.filter(personal_id__in=ids).values_list(
                "personal_id", "sex", "birth_date"
            )
        }
        spells: dict[str, list[Any]] = defaultdict(list)
        for pid, *spell in EmploymentSpell.objects.filter(person__personal_id__in=ids).values_list(
            "person__personal_id",
            "employer__tax_code",
            "employer__sector",
            "contract_type",
            "end_date",
            "start_date",
        ):
            spells[pid].append(tuple(spell))
    profiles = []
    for claim_id, pid, tax_code, termination, declared_type, submitted_at in rows:
        filed_on = timezone.localdate(submitted_at)
        sex, birth = people.get(pid, ("", None))
        spell = _choose_spell(spells.get(pid, []), tax_code, termination)
        profiles.append(
            ClaimProfile(
                claim_id=claim_id,
                sex=sex or "",
                age_band=age_band(birth, filed_on),
                sector=(spell[1] if spell else "") or "",
                contract_type=(spell[2] if spell else declared_type) or "",
                filed_month=filed_on.replace(day=1),
            )
        )
    return profiles


def profiles_sync(*, chunk: int = PROFILE_CHUNK) -> int:
    """Profile the submitted claims that have none yet, then record the decisions made since;
    returns the number of profiles added. Each claim is read once, in chunks, by id."""
    added = 0
    after = 0
    while True:
        rows = list(
            Claim.objects.filter(
                submitted_at__isnull=False, stats_profile__isnull=True, id__gt=after
            )
            .order_by("id")
            .values_list(
                "id",
                "personal_id",
                "employer_tax_code",
                "termination_date",
                "contract_type",
                "submitted_at",
            )[:chunk]
        )
        if not rows:
            break
        ClaimProfile.objects.bulk_create(_profiles(rows), ignore_conflicts=True)
        added += len(rows)
        after = rows[-1][0]
    after = 0
    while True:
        decided = list(
            ClaimProfile.objects.filter(
                decided_month__isnull=True, claim__decided_at__isnull=False, claim_id__gt=after
            )
            .order_by("claim_id")
            .values_list(
                "claim_id", "claim__submitted_at", "claim__decided_at", "claim__decision_due"
            )[:chunk]
        )
        if not decided:
            break
        updates = []
        for claim_id, submitted_at, decided_at, due in decided:
            decided_on = timezone.localdate(decided_at)
            filed_on = timezone.localdate(submitted_at) if submitted_at else decided_on
            updates.append(
                ClaimProfile(
                    claim_id=claim_id,
                    decided_month=decided_on.replace(day=1),
                    decision_days=max((decided_on - filed_on).days, 0),
                    decided_in_time=None if due is None else decided_on <= due,
                )
            )
        ClaimProfile.objects.bulk_update(
            updates, ["decided_month", "decision_days", "decided_in_time"]
        )
        after = decided[-1][0]
    return added


# --- summaries --------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    if isinstance(value, date):
        return f"{value:%Y-%m}"
    return str(value)


def _counted() -> QuerySet[Claim]:
    return Claim.objects.filter(stats_profile__isnull=False)


def _decision_measures() -> dict[str, Any]:
    return {
        "decided": Count("id", filter=DECIDED_Q),
        "approved": Count("id", filter=APPROVED_Q),
        "refused": Count("id", filter=REFUSED_Q),
        "decided_in_time": Count("id", filter=DECIDED_Q & Q(stats_profile__decided_in_time=True)),
        "benefit_total": Sum("monthly_benefit", filter=APPROVED_Q),
        "duration_total": Sum("duration_months", filter=APPROVED_Q),
    }


def _add(cells: dict[Key, dict[str, int]], dimension: str, rows: Iterable[dict]) -> None:
    for row in rows:
        key = (dimension, _text(row.pop("v")), row.pop("p") or "", row.pop("s") or "")
        cell = cells[key]
        for measure, amount in row.items():
            cell[measure] = cell.get(measure, 0) + (amount or 0)


def _days(histogram: dict[Key, dict[int, int]], dimension: str, rows: Iterable[dict]) -> None:
    for row in rows:
        key = (dimension, _text(row["v"]), row["p"] or "", row["s"] or "")
        histogram[key][row["d"]] += row["n"]


def _group(qs: QuerySet[Any], value: Any, prefix: str = "") -> QuerySet[Any]:
    """GROUP BY the dimension's value (a path or an expression, seen from `qs`), the claim's
    province and sex (`prefix` leads from `qs` to the claim)."""
    value = F(value) if isinstance(value, str) else value
    return qs.values(v=value, p=F(prefix + PROVINCE), s=F(prefix + SEX)).order_by()


def summaries_build(*, today: date) -> tuple[dict[Key, dict[str, int]], dict[Key, dict[int, int]]]:
    """Every summary cell and decision-day histogram, from a handful of GROUP BY queries."""
    cells: dict[Key, dict[str, int]] = defaultdict(dict)
    histogram: dict[Key, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    claims = _counted()
    decided = claims.filter(DECIDED_Q)
    paid = PaymentInstallment.objects.filter(status="paid", claim__stats_profile__isnull=False)
    installments = PaymentInstallment.objects.filter(claim__stats_profile__isnull=False)
    suspended = BenefitMonth.objects.filter(status="suspended", claim__stats_profile__isnull=False)
    ended = Termination.objects.filter(state="signed", claim__stats_profile__isnull=False)

    # By month: filings in the filing month, decisions in the decision month, money in the
    # month it was paid, periods in the months they run, suspensions and ends likewise.
    _add(cells, "month", _group(claims, "stats_profile__filed_month").annotate(filed=Count("id")))
    _add(
        cells,
        "month",
        _group(decided, "stats_profile__decided_month").annotate(**_decision_measures()),
    )
    _days(
        histogram,
        "month",
        _group(decided, "stats_profile__decided_month")
        .annotate(d=F("stats_profile__decision_days"))
        .annotate(n=Count("id")),
    )
    _add(
        cells,
        "month",
        _group(paid, TruncMonth("paid_at"), "claim__").annotate(
            paid_amount=Sum("amount"), paid_claims=Count("claim", distinct=True)
        ),
    )
    _add(
        cells,
        "month",
        _group(installments, TruncMonth("period_start"), "claim__").annotate(
            active=Count("claim", distinct=True)
        ),
    )
    _add(
        cells,
        "month",
        _group(suspended, TruncMonth("start"), "claim__").annotate(suspended=Count("id")),
    )
    _add(
        cells,
        "month",
        _group(ended, TruncMonth("effective_on"), "claim__").annotate(terminated=Count("id")),
    )

    # By the other dimensions: everything since the beginning, periods as they stand today.
    for dimension, path in CLAIM_PATHS.items():
        _add(
            cells,
            dimension,
            _group(claims, path).annotate(
                filed=Count("id"), active=Count("id", filter=ACTIVE_Q), **_decision_measures()
            ),
        )
        _days(
            histogram,
            dimension,
            _group(decided, path)
            .annotate(d=F("stats_profile__decision_days"))
            .annotate(n=Count("id")),
        )
        _add(
            cells,
            dimension,
            _group(paid, "claim__" + path, "claim__").annotate(
                paid_amount=Sum("amount"), paid_claims=Count("claim", distinct=True)
            ),
        )
        _add(
            cells,
            dimension,
            _group(suspended, "claim__" + path, "claim__").annotate(suspended=Count("id")),
        )
        _add(
            cells,
            dimension,
            _group(ended, "claim__" + path, "claim__").annotate(terminated=Count("id")),
        )

    # The center dashboard: claims by status now, and the open ones past or near their deadline.
    _add(cells, "status", _group(claims, "status").annotate(filed=Count("id")))
    open_claims = claims.filter(status__in=OPEN_STATES, decision_due__isnull=False)
    soon = today + timedelta(days=DUE_SOON_DAYS)
    for value, subset in (
        ("overdue", open_claims.filter(decision_due__lt=today)),
        ("due_soon", open_claims.filter(decision_due__gte=today, decision_due__lt=soon)),
    ):
        rows = subset.values(p=F(PROVINCE), s=F(SEX)).order_by().annotate(filed=Count("id"))
        _add(cells, "deadline", ({**row, "v": value} for row in rows))

    # Refusal reasons: one refusal may give several; grouped by the list, split here.
    refusals = Proposal.objects.filter(
        kind="refuse", outcome="signed", claim__stats_profile__isnull=False
    )
    for row in _group(refusals, "refusal_codes", "claim__").annotate(n=Count("id")):
        codes = row["v"] or []
        for code in sorted(set(codes)) or [""]:
            key = ("refusal_reason", str(code), row["p"] or "", row["s"] or "")
            cells[key]["refused"] = cells[key].get("refused", 0) + row["n"]
    _add(
        cells,
        "termination_ground",
        _group(ended, "ground", "claim__").annotate(terminated=Count("id")),
    )
    # The path back to work: training support and job placement (stats.path).
    for dimension, rows in path_rows(today=today):
        _add(cells, dimension, rows)
    histogram = {
        key: days for key, days in histogram.items() if not (key[0] == "month" and not key[1])
    }
    return _with_national(cells, histogram)


def _with_national(
    cells: dict[Key, dict[str, int]], histogram: dict[Key, dict[int, int]]
) -> tuple[dict[Key, dict[str, int]], dict[Key, dict[int, int]]]:
    """Add the whole country's cells (province NATIONAL): a national page reads a few hundred
    rows, not the sum of 34 provinces' (bench/statistics_pages.py)."""
    national: dict[Key, dict[str, int]] = defaultdict(dict)
    for (d, v, _p, s), measures in cells.items():
        cell = national[d, v, NATIONAL, s]
        for measure, amount in measures.items():
            cell[measure] = cell.get(measure, 0) + amount
    days: dict[Key, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for (d, v, _p, s), counts in histogram.items():
        for day, n in counts.items():
            days[d, v, NATIONAL, s][day] += n
    return {**cells, **national}, {**histogram, **days}


# --- spending ---------------------------------------------------------------------------


def approval_rates(*, today: date) -> dict[str, ApprovalRate]:
    """Approved / decided over the last twelve months, per province ('' = the whole country);
    a province with too few decisions gets the national rate, and with no decision at all
    every claim is assumed approved (the projection is then an upper bound, and says so)."""
    since = add_months(month_start(today), -RATE_WINDOW_MONTHS)
    rows = (
        _counted()
        .filter(APPROVED_Q | REFUSED_Q, stats_profile__decided_month__gte=since)
        .values(p=F(PROVINCE))
        .order_by()
        .annotate(decided=Count("id"), approved=Count("id", filter=APPROVED_Q))
    )
    by_province = {row["p"] or "": (row["decided"], row["approved"]) for row in rows}
    total_decided = sum(d for d, _a in by_province.values())
    total_approved = sum(a for _d, a in by_province.values())
    national = ApprovalRate(
        province_code="",
        decided=total_decided,
        approved=total_approved,
        rate=total_approved / total_decided if total_decided else 1.0,
        source="national" if total_decided else "assumed",
    )
    rates = {"": national}
    for province, (decided, approved) in by_province.items():
        if not province:
            continue
        own = decided >= MIN_PROVINCE_DECISIONS
        rates[province] = ApprovalRate(
            province_code=province,
            decided=decided,
            approved=approved,
            rate=approved / decided if own else national.rate,
            source="province" if own else national.source,
        )
    return rates


def _rate_fraction(rate: ApprovalRate, national: ApprovalRate) -> Fraction:
    if rate.source == "province":
        return Fraction(rate.approved, rate.decided)
    if national.decided:
        return Fraction(national.approved, national.decided)
    return Fraction(1)


def outflows_build(*, today: date, rates: dict[str, ApprovalRate]) -> list[Outflow]:
    """Committed (unpaid installments of running periods, by due month) and the pipeline
    (claims under review: estimated benefit x approval rate, for each benefit month from the
    month of their decision deadline, or this month when it has passed)."""
    first = month_start(today)
    last = add_months(first, HORIZON_MONTHS - 1)
    committed = (
        PaymentInstallment.objects.filter(
            status__in=UNPAID_INSTALLMENTS, due_on__gte=first, claim__status__in=ACTIVE_STATES
        )
        .values(p=F("claim__" + PROVINCE), m=TruncMonth("due_on"))
        .order_by()
        .annotate(amount=Sum("amount"), n=Count("claim", distinct=True))
    )
    rows = [
        Outflow(
            kind=Outflow.Kind.COMMITTED,
            province_code=row["p"] or "",
            month=row["m"],
            amount=row["amount"] or 0,
            claims=row["n"],
        )
        for row in committed
    ]
    today_value = Value(today, output_field=DateField())
    pipeline = (
        Claim.objects.filter(
            status__in=PIPELINE_STATES, monthly_benefit__gt=0, duration_months__gt=0
        )
        .annotate(
            start=TruncMonth(
                Greatest(Coalesce("decision_due", today_value), today_value),
                output_field=DateField(),
            )
        )
        .values(p=F(PROVINCE), start=F("start"), d=F("duration_months"))
        .order_by()
        .annotate(total=Sum("monthly_benefit"), n=Count("id"))
    )
    national = rates[""]
    amounts: dict[tuple[str, date], Fraction] = defaultdict(Fraction)
    counts: dict[tuple[str, date], int] = defaultdict(int)
    for row in pipeline:
        province = row["p"] or ""
        rate = _rate_fraction(rates.get(province, national), national)
        start = row["start"]
        if isinstance(start, datetime):
            start = start.date()
        for k in range(row["d"]):
            month = add_months(start, k)
            if month > last:
                break
            amounts[province, month] += rate * row["total"]
            counts[province, month] += row["n"]
    rows += [
        Outflow(
            kind=Outflow.Kind.PIPELINE,
            province_code=province,
            month=month,
            amount=round_half_up(amount),
            claims=counts[province, month],
        )
        for (province, month), amount in amounts.items()
    ]
    return rows


# --- the service ------------------------------------------------------------------------


def summaries_refresh(*, today: date | None = None) -> RefreshState:
    """Complete the profiles, rebuild every summary row in one transaction, stamp the time."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    added = profiles_sync()
    with transaction.atomic():
        state, _created = RefreshState.objects.select_for_update().get_or_create(pk=1)
        cells, histogram = summaries_build(today=today)
        rates = approval_rates(today=today)
        outflows = outflows_build(today=today, rates=rates)
        Summary.objects.all().delete()
        DecisionDays.objects.all().delete()
        Outflow.objects.all().delete()
        ApprovalRate.objects.all().delete()
        Summary.objects.bulk_create(
            [
                Summary(dimension=d, value=v, province_code=p, sex=s, **measures)
                for (d, v, p, s), measures in cells.items()
            ],
            batch_size=5000,
        )
        DecisionDays.objects.bulk_create(
            [
                DecisionDays(dimension=d, value=v, province_code=p, sex=s, days=days, count=count)
                for (d, v, p, s), by_days in histogram.items()
                for days, count in by_days.items()
                if days is not None
            ],
            batch_size=5000,
        )
        Outflow.objects.bulk_create(outflows, batch_size=5000)
        ApprovalRate.objects.bulk_create(rates.values())
        state.refreshed_at = timezone.now()
        state.as_of = today
        state.profiles_added = added
        state.claims_counted = ClaimProfile.objects.count()
        state.duration_ms = int((time.perf_counter() - started) * 1000)
        state.save()
    if connection.vendor == "postgresql":
        # The tables were just replaced: give the planner their new sizes.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE stats_summary, stats_decisiondays, stats_outflow")
    return state
