"""training.enrolment models (gathered by training/models.py): the course as it happens
(issue #18, "during the course"; docs/adr/0024).

The database makes the worst mistakes impossible: one enrolment per approved application, one
attendance report per enrolment and month, one payment order per enrolment, month and payee
(its idempotency key is derived from those three), months only within the 6-month cap, one row
per report id and per callback event.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from eligibility.calculator.training_money import MAX_MONTHS
from identity.models import User
from training.catalogue.models import Institution
from training.support.models import TrainingApplication

_MONTH = models.Q(month__gte=1) & models.Q(month__lte=MAX_MONTHS)


class Enrolment(models.Model):
    """The worker on the course: opened when the application is approved, pushed to the
    institution, ended by completion or dropout."""

    class State(models.TextChoices):
        STUDYING = "studying", _("Đang học")
        COMPLETED = "completed", _("Đã hoàn thành")
        DROPPED = "dropped", _("Đã thôi học")

    class Push(models.TextChoices):
        PENDING = "pending", _("Chờ gửi cơ sở đào tạo")
        SENDING = "sending", _("Đang gửi cơ sở đào tạo")
        ACKNOWLEDGED = "acknowledged", _("Cơ sở đào tạo đã nhận")

    #: The enrolment's id on the wire (the institution knows it by this only).
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.OneToOneField(
        TrainingApplication, on_delete=models.PROTECT, related_name="enrolment"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="enrolments"
    )
    citizen = models.ForeignKey(User, on_delete=models.PROTECT, related_name="enrolments")
    personal_id = models.CharField(max_length=12, db_index=True)
    start_date = models.DateField(_("ngày khai giảng"))
    #: Snapshot of the approval (what may be paid).
    months = models.PositiveSmallIntegerField(_("số tháng hỗ trợ"))
    tuition = models.BigIntegerField(_("học phí hỗ trợ (đồng)"))
    meal_money_per_day = models.BigIntegerField(_("tiền ăn mỗi ngày (đồng)"))
    meal_money_per_month = models.BigIntegerField(_("tiền ăn tối đa mỗi tháng (đồng)"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.STUDYING)
    ended_on = models.DateField(null=True, blank=True)
    dropout_reason = models.CharField(max_length=300, blank=True)
    dropout_report_id = models.UUIDField(null=True, blank=True, unique=True)

    push_state = models.CharField(max_length=12, choices=Push.choices, default=Push.PENDING)
    push_attempts = models.PositiveIntegerField(default=0)
    push_next_attempt_at = models.DateTimeField(null=True, blank=True)
    push_lease_until = models.DateTimeField(null=True, blank=True)
    push_last_error = models.CharField(max_length=300, blank=True)
    pushed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["push_state", "push_next_attempt_at"], name="enrol_push")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(months__gte=1) & models.Q(months__lte=MAX_MONTHS),
                name="enrolment_months_within_cap",
            ),
            models.CheckConstraint(condition=models.Q(tuition__gte=0), name="enrolment_tuition"),
        ]
        verbose_name = _("học viên khóa học")
        verbose_name_plural = _("học viên khóa học")

    def __str__(self) -> str:
        return f"{self.public_id} ({self.state})"


class ReportReceipt(models.Model):
    """Every report accepted from an institution, by its own id: a second delivery of the same
    report is recognised here (and answered as a duplicate), whatever its kind."""

    report_id = models.UUIDField(unique=True)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="receipts")
    kind = models.CharField(max_length=12)
    body_sha256 = models.CharField(max_length=64)
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind}"


class AttendanceReport(models.Model):
    """One month's attendance as the institution reported it (at most one per month)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="attendance")
    report_id = models.UUIDField(unique=True)
    month = models.PositiveSmallIntegerField(_("tháng thứ"))
    period_start = models.DateField()
    period_end = models.DateField()
    days_attended = models.PositiveSmallIntegerField(_("số ngày đi học"))
    days_scheduled = models.PositiveSmallIntegerField(_("số ngày theo lịch"))
    received_at = models.DateTimeField(auto_now_add=True)
    #: Received after the month had ended (accepted and paid all the same, once).
    late = models.BooleanField(default=False)

    class Meta:
        ordering = ["enrolment_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "month"], name="attendance_one_per_month"),
            models.CheckConstraint(condition=_MONTH, name="attendance_month_within_cap"),
            models.CheckConstraint(
                condition=models.Q(days_attended__lte=models.F("days_scheduled")),
                name="attendance_days_within_schedule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} #{self.month}: {self.days_attended}/{self.days_scheduled}"


class Completion(models.Model):
    """The course completed: the certificate the institution issued."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="completion")
    report_id = models.UUIDField(unique=True)
    certificate_number = models.CharField(_("số chứng chỉ"), max_length=60)
    completed_on = models.DateField(_("ngày hoàn thành"))
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.enrolment_id}: {self.certificate_number}"


class TrainingPaymentOrder(models.Model):
    """One instruction to the settlement office: a month's tuition to the institution or meal
    money to the worker. The idempotency key is derived from (enrolment, month, payee, issue), so
    the same money can never be ordered twice under two keys; a new issue needs the previous
    one failed (staff re-issue it once the account is fixed)."""

    class Payee(models.TextChoices):
        INSTITUTION = "institution", _("Học phí cho cơ sở đào tạo")
        WORKER = "worker", _("Tiền ăn cho người học")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        ACKNOWLEDGED = "acknowledged", _("Nơi chi trả đã nhận lệnh")
        PROCESSING = "processing", _("Nơi chi trả đang chuyển tiền")
        PAID = "paid", _("Đã chuyển tiền")
        FAILED = "failed", _("Không chuyển được")

    FINAL = frozenset({Status.PAID, Status.FAILED})

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="orders")
    month = models.PositiveSmallIntegerField()
    payee = models.CharField(max_length=12, choices=Payee.choices)
    #: 1 for the first order of this money; a re-issue after a failure is the next (its own key).
    issue = models.PositiveSmallIntegerField(default=1)
    idempotency_key = models.UUIDField(unique=True, editable=False)
    reference = models.CharField(max_length=40)
    amount = models.BigIntegerField()
    method = models.CharField(max_length=10)
    bank_code = models.CharField(max_length=10, blank=True)
    account_number = models.CharField(max_length=40, blank=True)
    account_holder = models.CharField(max_length=200, blank=True)
    beneficiary_name = models.CharField(max_length=200)
    personal_id = models.CharField(max_length=12)
    period_start = models.DateField()
    period_end = models.DateField()
    callback_url = models.CharField(max_length=300)

    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    failure_code = models.CharField(max_length=40, blank=True)
    failure_reason = models.TextField(blank=True)
    office_order_id = models.CharField(max_length=100, blank=True)
    last_sequence = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["enrolment_id", "month", "payee"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="training_order_retry"),
        ]
        constraints = [
            # At most one open or paid order of the same money; a re-issue needs a failure.
            models.UniqueConstraint(
                fields=["enrolment", "month", "payee"],
                condition=~models.Q(status="failed"),
                name="training_order_once_per_month",
            ),
            models.UniqueConstraint(
                fields=["enrolment", "month", "payee", "issue"], name="training_order_issue"
            ),
            models.CheckConstraint(condition=_MONTH, name="training_order_month_within_cap"),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="training_order_amount_gt_0"
            ),
        ]
        verbose_name = _("lệnh chi hỗ trợ học nghề")
        verbose_name_plural = _("lệnh chi hỗ trợ học nghề")

    def __str__(self) -> str:
        return f"{self.reference} ({self.status})"

    @staticmethod
    def key_for(*, enrolment: Enrolment, month: int, payee: str, issue: int = 1) -> uuid.UUID:
        """The idempotency key of this money: uuid5 of enrolment, month and payee (and the
        re-issue's number after a failure), so it can never be ordered under two keys."""
        suffix = "" if issue == 1 else f":{issue}"
        return uuid.uuid5(enrolment.public_id, f"training-payment:{month}:{payee}{suffix}")

    def payload(self) -> dict[str, Any]:
        """The order as the settlement office receives it (the contract of ADR 0008)."""
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
            "period_start": self.period_start.isoformat(),
            "period_end": self.period_end.isoformat(),
            "callback_url": self.callback_url,
        }


class TrainingPaymentCallback(models.Model):
    """Every signed, well-formed callback received for a training order, applied or not."""

    order = models.ForeignKey(
        TrainingPaymentOrder, on_delete=models.PROTECT, related_name="callbacks"
    )
    event_id = models.UUIDField(unique=True)
    sequence = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=12)
    reason_code = models.CharField(max_length=40, blank=True)
    reason = models.TextField(blank=True)
    occurred_at = models.DateTimeField()
    applied = models.BooleanField()
    received_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.order_id} #{self.sequence} {self.status}"
