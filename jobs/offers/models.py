"""A job offer and its append-only history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from claims.core.models import Claim
from identity.models import EmploymentServiceCenter
from jobs.catalogue.models import Vacancy


class DeclineReason(models.TextChoices):
    """Why a worker declines. Every reason but OTHER is a good reason (Art. 41.4.d's "lý do
    chính đáng", a convention of docs/adr/0023); OTHER is judged by an officer."""

    NOT_TRADE = (
        "not_trade",
        _("Công việc không phù hợp với trình độ, chuyên môn, ngành nghề của tôi"),
    )
    WAGE_LOWER = "wage_lower", _("Lương thấp hơn mức lương đóng bảo hiểm xã hội gần nhất của tôi")
    TOO_FAR = "too_far", _("Nơi làm việc quá xa nơi tôi ở và không có chỗ ở hay phương tiện đi lại")
    HEALTH = "health", _("Sức khỏe của tôi không phù hợp với công việc (có giấy tờ của cơ sở y tế)")
    TRAINING = "training", _("Tôi đang học một khóa đào tạo nghề")
    CARE = "care", _("Tôi đang nuôi con dưới 36 tháng tuổi hoặc chăm sóc người thân ốm nặng")
    OTHER = "other", _("Lý do khác (trung tâm sẽ xem xét)")


GOOD_REASONS = frozenset(DeclineReason.values) - {DeclineReason.OTHER}


class JobOffer(models.Model):
    class State(models.TextChoices):
        OFFERED = "offered", _("Đang chờ trả lời")
        ACCEPTED = "accepted", _("Đã nhận lời")
        DECLINED_GOOD = "declined_good", _("Đã từ chối, có lý do chính đáng")
        DECLINED_PENDING = "declined_pending", _("Đã từ chối, chờ trung tâm xem xét lý do")
        DECLINED_UNJUSTIFIED = "declined_unjustified", _("Đã từ chối, không có lý do chính đáng")
        WITHDRAWN = "withdrawn", _("Trung tâm đã rút lại")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="job_offers")
    vacancy = models.ForeignKey(Vacancy, on_delete=models.PROTECT, related_name="offers")
    center = models.ForeignKey(
        EmploymentServiceCenter, on_delete=models.PROTECT, related_name="job_offers"
    )
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(_("lời nhắn của trung tâm"), blank=True)
    state = models.CharField(max_length=24, choices=State.choices, default=State.OFFERED)
    decline_reason = models.CharField(
        _("lý do từ chối"), max_length=16, choices=DeclineReason.choices, blank=True
    )
    decline_text = models.TextField(_("giải thích"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    judged_at = models.DateTimeField(null=True, blank=True)
    judgement_note = models.TextField(_("nhận xét của cán bộ"), blank=True)
    #: The benefit period's "job_offer_refused" event (claims.period.PeriodEvent) it became.
    period_event_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("giới thiệu việc làm")
        verbose_name_plural = _("giới thiệu việc làm")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "vacancy"],
                condition=Q(state="offered"),
                name="joboffer_one_open_per_claim_vacancy",
            ),
        ]
        indexes = [models.Index(fields=["center", "state"], name="joboffer_center_state_idx")]

    def __str__(self) -> str:
        return f"{self.vacancy_id} → {self.claim_id} ({self.state})"


class JobOfferEvent(models.Model):
    """Every change of an offer (append-only): who, when, from, to, why."""

    offer = models.ForeignKey(JobOffer, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_role = models.CharField(max_length=10)
    from_state = models.CharField(max_length=24, blank=True)
    to_state = models.CharField(max_length=24)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.from_state} → {self.to_state}"

    @property
    def to_label(self) -> str:
        return (
            str(JobOffer.State(self.to_state).label)
            if self.to_state in JobOffer.State.values
            else self.to_state
        )
