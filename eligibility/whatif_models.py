"""WhatIfRun: one "what would this draft rule set change?" analysis over the claims of a period.

Kept in its own module (imported at the bottom of eligibility.models) so the rules tables'
module stays about the rules. The row is the work to do (see STYLE.md): a task claims it with a
conditional update and records its progress and its cursor, so a lost task can be resumed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class WhatIfRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("đang chờ")
        RUNNING = "running", _("đang chạy")
        DONE = "done", _("đã xong")
        FAILED = "failed", _("lỗi")

    draft = models.ForeignKey(
        "eligibility.RuleSet",
        on_delete=models.CASCADE,
        related_name="whatif_runs",
        verbose_name=_("bản nháp bộ quy định"),
    )
    period_start = models.DateField(_("chấm dứt hợp đồng từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("đã xét"), default=0)
    total = models.PositiveIntegerField(_("tổng số hồ sơ"), default=0)
    #: Summary, the claims affected and the cursor of the last claim compared (claims.whatif.services).
    results = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("người yêu cầu"),
    )
    #: While running, the worker holding the run renews this after every chunk; once it has
    #: passed, the worker is presumed lost and the sweep hands the run to another one.
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("phân tích tác động")
        verbose_name_plural = _("phân tích tác động")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="whatif_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draft_id}: {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return (self.done * 100 // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
