"""claims.complaints models (imported by claims/models.py): a worker's complaint against a
decision about their claim, and its first answer (Law on Complaints 02/2011 Art. 9, 28, 31)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Complaint(models.Model):
    """A first complaint (khiếu nại lần đầu) against one decision, answered by the head of the
    center that made the decision with a signed decision (claims.complaints.services)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("Đã tiếp nhận")
        ANSWERED = "answered", _("Đã có quyết định giải quyết")
        WITHDRAWN = "withdrawn", _("Đã rút khiếu nại")

    reference = models.CharField(_("số đơn"), max_length=20, unique=True)
    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="complaints")
    decision = models.ForeignKey(
        "claims.Decision",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("quyết định bị khiếu nại"),
    )
    #: The deciding body (the decision's center), which answers: not the claim's center, which
    #: may have changed with a transfer since.
    center = models.ForeignKey(
        "identity.EmploymentServiceCenter", on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("nội dung khiếu nại"))
    request = models.TextField(_("đề nghị của người khiếu nại"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    #: The day the worker received the decision: the 90 days of Art. 9 count from it.
    decision_received_on = models.DateField(_("ngày nhận quyết định"))
    received_on = models.DateField(_("ngày nhận đơn"))
    #: A complex case has 45 days instead of 30 (Art. 28); who said so and why.
    is_complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    complex_reason = models.TextField(blank=True)
    answer_due = models.DateField(_("hạn giải quyết"), db_index=True)
    answer = models.ForeignKey(
        "claims.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["answer_due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(status="received"),
                name="one_open_complaint_per_decision",
            ),
        ]
        indexes = [
            models.Index(fields=["center", "status", "answer_due"], name="complaint_queue_idx")
        ]
        verbose_name = _("khiếu nại")
        verbose_name_plural = _("khiếu nại")

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.RECEIVED
