"""Read the summary tables into the tables the pages, downloads and API show.

Only stats' own summary rows are read here (a few thousand at most): never a claim.
Every table has, for each value, the figures of women, of men and of everyone (people whose
sex the store does not give are in "everyone" only), and the gap between women and men.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.cache import cache
from django.db.models import Sum
from django.utils.translation import get_language

from common.provinces import PROVINCES
from eligibility.registry import add_months, month_start
from stats.dimensions import AGE_BANDS, BY_CODE, Dimension, value_label
from stats.models import ApprovalRate, DecisionDays, Outflow, RefreshState, Summary
from stats.refresh import HORIZON_MONTHS, MEASURES, NATIONAL

_PROVINCE_ORDER = {code: i for i, (code, _name) in enumerate(PROVINCES)}
_AGE_ORDER = {code: i for i, (code, *_rest) in enumerate(AGE_BANDS)}


def percentile_of_counts(counts: dict[int, int], fraction: float) -> float | None:
    """PERCENTILE.INC (linear between closest ranks) of the values a histogram holds."""
    total = sum(counts.values())
    if not total:
        return None
    position = (total - 1) * fraction
    low_rank = int(position)
    high_rank = min(low_rank + 1, total - 1)
    low = high = None
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            high = value
            break
    if low is None or high is None:  # cannot happen: the ranks are below the total
        return None
    return low + (high - low) * (position - low_rank)


@dataclass
class Figures:
    """The summed measures of some cells, and what is derived from them."""

    filed: int = 0
    decided: int = 0
    approved: int = 0
    refused: int = 0
    decided_in_time: int = 0
    benefit_total: int = 0
    duration_total: int = 0
    active: int = 0
    suspended: int = 0
    terminated: int = 0
    paid_amount: int = 0
    paid_claims: int = 0
    # The path back to work (stats.path.PATH_MEASURES).
    tr_submitted: int = 0
    tr_approved: int = 0
    tr_refused: int = 0
    tr_completed: int = 0
    tr_dropped: int = 0
    tr_months: int = 0
    tr_tuition_paid: int = 0
    tr_meal_paid: int = 0
    vac_open: int = 0
    vac_positions: int = 0
    fair_registrations: int = 0
    program_interests: int = 0
    offers_made: int = 0
    offers_accepted: int = 0
    offers_declined_good: int = 0
    offers_refused: int = 0
    ended_ground_d: int = 0
    ended_ground_a: int = 0
    days: Counter[int] = field(default_factory=Counter)

    def add(self, other: Figures) -> None:
        for measure in MEASURES:
            setattr(self, measure, getattr(self, measure) + getattr(other, measure))
        self.days.update(other.days)

    @property
    def approval_rate(self) -> float | None:
        return self.approved / self.decided if self.decided else None

    @property
    def average_benefit(self) -> int | None:
        return round(self.benefit_total / self.approved) if self.approved else None

    @property
    def average_duration(self) -> float | None:
        return self.duration_total / self.approved if self.approved else None

    @property
    def training_approval_share(self) -> float | None:
        """Approved among the training-support applications decided (approved or refused)."""
        decided = self.tr_approved + self.tr_refused
        return self.tr_approved / decided if decided else None

    @property
    def offer_acceptance_share(self) -> float | None:
        return self.offers_accepted / self.offers_made if self.offers_made else None

    @property
    def median_days(self) -> float | None:
        return percentile_of_counts(self.days, 0.5)

    @property
    def p90_days(self) -> float | None:
        return percentile_of_counts(self.days, 0.9)

    @property
    def in_time_share(self) -> float | None:
        return self.decided_in_time / self.decided if self.decided else None


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


@dataclass
class Gap:
    """Women minus men: a negative approval-rate gap means women are approved less often."""

    approval_rate: float | None
    average_benefit: float | None
    average_duration: float | None
    median_days: float | None
    training_approval_share: float | None = None
    offer_acceptance_share: float | None = None

    @classmethod
    def between(cls, women: Figures, men: Figures) -> Gap:
        return cls(
            approval_rate=_minus(women.approval_rate, men.approval_rate),
            average_benefit=_minus(women.average_benefit, men.average_benefit),
            average_duration=_minus(women.average_duration, men.average_duration),
            median_days=_minus(women.median_days, men.median_days),
            training_approval_share=_minus(
                women.training_approval_share, men.training_approval_share
            ),
            offer_acceptance_share=_minus(women.offer_acceptance_share, men.offer_acceptance_share),
        )


@dataclass
class Row:
    value: str
    label: str
    women: Figures = field(default_factory=Figures)
    men: Figures = field(default_factory=Figures)
    everyone: Figures = field(default_factory=Figures)

    @property
    def gap(self) -> Gap:
        return Gap.between(self.women, self.men)

    def add(self, sex: str, figures: Figures) -> None:
        if sex == "F":
            self.women.add(figures)
        elif sex == "M":
            self.men.add(figures)
        self.everyone.add(figures)


@dataclass
class Table:
    dimension: Dimension
    province: str | None
    rows: list[Row]
    total: Row
    refreshed_at: datetime | None


def refresh_state() -> RefreshState | None:
    return RefreshState.objects.filter(pk=1).first()


def _order(dimension: str, value: str) -> tuple:
    if value == "":
        return (2, 0, "")
    if dimension == "province":
        return (0, _PROVINCE_ORDER.get(value, 99), value)
    if dimension == "age_band":
        return (0, _AGE_ORDER.get(value, 99), value)
    return (0, 0, value)


#: How long a table read from the summaries is kept in the cache (it is keyed by the time of
#: the refresh it was read after, so a new refresh is seen at once).
CACHE_SECONDS = 15 * 60


def summary_table(*, dimension: str, province: str | None = None) -> Table:
    """One dimension's table (one province, or the whole country when `province` is None),
    from the cache while no refresh has happened since it was read."""
    state = refresh_state()
    stamp = state.refreshed_at.timestamp() if state and state.refreshed_at else 0
    key = f"stats:table:{dimension}:{province or NATIONAL}:{stamp}:{get_language()}"
    table = cache.get(key)
    if table is None:
        table = _summary_table(dimension=dimension, province=province, state=state)
        cache.set(key, table, CACHE_SECONDS)
    return table


def _summary_table(*, dimension: str, province: str | None, state: RefreshState | None) -> Table:
    """GROUP BY value and sex over the summary rows of one scope."""
    spec = BY_CODE[dimension]
    scope = NATIONAL if province is None else province
    cells = Summary.objects.filter(dimension=dimension, province_code=scope)
    days = DecisionDays.objects.filter(dimension=dimension, province_code=scope)
    by_key: dict[tuple[str, str], Figures] = {}
    for row in cells.values("value", "sex").order_by().annotate(**{m: Sum(m) for m in MEASURES}):
        figures = Figures()
        for m in MEASURES:
            setattr(figures, m, row[m] or 0)
        by_key[row["value"], row["sex"]] = figures
    for row in days.values("value", "sex", "days").order_by().annotate(n=Sum("count")).iterator():
        figures = by_key.setdefault((row["value"], row["sex"]), Figures())
        figures.days[row["days"]] += row["n"]
    rows: dict[str, Row] = {}
    total = Row(value="*", label="")
    for (value, sex), figures in by_key.items():
        if value not in rows:
            rows[value] = Row(value=value, label=value_label(dimension, value))
        rows[value].add(sex, figures)
        total.add(sex, figures)
    ordered = sorted(rows.values(), key=lambda r: _order(dimension, r.value))
    return Table(
        dimension=spec,
        province=province,
        rows=ordered,
        total=total,
        refreshed_at=state.refreshed_at if state else None,
    )


# --- spending and projection ------------------------------------------------------------


@dataclass(frozen=True)
class ProjectionMonth:
    month: date
    committed: int
    pipeline: int
    pipeline_claims: int

    @property
    def total(self) -> int:
        return self.committed + self.pipeline


@dataclass
class Spending:
    province: str | None
    paid_by_month: list[tuple[date, int]]
    paid_total: int
    committed_total: int
    projection: list[ProjectionMonth]
    rate: ApprovalRate | None
    as_of: date | None

    @property
    def projection_total(self) -> int:
        return sum(m.total for m in self.projection)


def spending(*, province: str | None = None) -> Spending:
    state = refresh_state()
    as_of = state.as_of if state else None
    cells = Summary.objects.filter(
        dimension="month", province_code=NATIONAL if province is None else province
    )
    outflows = Outflow.objects.all()
    if province is not None:
        outflows = outflows.filter(province_code=province)
    paid = [
        (date.fromisoformat(row["value"] + "-01"), row["amount"] or 0)
        for row in cells.exclude(value="")
        .values("value")
        .order_by("value")
        .annotate(amount=Sum("paid_amount"))
        if row["amount"]
    ]
    committed: dict[date, int] = {}
    pipeline: dict[date, tuple[int, int]] = {}
    for row in (
        outflows.values("kind", "month").order_by().annotate(amount=Sum("amount"), n=Sum("claims"))
    ):
        if row["kind"] == Outflow.Kind.COMMITTED:
            committed[row["month"]] = row["amount"]
        else:
            pipeline[row["month"]] = (row["amount"], row["n"])
    projection = []
    if as_of is not None:
        first = month_start(as_of)
        for k in range(HORIZON_MONTHS):
            month = add_months(first, k)
            amount, claims = pipeline.get(month, (0, 0))
            projection.append(
                ProjectionMonth(
                    month=month,
                    committed=committed.get(month, 0),
                    pipeline=amount,
                    pipeline_claims=claims,
                )
            )
    return Spending(
        province=province,
        paid_by_month=paid,
        paid_total=sum(amount for _m, amount in paid),
        committed_total=sum(committed.values()),
        projection=projection,
        rate=ApprovalRate.objects.filter(province_code=province or "").first(),
        as_of=as_of,
    )
