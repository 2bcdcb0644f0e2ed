"""What the stand-in received and what it still has to send: enrolments, reports, settings."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from django.db import models

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


class StandinSettings(models.Model):
    """The one row of runtime settings (faults); `serve` writes its flags here at start."""

    #: Seconds a report waits before it goes out (a late report: after its month).
    report_delay = models.FloatField(default=0.0)
    #: Fraction of reports sent twice (the same report id, the same body).
    duplicate_reports = models.FloatField(default=0.0)
    #: Fraction of the portal's enrolment pushes answered 503 (nothing stored): the portal retries.
    fail_5xx = models.FloatField(default=0.0)
    report_attempts = models.PositiveIntegerField(default=12)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[models.Manager[StandinSettings]] = models.Manager()

    def __str__(self) -> str:
        return "stand-in settings"


class Enrolment(models.Model):
    """An enrolment as the portal pushed it (one row per portal enrolment id)."""

    class State(models.TextChoices):
        STUDYING = "studying", "studying"
        COMPLETED = "completed", "completed"
        DROPPED = "dropped", "dropped"

    enrolment_id = models.UUIDField(unique=True)
    institution_code = models.CharField(max_length=40)
    institution_name = models.CharField(max_length=200)
    course_title = models.CharField(max_length=200)
    learner_name = models.CharField(max_length=200)
    personal_id = models.CharField(max_length=20)
    start_date = models.DateField()
    months = models.PositiveSmallIntegerField()
    report_url = models.URLField(max_length=500)
    body_sha256 = models.CharField(max_length=64)
    payload = models.JSONField()
    times_received = models.PositiveIntegerField(default=1)
    #: As this institution's clerk sees it (the portal decides what counts).
    state = models.CharField(max_length=10, choices=State.choices, default=State.STUDYING)
    received_at = models.DateTimeField()

    objects: ClassVar[models.Manager[Enrolment]] = models.Manager()
    reports: RelatedManager[Report]

    def __str__(self) -> str:
        return f"{self.enrolment_id} {self.learner_name}"


class Report(models.Model):
    """One report to the portal; a row first, delivered by the dispatcher, retried."""

    class Kind(models.TextChoices):
        ATTENDANCE = "attendance", "attendance"
        COMPLETION = "completion", "completion"
        DROPOUT = "dropout", "dropout"

    class State(models.TextChoices):
        PENDING = "pending", "pending"
        SENDING = "sending", "sending"
        DELIVERED = "delivered", "delivered"  # 2xx: accepted (or a recognised duplicate)
        REFUSED = "refused", "refused"  # 4xx: the portal will not take it (final)
        ABANDONED = "abandoned", "abandoned"

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reports")
    report_id = models.UUIDField(default=uuid.uuid4, unique=True)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    body = models.TextField()  # the exact JSON sent each time (re-signed per attempt)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    send_twice = models.BooleanField(default=False)
    attempts = models.PositiveIntegerField(default=0)
    deliveries = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    lease_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_answer = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[models.Manager[Report]] = models.Manager()
    enrolment_id: int

    class Meta:
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="ti_report_due")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.kind} {self.state}"
