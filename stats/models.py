"""The statistics' summary tables, rebuilt set-based by stats.refresh, and what pages read.

No page reads a claim: the pages and the API read only these tables (docs/adr/0015).
`ClaimProfile` is the one per-claim table, the dimensions a claim is counted under that come
from the social-security store (another database, so no SQL join can reach it): it is filled
incrementally and never shown to anyone.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.models import Claim


class ClaimProfile(models.Model):
    """Where one submitted claim is counted: the store's sex, age band, sector, contract type,
    and the claim's own filing and decision days (local dates), written once each."""

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="stats_profile"
    )
    sex = models.CharField(max_length=1, blank=True)
    age_band = models.CharField(max_length=8, blank=True)
    sector = models.CharField(max_length=100, blank=True)
    contract_type = models.CharField(max_length=12, blank=True)
    filed_month = models.DateField(null=True)
    decided_month = models.DateField(null=True)
    #: Calendar days from filing to decision (local dates), once decided.
    decision_days = models.PositiveIntegerField(null=True)
    #: Decided on or before the legal deadline (claim.decision_due).
    decided_in_time = models.BooleanField(null=True)

    class Meta:
        indexes = [models.Index(fields=["decided_month"], name="stats_profile_decided_idx")]

    def __str__(self) -> str:
        return f"profile {self.claim_id}"


class Summary(models.Model):
    """One cell: a dimension's value, in one province, for one sex (F, M, or '' unknown)."""

    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=100)
    province_code = models.CharField(max_length=2)
    sex = models.CharField(max_length=1)
    filed = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    decided_in_time = models.PositiveIntegerField(default=0)
    #: Sums over the approved claims (averages are sum / approved).
    benefit_total = models.BigIntegerField(default=0)
    duration_total = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)
    suspended = models.PositiveIntegerField(default=0)
    terminated = models.PositiveIntegerField(default=0)
    paid_amount = models.BigIntegerField(default=0)
    #: Distinct claims paid (in the month, for the month dimension).
    paid_claims = models.PositiveIntegerField(default=0)
    # The path back to work (issue 18, stats.path): training support and job placement.
    #: Training-support applications submitted, and those signed approved / refused.
    tr_submitted = models.PositiveIntegerField(default=0)
    tr_approved = models.PositiveIntegerField(default=0)
    tr_refused = models.PositiveIntegerField(default=0)
    #: Enrolments that ended completed / dropped out.
    tr_completed = models.PositiveIntegerField(default=0)
    tr_dropped = models.PositiveIntegerField(default=0)
    #: Months of a course attended (the institution's monthly attendance reports).
    tr_months = models.PositiveIntegerField(default=0)
    #: Money of paid training orders only: tuition to institutions, meal money to workers.
    tr_tuition_paid = models.BigIntegerField(default=0)
    tr_meal_paid = models.BigIntegerField(default=0)
    #: Open vacancies (published, deadline not passed) and their positions.
    vac_open = models.PositiveIntegerField(default=0)
    vac_positions = models.PositiveIntegerField(default=0)
    fair_registrations = models.PositiveIntegerField(default=0)
    program_interests = models.PositiveIntegerField(default=0)
    #: Job offers made, and their answers so far.
    offers_made = models.PositiveIntegerField(default=0)
    offers_accepted = models.PositiveIntegerField(default=0)
    offers_declined_good = models.PositiveIntegerField(default=0)
    offers_refused = models.PositiveIntegerField(default=0)
    #: Signed benefit terminations on ground d (two refusals, Art. 41.4.d) and a (a new job).
    ended_ground_d = models.PositiveIntegerField(default=0)
    ended_ground_a = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["dimension", "province_code"], name="stats_summary_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "value", "province_code", "sex"], name="one_summary_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value} {self.province_code} {self.sex}"


class DecisionDays(models.Model):
    """How many decisions took `days` calendar days, per cell: medians and percentiles are
    exact from it at any level of aggregation (days are whole numbers)."""

    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=100)
    province_code = models.CharField(max_length=2)
    sex = models.CharField(max_length=1)
    days = models.PositiveIntegerField()
    count = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["dimension", "province_code"], name="stats_days_idx")]

    def __str__(self) -> str:
        return f"{self.dimension}={self.value} {self.days}d x{self.count}"


class Outflow(models.Model):
    """Money expected to leave in a month: `committed` (unpaid installments of running benefit
    periods) or `pipeline` (claims under review x approval rate x their estimated benefit)."""

    class Kind(models.TextChoices):
        COMMITTED = "committed", _("Đã cam kết")
        PIPELINE = "pipeline", _("Từ hồ sơ đang xem xét")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    province_code = models.CharField(max_length=2)
    month = models.DateField()
    amount = models.BigIntegerField(default=0)
    #: For `pipeline`: the claims behind the amount (before the approval rate).
    claims = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["kind", "month"], name="stats_outflow_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.province_code} {self.month:%Y-%m}: {self.amount}"


class ApprovalRate(models.Model):
    """The approval rate the projection used per province ('' = national), and its basis."""

    province_code = models.CharField(max_length=2, unique=True)
    decided = models.PositiveIntegerField(default=0)
    approved = models.PositiveIntegerField(default=0)
    #: The rate applied (the national one when the province has too few decisions).
    rate = models.FloatField()
    source = models.CharField(max_length=10)  # province | national | assumed

    def __str__(self) -> str:
        return f"{self.province_code or 'VN'}: {self.rate:.3f} ({self.source})"


class RefreshState(models.Model):
    """One row: when the summaries were last rebuilt, and how long it took."""

    refreshed_at = models.DateTimeField(null=True)
    #: The local day the figures were computed for (deadlines, projection months).
    as_of = models.DateField(null=True)
    duration_ms = models.PositiveIntegerField(default=0)
    profiles_added = models.PositiveIntegerField(default=0)
    claims_counted = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"refreshed {self.refreshed_at}"
