"""What the settlement office received and what it still has to do: orders, callbacks, settings."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class OfficeSettings(models.Model):
    """The one row of runtime settings (faults, delays); `serve` writes its flags here at start.

    Every request and the dispatcher read this row, so the page's form changes the running
    process without a restart.
    """

    pay_delay = models.FloatField(default=2.0)
    slow = models.FloatField(default=0.0)
    fail_5xx = models.FloatField(default=0.0)
    store_then_5xx = models.FloatField(default=0.0)
    duplicate_callbacks = models.FloatField(default=0.0)
    reorder_callbacks = models.FloatField(default=0.0)
    fail_accounts = models.CharField(max_length=500, blank=True, default="999*")
    callback_attempts = models.PositiveIntegerField(default=12)
    updated_at = models.DateTimeField(auto_now=True)

    # Declared because the type checker runs with the portal's settings, where this app is absent.
    objects: ClassVar[models.Manager[OfficeSettings]] = models.Manager()

    def __str__(self) -> str:
        return "office settings"


class Order(models.Model):
    class Status(models.TextChoices):
        RECEIVED = "received", "received"
        PAID = "paid", "paid"
        FAILED = "failed", "failed"

    office_order_id = models.CharField(max_length=40, unique=True)
    idempotency_key = models.CharField(max_length=100, unique=True)
    #: SHA-256 of the canonical JSON of the order: the same key with another body is a conflict.
    body_sha256 = models.CharField(max_length=64)
    payload = models.JSONField()
    order_reference = models.CharField(max_length=64)
    amount = models.BigIntegerField()
    currency = models.CharField(max_length=3)
    method = models.CharField(max_length=10)
    bank_code = models.CharField(max_length=20, blank=True)
    account_number = models.CharField(max_length=40, blank=True)
    account_holder = models.CharField(max_length=200, blank=True)
    beneficiary_name = models.CharField(max_length=200)
    personal_id = models.CharField(max_length=20)
    period_start = models.DateField()
    period_end = models.DateField()
    callback_url = models.URLField(max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    reason_code = models.CharField(max_length=30, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    #: Drawn at receipt: the final callback goes out before the processing one.
    reorder = models.BooleanField(default=False)
    #: Received in a batch request: its callbacks go out in batches too (ADR 0026); an order
    #: sent on its own (the training orders, older clients) is called back on its own.
    batched = models.BooleanField(default=False)
    received_at = models.DateTimeField()
    pay_after = models.DateTimeField()
    settled_at = models.DateTimeField(null=True, blank=True)
    #: How many times the money left; a conditional UPDATE (status received -> paid) and the
    #: check constraint keep it at 0 or 1.
    times_paid = models.PositiveSmallIntegerField(default=0)
    #: How many accepted submissions with this key (1 + duplicates).
    times_received = models.PositiveIntegerField(default=1)

    objects: ClassVar[models.Manager[Order]] = models.Manager()
    callbacks: RelatedManager[Callback]

    class Meta:
        indexes = [models.Index(fields=["status", "pay_after"], name="so_order_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(times_paid__lte=1), name="so_order_paid_at_most_once"
            ),
            models.CheckConstraint(
                condition=Q(times_paid=0) | Q(status="paid"), name="so_order_paid_only_if_paid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office_order_id} {self.order_reference} {self.status}"


class Callback(models.Model):
    """One status message to the portal; a row first, delivered by the dispatcher, retried."""

    class State(models.TextChoices):
        HELD = "held", "held"  # waits for the order's other callback (ordering)
        PENDING = "pending", "pending"
        SENDING = "sending", "sending"
        DELIVERED = "delivered", "delivered"
        ABANDONED = "abandoned", "abandoned"

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="callbacks")
    sequence = models.PositiveSmallIntegerField()  # 1 processing, 2 final
    status = models.CharField(max_length=10)  # processing / paid / failed
    event_id = models.UUIDField(default=uuid.uuid4, unique=True)
    body = models.TextField()  # the exact JSON sent each time (re-signed per attempt)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    #: Drawn at creation: after the first successful delivery, send the same event again.
    send_twice = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    deliveries = models.PositiveIntegerField(default=0)  # 2xx answers received
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Callback]] = models.Manager()
    order_id: int

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="so_callback_due")]
        constraints = [
            models.UniqueConstraint(fields=["order", "sequence"], name="so_callback_one_per_seq")
        ]

    def __str__(self) -> str:
        return f"{self.order_id}#{self.sequence} {self.status} {self.state}"
