"""The payment schedule of an approved claim, the orders sent to the settlement office, and the
append-only log of the office's callbacks (ADR 0008: exactly once).

The database makes the worst mistakes impossible rather than unlikely: at most one open order
and at most one paid order per installment (partial unique indexes), one idempotency key per
order, one row per callback event.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from claims.core.models import Claim


class _AppendOnlyQuerySet(models.QuerySet["PaymentCallback"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("The callback log is append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("The callback log is append-only")


class PaymentInstallment(models.Model):
    """One benefit month of a claim: what is owed, for which period, from which day."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Chưa đến hạn chi")
        ORDERED = "ordered", _("Đang chuyển tiền")
        PAID = "paid", _("Đã chuyển tiền")
        FAILED = "failed", _("Chưa chuyển được")

    #: No index of its own: one_installment_per_month (claim, number) serves every look-up by
    #: claim, and an index less is a write less on each of the monthly cycle's updates.
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="installments", db_index=False
    )
    #: The claim's person, copied so the database itself can refuse a second installment for
    #: the same person and time, whatever the claims say (ADR 0012; the migration adds an
    #: exclusion constraint on PostgreSQL, on InstallmentGuard; triggers on SQLite). NULL only on
    #: rows that already overlapped when the guard was added (their claims were flagged then).
    personal_id = models.CharField(max_length=12, null=True, blank=True, editable=False)
    number = models.PositiveSmallIntegerField(_("tháng thứ"))
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    due_on = models.DateField(_("ngày đến hạn chi"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    paid_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim_id", "number"]
        indexes = [
            # What the release looks for: scheduled installments by due day. Partial, so that
            # an installment ordered or paid leaves it instead of writing a new entry (ADR 0015).
            models.Index(
                fields=["due_on"],
                condition=models.Q(status="scheduled"),
                name="installment_due_idx",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim", "number"], name="one_installment_per_month"),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="installment_amount_gt_0"
            ),
        ]
        verbose_name = _("kỳ chi trả")
        verbose_name_plural = _("kỳ chi trả")

    def __str__(self) -> str:
        return f"{self.claim_id} #{self.number} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._state.adding and not self.personal_id:
            self.personal_id = self.claim.personal_id
        super().save(*args, **kwargs)


class InstallmentGuard(models.Model):
    """The time one installment covers for its person: the rows the guard of ADR 0012 compares.

    On PostgreSQL the exclusion constraint `one_installment_per_person_and_time` (no two rows of
    one person overlap) lives here rather than on PaymentInstallment, and only the database
    writes these rows: triggers on PaymentInstallment copy each installment with a person when
    it is inserted, move its row when its person or dates change, and the foreign key removes
    it with the installment (ON DELETE CASCADE). An installment's status changes (ordered,
    paid: every month of every period) then never touch the GiST index (ADR 0015). On SQLite
    the table stays empty: triggers on PaymentInstallment itself refuse the same rows.
    """

    installment = models.OneToOneField(
        PaymentInstallment, on_delete=models.DO_NOTHING, primary_key=True, related_name="+"
    )
    personal_id = models.CharField(max_length=12)
    period_start = models.DateField()
    period_end = models.DateField()

    class Meta:
        verbose_name = _("thời gian của kỳ chi trả")
        verbose_name_plural = _("thời gian của kỳ chi trả")

    def __str__(self) -> str:
        return f"{self.personal_id} {self.period_start}..{self.period_end}"


class PaymentOrder(models.Model):
    """One instruction to the settlement office to pay one installment.

    The body sent is built only from this row's snapshot, so every retry of an order sends the
    same bytes under the same idempotency key; a re-issue after a failure is a new row with a
    new key.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        ACKNOWLEDGED = "acknowledged", _("Nơi chi trả đã nhận lệnh")
        PROCESSING = "processing", _("Nơi chi trả đang chuyển tiền")
        PAID = "paid", _("Đã chuyển tiền")
        FAILED = "failed", _("Không chuyển được")

    installment = models.ForeignKey(
        PaymentInstallment, on_delete=models.PROTECT, related_name="orders"
    )
    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="payment_orders")
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("số lệnh chi"), max_length=40)
    # Snapshot at creation (what the office is told to pay, to whom).
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    method = models.CharField(max_length=10, blank=True)
    bank_code = models.CharField(max_length=10, blank=True)
    account_number = models.CharField(max_length=40, blank=True)
    account_holder = models.CharField(max_length=200, blank=True)
    cash_province = models.CharField(max_length=4, blank=True)
    beneficiary_name = models.CharField(max_length=200, blank=True)
    personal_id = models.CharField(max_length=12, blank=True)
    callback_url = models.CharField(max_length=300)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    #: When the next try is due (a retry's countdown, honoured by the sweep too).
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    #: A sender holds the order until then; after it, the sweep may hand it to another.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    failure_code = models.CharField(max_length=40, blank=True)
    failure_reason = models.TextField(blank=True)
    office_order_id = models.CharField(max_length=100, blank=True)
    #: The highest callback sequence applied (1 processing, 2 final).
    last_sequence = models.PositiveSmallIntegerField(default=0)
    #: Set when staff should look (many failed tries, or no final answer for a long time).
    attention_since = models.DateTimeField(null=True, blank=True)
    # Both almost always NULL: indexed only where set (Meta), not once per order.
    reissue_of = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    reissue_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    FINAL = frozenset({Status.PAID, Status.FAILED})

    class Meta:
        ordering = ["installment_id", "created_at", "id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="payment_order_retry_idx"),
            # Partial: each holds only the orders in the states the sweep asks about, so a new
            # order (pending) writes neither (the monthly cycle's 90,000 orders, ADR 0015).
            models.Index(
                fields=["lease_until"],
                condition=models.Q(status="sending"),
                name="payment_order_lease_idx",
            ),
            models.Index(
                fields=["acknowledged_at"],
                condition=models.Q(status__in=["acknowledged", "processing"]),
                name="payment_order_ack_idx",
            ),
            models.Index(
                fields=["reissue_of"],
                condition=models.Q(reissue_of__isnull=False),
                name="payment_order_reissue_idx",
            ),
            models.Index(
                fields=["created_by"],
                condition=models.Q(created_by__isnull=False),
                name="payment_order_creator_idx",
            ),
        ]
        constraints = [
            # Money leaves at most once per installment, whatever the code above does.
            models.UniqueConstraint(
                fields=["installment"],
                condition=models.Q(status="paid"),
                name="one_paid_order_per_installment",
            ),
            # A re-issue is possible only once the previous order has failed.
            models.UniqueConstraint(
                fields=["installment"],
                condition=~models.Q(status="failed"),
                name="one_open_order_per_installment",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="order_amount_gt_0"),
        ]
        verbose_name = _("lệnh chi")
        verbose_name_plural = _("lệnh chi")

    def __str__(self) -> str:
        return f"{self.reference} ({self.status})"

    def payload(self) -> dict[str, Any]:
        """The order as the settlement office receives it (the wire contract, ADR 0008)."""
        installment = self.installment
        return {
            "idempotency_key": str(self.idempotency_key),
            "order_reference": self.reference,
            "amount": self.amount,
            "currency": "VND",
            "method": self.method,
            "bank_code": self.bank_code,
            "account_number": self.account_number,
            "account_holder": self.account_holder,
            "beneficiary_name": self.beneficiary_name,
            "personal_id": self.personal_id,
            "period_start": installment.period_start.isoformat(),
            "period_end": installment.period_end.isoformat(),
            "callback_url": self.callback_url,
        }


class PaymentCallback(models.Model):
    """Append-only: every signed, well-formed callback received, applied or not, and why."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Đã áp dụng")
        STALE = "stale", _("Bỏ qua: cũ hơn trạng thái hiện tại")
        FINAL = "final", _("Bỏ qua: lệnh đã kết thúc")
        NOT_SENT = "not_sent", _("Bỏ qua: không hợp với trạng thái")

    order = models.ForeignKey(PaymentOrder, on_delete=models.PROTECT, related_name="callbacks")
    #: A duplicate delivery of the same event is recorded once (this row) and ignored.
    event_id = models.UUIDField(unique=True)
    sequence = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12)
    reason_code = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    office_order_id = models.CharField(max_length=100, blank=True)
    occurred_at = models.DateTimeField()
    applied = models.BooleanField(default=False)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    order_status_before = models.CharField(max_length=12)
    received_at = models.DateTimeField(auto_now_add=True)

    objects = _AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "id"]
        verbose_name = _("báo cáo của nơi chi trả")
        verbose_name_plural = _("báo cáo của nơi chi trả")

    def __str__(self) -> str:
        return f"{self.order_id} seq {self.sequence} {self.status} ({self.outcome})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("The callback log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("The callback log is append-only")


__all__ = ["InstallmentGuard", "PaymentCallback", "PaymentInstallment", "PaymentOrder"]
