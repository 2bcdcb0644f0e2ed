"""Read queries for the payment sections of the citizen's and the staff's claim pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.db.models import Exists, Max, OuterRef, Prefetch, Subquery

from claims.models import Claim, ClaimEvent
from claims.payments.models import PaymentInstallment, PaymentOrder
from identity.models import EmploymentServiceCenter


@dataclass
class InstallmentRow:
    installment: PaymentInstallment
    orders: list[PaymentOrder]

    @property
    def order(self) -> PaymentOrder | None:
        """The latest order (the one that counts now)."""
        return self.orders[-1] if self.orders else None


@dataclass
class Failure:
    """A failed installment not yet re-issued: what the worker must fix, what staff may do."""

    row: InstallmentRow
    order: PaymentOrder
    details_changed: bool

    @property
    def reason(self) -> str:
        """The office's reason, ready to be followed by our own full stop."""
        return self.order.failure_reason.strip().rstrip(".") or self.order.failure_code


@dataclass
class PaymentsOverview:
    rows: list[InstallmentRow] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    total: int = 0
    paid: int = 0
    attention: list[PaymentOrder] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.rows)


def payments_for_claim(*, claim: Claim) -> PaymentsOverview:
    """The claim's schedule with its orders (oldest first), failures and orders to look at."""
    installments = list(
        PaymentInstallment.objects.filter(claim=claim)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "orders",
                queryset=PaymentOrder.objects.order_by("created_at", "id"),
            )
        )
    )
    overview = PaymentsOverview()
    failed: list[tuple[InstallmentRow, PaymentOrder]] = []
    for installment in installments:
        row = InstallmentRow(installment, list(installment.orders.all()))
        overview.rows.append(row)
        overview.total += installment.amount
        if installment.status == PaymentInstallment.Status.PAID:
            overview.paid += installment.amount
        order = row.order
        if (
            installment.status == PaymentInstallment.Status.FAILED
            and order is not None
            and order.status == PaymentOrder.Status.FAILED
        ):
            failed.append((row, order))
        overview.attention += [
            o for o in row.orders if o.attention_since and o.status not in PaymentOrder.FINAL
        ]
    if failed:
        # services.details_changed_since for every failure at once: one query, not one each.
        last_change = ClaimEvent.objects.filter(
            claim=claim, kind="payment_details_changed"
        ).aggregate(at=Max("created_at"))["at"]
        overview.failures = [
            Failure(
                row,
                order,
                bool(last_change and order.finished_at and last_change > order.finished_at),
            )
            for row, order in failed
        ]
    return overview


@dataclass
class WorklistRow:
    """A failed payment not yet re-issued, for the center's worklist."""

    order: PaymentOrder
    #: When the worker last changed their payee details, if after the failure (None: not yet).
    fixed_at: datetime | None

    @property
    def details_changed(self) -> bool:
        return self.fixed_at is not None


def payment_failures_for_center(*, center: EmploymentServiceCenter) -> list[WorklistRow]:
    """The center's failed installments whose latest order failed and was not re-issued.

    Those the worker has fixed (details changed after the failure) come first, oldest fix
    first: they are ready to be sent again. Then the others, oldest failure first. One query.
    """
    last_change = (
        ClaimEvent.objects.filter(claim=OuterRef("claim_id"), kind="payment_details_changed")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    orders = (
        PaymentOrder.objects.filter(
            claim__center=center,
            status=PaymentOrder.Status.FAILED,
            installment__status=PaymentInstallment.Status.FAILED,
        )
        .exclude(Exists(PaymentOrder.objects.filter(reissue_of=OuterRef("pk"))))
        .annotate(last_change=Subquery(last_change))
        .select_related("claim", "claim__citizen", "installment")
    )
    rows = [
        WorklistRow(
            order=o,
            fixed_at=(
                o.last_change  # type: ignore[attr-defined]
                if o.last_change and o.finished_at and o.last_change > o.finished_at  # type: ignore[attr-defined]
                else None
            ),
        )
        for o in orders
    ]
    far = datetime.max.replace(tzinfo=UTC)
    rows.sort(
        key=lambda r: (
            not r.details_changed,
            r.fixed_at or r.order.finished_at or far,
            r.order.pk,
        )
    )
    return rows
