"""claims.transfers models (imported by claims/models.py): moving a benefit to another province's
center (Law 74/2025 Art. 41.1; RULES.md, "transfer to another province")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Transfer(models.Model):
    """One request to move a claim's benefit to another center: the worker asks, the old
    center hands the file over (within 3 working days), the new center accepts and from then
    on takes the monthly notifications and the payments (claims.transfers.services)."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Chờ bàn giao hồ sơ")
        HANDED_OVER = "handed_over", _("Đã bàn giao, chờ tiếp nhận")
        ACCEPTED = "accepted", _("Đã chuyển nơi hưởng")
        CANCELLED = "cancelled", _("Đã hủy")

    claim = models.ForeignKey("claims.Claim", on_delete=models.PROTECT, related_name="transfers")
    from_center = models.ForeignKey(
        "identity.EmploymentServiceCenter",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nơi chuyển đi"),
    )
    to_center = models.ForeignKey(
        "identity.EmploymentServiceCenter",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nơi chuyển đến"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.REQUESTED
    )
    #: Where the worker now lives (printed for the new center), and why they move.
    new_address = models.CharField(_("nơi cư trú mới"), max_length=300)
    reason = models.TextField(_("lý do"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField(_("ngày đề nghị"))
    #: 3 working days after the request (RULES.md): the old center's deadline to hand over.
    handover_due = models.DateField(_("hạn bàn giao"))
    handed_over_at = models.DateTimeField(_("bàn giao lúc"), null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handover_note = models.TextField(_("ghi chú bàn giao"), blank=True)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    decision = models.ForeignKey(
        "claims.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=models.Q(status__in=["requested", "handed_over"]),
                name="one_open_transfer_per_claim",
            ),
        ]
        indexes = [
            models.Index(fields=["from_center", "status", "handover_due"], name="transfer_out_idx"),
            models.Index(fields=["to_center", "status", "handed_over_at"], name="transfer_in_idx"),
        ]
        verbose_name = _("chuyển nơi hưởng")
        verbose_name_plural = _("chuyển nơi hưởng")

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.from_center_id} -> {self.to_center_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.REQUESTED, self.Status.HANDED_OVER}
