"""training.support models (gathered by training/models.py): training support (hỗ trợ học nghề,
Law 74/2025 Art. 37): its dated rules, the worker's application, its history and its signed
decision (issue #18; docs/adr/0022)."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from training.catalogue.models import Course

_POSITIVE = MinValueValidator(1, message=_("Giá trị phải lớn hơn 0."))


class TrainingSupportRule(models.Model):
    """The training-support parameters in force from `valid_from` until the day before the next
    rule starts (the dated-parameter model of eligibility's rule sets, docs/adr/0005), each with
    its legal reference. Read by training.support.rules into the pure calculator's
    eligibility.calculator.training.TrainingRules."""

    identifier = models.SlugField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    valid_from = models.DateField(_("áp dụng cho đơn nộp từ ngày"), unique=True)
    legal_reference = models.TextField(_("căn cứ pháp lý"))
    max_months = models.PositiveSmallIntegerField(
        _("số tháng hỗ trợ tối đa"),
        validators=[_POSITIVE],
        help_text=_("Luật Việc làm 74/2025/QH15 Điều 37: tối đa 6 tháng (cộng dồn các lần)."),
    )
    min_contribution_months = models.PositiveSmallIntegerField(
        _("số tháng đóng BHTN tối thiểu (người không hưởng trợ cấp)"),
        validators=[_POSITIVE],
        help_text=_(
            "Luật Việc làm 74/2025/QH15 Điều 37: 9 tháng trong 36 tháng trước khi nghỉ việc."
        ),
    )
    window_months = models.PositiveSmallIntegerField(
        _("khoảng thời gian xét (tháng)"), validators=[_POSITIVE], help_text=_("36 tháng.")
    )
    apply_within_months = models.PositiveSmallIntegerField(
        _("thời hạn nộp đơn sau khi nghỉ việc (tháng)"),
        validators=[_POSITIVE],
        help_text=_("Luật Việc làm 74/2025/QH15 Điều 37: trong 12 tháng kể từ ngày nghỉ việc."),
    )
    short_course_months = models.PositiveSmallIntegerField(
        _("khóa ngắn: đến (tháng)"),
        validators=[_POSITIVE],
        help_text=_("Quyết định 17/2021/QĐ-TTg: 3 tháng."),
    )
    tuition_cap_short_course = models.BigIntegerField(
        _("học phí tối đa khóa ngắn (đồng)"),
        validators=[_POSITIVE],
        help_text=_("Quyết định 17/2021/QĐ-TTg Điều 3: 4.500.000 đồng/khóa đến 3 tháng."),
    )
    tuition_per_further_month = models.BigIntegerField(
        _("học phí mỗi tháng tiếp theo (đồng)"),
        validators=[_POSITIVE],
        help_text=_("Quyết định 17/2021/QĐ-TTg Điều 3: 1.500.000 đồng/tháng."),
    )
    tuition_reference = models.CharField(_("căn cứ mức học phí"), max_length=300)
    meal_money_per_day = models.BigIntegerField(
        _("tiền ăn mỗi ngày thực học (đồng)"), validators=[_POSITIVE]
    )
    meal_days_per_month = models.PositiveSmallIntegerField(
        _("số ngày học tính tiền ăn mỗi tháng"), validators=[_POSITIVE]
    )
    #: True until the decree's figure is entered: pages show the meal money as provisional.
    meal_money_provisional = models.BooleanField(_("tiền ăn tạm tính (chờ xác nhận)"), default=True)
    meal_money_reference = models.CharField(_("căn cứ mức tiền ăn"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("quy định hỗ trợ học nghề")
        verbose_name_plural = _("quy định hỗ trợ học nghề")

    def __str__(self) -> str:
        return f"{self.name} ({self.valid_from:%d/%m/%Y})"


class TrainingApplication(models.Model):
    """A worker's application for training support for one course: submitted by the worker,
    proposed by an officer, decided (signed) by a signer of the same center (four eyes), or
    withdrawn by the worker; a signer may return a proposal to the officer."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Đã nộp, chờ cán bộ xem xét")
        PROPOSED = "proposed", _("Cán bộ đã đề xuất, chờ lãnh đạo ký")
        RETURNED = "returned", _("Lãnh đạo trả lại cán bộ")
        APPROVED = "approved", _("Được hỗ trợ học nghề")
        REFUSED = "refused", _("Không được hỗ trợ học nghề")
        WITHDRAWN = "withdrawn", _("Đã rút đơn")

    class Path(models.TextChoices):
        RECIPIENT = "recipient", _("Đang hưởng trợ cấp thất nghiệp")
        CONTRIBUTOR = "contributor", _("Không hưởng trợ cấp, đủ thời gian đóng BHTN")
        NONE = "none", _("Không đủ điều kiện")

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("Hỗ trợ")
        REFUSE = "refuse", _("Không hỗ trợ")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("số đơn"), max_length=20, unique=True, null=True, blank=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="training_applications",
        verbose_name=_("người lao động"),
    )
    personal_id = models.CharField(_("số định danh cá nhân"), max_length=12, db_index=True)
    #: The benefit claim the support goes with; empty for a worker who does not receive benefit.
    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_applications",
        verbose_name=_("hồ sơ trợ cấp"),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="applications", verbose_name=_("khóa học")
    )
    center = models.ForeignKey(
        "identity.EmploymentServiceCenter",
        on_delete=models.PROTECT,
        related_name="training_applications",
        verbose_name=_("trung tâm"),
    )
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=State.choices, default=State.SUBMITTED
    )
    version = models.PositiveIntegerField(default=1)

    # The check at submission (eligibility.calculator.training): path and reasons.
    path = models.CharField(_("diện hỗ trợ"), max_length=12, choices=Path.choices)
    eligibility = models.JSONField(_("kết quả kiểm tra điều kiện"), default=dict, blank=True)
    rule_identifier = models.CharField(_("quy định áp dụng"), max_length=60)
    termination_date = models.DateField(_("ngày nghỉ việc"), null=True, blank=True)
    #: Support months granted by earlier approved applications (counted into the 6-month cap).
    months_used_before = models.PositiveSmallIntegerField(default=0)

    # The officer's proposal.
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ đề xuất"),
    )
    proposed_outcome = models.CharField(
        _("đề xuất"), max_length=8, choices=Outcome.choices, blank=True
    )
    proposal_note = models.TextField(_("ý kiến của cán bộ"), blank=True)
    proposed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)

    # The amounts (proposed by the officer, fixed by the signed decision).
    approved_months = models.PositiveSmallIntegerField(_("số tháng hỗ trợ"), null=True, blank=True)
    approved_tuition = models.BigIntegerField(_("học phí hỗ trợ (đồng)"), null=True, blank=True)
    meal_money_per_day = models.BigIntegerField(_("tiền ăn mỗi ngày (đồng)"), null=True, blank=True)
    meal_money_per_month = models.BigIntegerField(
        _("tiền ăn mỗi tháng (đồng)"), null=True, blank=True
    )
    meal_money_provisional = models.BooleanField(_("tiền ăn tạm tính"), default=False)

    # The decision.
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ký"),
    )
    decided_at = models.DateTimeField(_("ngày quyết định"), null=True, blank=True)
    refusal_reason = models.TextField(_("lý do không hỗ trợ"), blank=True)

    submitted_at = models.DateTimeField(_("ngày nộp"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("đơn hỗ trợ học nghề")
        verbose_name_plural = _("đơn hỗ trợ học nghề")
        indexes = [
            models.Index(
                fields=["center", "state", "submitted_at", "id"], name="training_queue_idx"
            ),
            models.Index(fields=["citizen", "-created_at"], name="training_citizen_idx"),
        ]
        constraints = [
            # Four eyes: whoever proposed never signs the decision.
            models.CheckConstraint(
                condition=models.Q(officer__isnull=True)
                | models.Q(signer__isnull=True)
                | ~models.Q(officer=models.F("signer")),
                name="training_four_eyes",
            ),
            # One open or approved application per worker and course.
            models.UniqueConstraint(
                fields=["citizen", "course"],
                condition=~models.Q(state__in=["withdrawn", "refused"]),
                name="one_training_application_per_course",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="approved")
                | (models.Q(approved_months__gte=1) & models.Q(approved_tuition__gte=0)),
                name="training_approved_has_amounts",
            ),
        ]

    def __str__(self) -> str:
        return self.reference or str(self.public_id)

    @property
    def is_open(self) -> bool:
        return self.state in {self.State.SUBMITTED, self.State.PROPOSED, self.State.RETURNED}


class TrainingEventQuerySet(models.QuerySet["TrainingEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("Training events are append-only")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("Training events are append-only")


class TrainingEvent(models.Model):
    """Append-only: who did what to a training application, from which state to which, why."""

    application = models.ForeignKey(
        TrainingApplication, on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_role = models.CharField(max_length=10)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = TrainingEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("sự kiện đơn hỗ trợ học nghề")
        verbose_name_plural = _("sự kiện đơn hỗ trợ học nghề")

    def __str__(self) -> str:
        return f"{self.kind} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("Training events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("Training events are append-only")


def _training_decision_path(instance: TrainingDecision, filename: str) -> str:
    # Unguessable and free of personal data, as a claim's decision (claims.decisions.models).
    return f"decisions/{instance.issued_on:%Y}/{uuid.uuid4().hex}.pdf"


class TrainingDecision(models.Model):
    """The signed decision on a training application (approval or refusal): numbered in the
    center's yearly decision series (claims' DecisionCounter), rendered and signed with the
    claims.decisions pipeline, verifiable at /verify/ like any decision (docs/adr/0022)."""

    class Kind(models.TextChoices):
        APPROVAL = "approval", _("Quyết định hỗ trợ học nghề")
        REFUSAL = "refusal", _("Quyết định không hỗ trợ học nghề")

    class State(models.TextChoices):
        PENDING = "pending", _("Đang lập")
        ISSUED = "issued", _("Đã ký số")
        FAILED = "failed", _("Lỗi khi lập")

    application = models.OneToOneField(
        TrainingApplication, on_delete=models.PROTECT, related_name="decision"
    )
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    #: What the PDF prints (amounts, course, reasons), fixed at signature.
    facts = models.JSONField(default=dict, blank=True)
    center = models.ForeignKey(
        "identity.EmploymentServiceCenter", on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("số quyết định"), max_length=40, db_index=True)
    issued_on = models.DateField(_("ngày ban hành"))
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("người ký"), max_length=200)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=100)
    verification_code = models.CharField(max_length=16)
    state = models.CharField(
        _("trạng thái lập"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    file = models.FileField(upload_to=_training_decision_path, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 của tệp đã ký"), max_length=64, blank=True)
    size = models.PositiveIntegerField(default=0)
    cert_fingerprint = models.CharField(max_length=64, blank=True)
    cert_subject = models.CharField(max_length=300, blank=True)
    signed_at = models.DateTimeField(_("ký số lúc"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "year", "sequence"], name="one_training_decision_number"
            ),
        ]
        verbose_name = _("quyết định hỗ trợ học nghề")
        verbose_name_plural = _("quyết định hỗ trợ học nghề")

    def __str__(self) -> str:
        return self.number
