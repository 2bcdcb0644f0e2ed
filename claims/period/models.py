"""claims.period models (imported by claims/models.py): the benefit period after the decision.

Law 74/2025 Art. 40-41, RULES.md "After the decision". The months of a period are laid out at
approval (one `BenefitMonth` per benefit month, with its notification window and payment day,
from the pure rules in eligibility.calculator.period); the worker's monthly notification, the
exemptions, the events that end the benefit, the termination (four eyes), the months reserved
for a later claim and the recovery of an overpayment are each a row, so that a lost task only
delays the work until the sweep finds the row again.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from claims.core.models import Claim, ClaimDocument

__all__ = [
    "BenefitMonth",
    "MonthlyNotification",
    "NotificationExemption",
    "PeriodEvent",
    "Recovery",
    "ReservedMonths",
    "Termination",
]


class BenefitMonth(models.Model):
    """One benefit month k of an approved claim: its dates, its window, what became of it."""

    class Status(models.TextChoices):
        #: The window has not closed yet and no notification was made.
        DUE = "due", _("Chờ thông báo tìm kiếm việc làm")
        #: Notified in the window: the month's payment is released on its payment day.
        NOTIFIED = "notified", _("Đã thông báo")
        #: The window closed without a notification (Art. 41.2): not paid, not reserved.
        SUSPENDED = "suspended", _("Tạm dừng hưởng")
        #: The month's installment was paid by the settlement office.
        PAID = "paid", _("Đã chi trả")
        #: After the end of the benefit (Art. 41.4): not paid.
        ENDED = "ended", _("Đã chấm dứt hưởng")

    #: No index of its own: one_benefit_month_per_index (claim, index) serves look-ups by claim.
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, related_name="benefit_months", db_index=False
    )
    index = models.PositiveSmallIntegerField(_("tháng hưởng thứ"))
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    window_first = models.DateField(_("ngày đầu thông báo"))
    window_last = models.DateField(_("ngày cuối thông báo"))
    #: The day the month's payment is due (month 1: the decision day; later: day 7).
    payment_due_on = models.DateField(_("ngày đến hạn chi"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DUE)
    #: The installment that pays this month (claims.payments), when the schedule has one.
    installment = models.OneToOneField(
        "claims.PaymentInstallment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="benefit_month",
    )
    #: When the window was judged (suspended or kept): the sweep's mark, set once.
    closed_at = models.DateTimeField(null=True, blank=True)
    #: Paid although the benefit had already ended (an unreported event): to be recovered.
    overpaid = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["claim_id", "index"]
        indexes = [
            # The window sweep: months still due whose window has closed.
            models.Index(fields=["status", "window_last"], name="benefit_month_window_idx"),
            models.Index(fields=["window_first", "window_last"], name="benefit_month_queue_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["claim", "index"], name="one_benefit_month_per_index"),
            models.CheckConstraint(
                condition=Q(window_first__lte=F("window_last")), name="benefit_month_window_order"
            ),
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="benefit_month_order"),
        ]
        verbose_name = _("tháng hưởng")
        verbose_name_plural = _("tháng hưởng")

    def __str__(self) -> str:
        return f"{self.claim_id} #{self.index} ({self.status})"


class MonthlyNotification(models.Model):
    """The worker's monthly job-search notification (Art. 40), online or recorded in person."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        IN_PERSON = "in_person", _("Trực tiếp tại trung tâm")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="period_notifications")
    month = models.OneToOneField(
        BenefitMonth, on_delete=models.PROTECT, related_name="notification"
    )
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices)
    still_unemployed = models.BooleanField(_("vẫn chưa có việc làm"), default=True)
    looked_for_work = models.BooleanField(_("đã tìm kiếm việc làm"))
    #: The job-search log: [{"kind": "employer"|"job_fair"|"application"|"other",
    #: "where": str, "date": "YYYY-MM-DD"}, ...] (short, shown to staff).
    job_search_log = models.JSONField(_("nhật ký tìm việc"), default=list, blank=True)
    available = models.BooleanField(_("sẵn sàng làm việc"))
    #: An event the worker reported with the notification (a PeriodEvent row is made too).
    event_kind = models.CharField(_("sự kiện khai báo"), max_length=24, blank=True)
    event_date = models.DateField(_("ngày xảy ra sự kiện"), null=True, blank=True)
    proof = models.ForeignKey(
        ClaimDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("ghi chú"), blank=True)
    #: The worker (online) or the staff member who recorded it (in person).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notified_at = models.DateTimeField(_("thời điểm thông báo"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "month_id"]
        indexes = [models.Index(fields=["claim", "notified_at"])]
        verbose_name = _("thông báo tìm kiếm việc làm")
        verbose_name_plural = _("thông báo tìm kiếm việc làm")

    def __str__(self) -> str:
        return f"{self.claim_id} month {self.month_id} ({self.channel})"


class NotificationExemption(models.Model):
    """A month the worker need not come in person (RULES.md: the window still applies)."""

    class Reason(models.TextChoices):
        ILLNESS = "illness", _("Ốm đau")
        MATERNITY = "maternity", _("Thai sản")
        ACCIDENT = "accident", _("Tai nạn")
        DISASTER = "disaster", _("Thiên tai, dịch bệnh")
        BEREAVEMENT = "bereavement", _("Có người thân qua đời")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="period_exemptions")
    month = models.OneToOneField(BenefitMonth, on_delete=models.PROTECT, related_name="exemption")
    reason = models.CharField(_("lý do"), max_length=12, choices=Reason.choices)
    note = models.TextField(_("ghi chú"), blank=True)
    document = models.ForeignKey(
        ClaimDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("miễn thông báo trực tiếp")
        verbose_name_plural = _("miễn thông báo trực tiếp")

    def __str__(self) -> str:
        return f"{self.claim_id} month {self.month_id}: {self.reason}"


#: The period's events in words (the staff page's list; the grounds' letters are on the forms).
EVENT_KIND_LABELS = {
    "job_started": _("Có việc làm thuộc diện đóng bảo hiểm xã hội bắt buộc"),
    "military_service": _("Thực hiện nghĩa vụ quân sự, nghĩa vụ công an"),
    "pension": _("Hưởng lương hưu hằng tháng"),
    "job_offer_refused": _("Từ chối việc làm do trung tâm giới thiệu, không có lý do chính đáng"),
    "emigration": _("Ra nước ngoài định cư, đi làm việc ở nước ngoài"),
    "study": _("Đi học tập có thời hạn từ 12 tháng trở lên"),
    "fine": _("Bị xử phạt vi phạm hành chính về bảo hiểm thất nghiệp"),
    "death": _("Chết"),
    "detention": _("Bị tạm giam, chấp hành hình phạt tù"),
    "missing": _("Bị Tòa án tuyên bố mất tích"),
    "rehabilitation": _("Chấp hành quyết định đưa vào cơ sở giáo dục, cai nghiện bắt buộc"),
    "worker_request": _("Theo đề nghị của người lao động"),
}


class PeriodEvent(models.Model):
    """Something that happened to the worker during the period (a job found, a refusal...).

    The kinds are those of eligibility.calculator.period.EVENT_KINDS (without "notification").
    Most end the benefit; a first refused job offer does not (the second does, Art. 41.4.d).
    """

    class Source(models.TextChoices):
        WORKER = "worker", _("Người lao động khai báo")
        OFFICER = "officer", _("Cán bộ ghi nhận")
        STORE = "store", _("Dữ liệu bảo hiểm xã hội")
        SYSTEM = "system", _("Hệ thống")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="period_events")
    kind = models.CharField(_("loại sự kiện"), max_length=24)
    date = models.DateField(_("ngày xảy ra"))
    #: Whether the worker reported it themselves (Art. 41.5: only then is time reserved).
    reported = models.BooleanField(_("người lao động tự khai báo"))
    source = models.CharField(max_length=10, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: e.g. the new employer's tax code and name when the store found a job.
    details = models.JSONField(default=dict, blank=True)
    proof = models.ForeignKey(
        ClaimDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "date", "id"]
        verbose_name = _("sự kiện trong thời gian hưởng")
        verbose_name_plural = _("sự kiện trong thời gian hưởng")

    def __str__(self) -> str:
        return f"{self.claim_id} {self.kind} {self.date}"

    @property
    def kind_label(self) -> str:
        return str(EVENT_KIND_LABELS.get(self.kind, self.kind))


class Termination(models.Model):
    """The end of the benefit (Art. 41.4): proposed, then signed by someone else (four eyes).

    Three missed windows (ground đ) are ended by the system alone (signed_by stays empty, the
    rule decides); every other ground is proposed by an officer or by the system and signed by
    a signer who is not the proposer.
    """

    class Ground(models.TextChoices):
        A = "a", _("Có việc làm thuộc diện tham gia bảo hiểm xã hội bắt buộc")
        B = "b", _("Thực hiện nghĩa vụ quân sự, công an, dân quân thường trực")
        C = "c", _("Hưởng lương hưu hằng tháng")
        D = "d", _("Hai lần từ chối việc làm do trung tâm giới thiệu không có lý do chính đáng")
        DD = "đ", _("Ba tháng liên tục không thông báo tìm kiếm việc làm")
        E = "e", _("Ra nước ngoài để định cư")
        G = "g", _("Đi học tập có thời hạn trên 12 tháng")
        H = "h", _("Bị xử phạt vi phạm hành chính về bảo hiểm thất nghiệp")
        I = "i", _("Chết")  # noqa: E741 - the letter of the law
        K = "k", _("Chấp hành quyết định đưa vào trường giáo dưỡng, cơ sở giáo dục, cai nghiện")
        L = "l", _("Bị tòa án tuyên bố mất tích")
        M = "m", _("Bị tạm giam, chấp hành hình phạt tù")
        N = "n", _("Theo đề nghị của người lao động")

    class State(models.TextChoices):
        PROPOSED = "proposed", _("Chờ ký duyệt")
        SIGNED = "signed", _("Đã ký duyệt")
        RETURNED = "returned", _("Trả lại")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="terminations")
    ground = models.CharField(_("căn cứ chấm dứt"), max_length=1, choices=Ground.choices)
    #: The day of the event (the new job's start...); the benefit ends from `effective_on`.
    event_date = models.DateField(_("ngày xảy ra sự kiện"))
    effective_on = models.DateField(_("chấm dứt từ ngày"))
    reported_by_worker = models.BooleanField(_("người lao động tự khai báo"))
    event = models.ForeignKey(
        PeriodEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="terminations"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.PROPOSED)
    #: None: proposed by the system (the store's new job, three missed windows).
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    comment = models.TextField(_("ý kiến"), blank=True)
    #: What the rules gave at signature (eligibility.calculator.period): months received
    #: (paid or suspended, the event's month included), reserved months, overpaid months.
    months_received = models.PositiveSmallIntegerField(null=True, blank=True)
    reserved_months = models.PositiveSmallIntegerField(null=True, blank=True)
    overpaid_amount = models.BigIntegerField(default=0)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(state__in=["proposed", "signed"]),
                name="one_open_termination_per_claim",
            ),
            # Four eyes: whoever proposed cannot sign.
            models.CheckConstraint(
                condition=Q(signed_by__isnull=True)
                | Q(proposed_by__isnull=True)
                | ~Q(signed_by=F("proposed_by")),
                name="termination_four_eyes",
            ),
        ]
        verbose_name = _("chấm dứt hưởng")
        verbose_name_plural = _("chấm dứt hưởng")

    def __str__(self) -> str:
        return f"{self.claim_id} {self.ground} {self.effective_on} ({self.state})"


class ReservedMonths(models.Model):
    """Contribution months reserved for a later claim of the same person (Art. 41.5).

    Written when the benefit ends (terminated or completed); the next claim's calculator reads
    the person's latest row as its `months_used_by_earlier_benefit` complement
    (claims.period.selectors.reserved_for_person).
    """

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="reserved_months")
    personal_id = models.CharField(max_length=12, db_index=True)
    #: n: the contribution months the benefit was computed on.
    contribution_months = models.PositiveSmallIntegerField()
    months_received = models.PositiveSmallIntegerField()
    months = models.PositiveSmallIntegerField(_("số tháng được bảo lưu"))
    #: The ground of the end (a letter of Art. 41.4), or "" when the period ran its course.
    ground = models.CharField(max_length=1, blank=True)
    reported_by_worker = models.BooleanField(default=False)
    ended_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ended_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(months__lte=F("contribution_months")), name="reserved_at_most_n"
            )
        ]
        verbose_name = _("thời gian đóng được bảo lưu")
        verbose_name_plural = _("thời gian đóng được bảo lưu")

    def __str__(self) -> str:
        return f"{self.personal_id}: {self.months} ({self.claim_id})"


class Recovery(models.Model):
    """Money paid after the benefit had ended, to be repaid or offset (a recovery decision)."""

    class State(models.TextChoices):
        OPEN = "open", _("Chờ hoàn trả")
        REPAID = "repaid", _("Đã hoàn trả")
        OFFSET = "offset", _("Đã bù trừ")
        CANCELLED = "cancelled", _("Đã hủy")

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="recoveries")
    termination = models.OneToOneField(
        Termination, on_delete=models.PROTECT, related_name="recovery"
    )
    amount = models.BigIntegerField(_("số tiền phải thu hồi (đồng)"))
    #: The benefit months paid after the end: [{"index": k, "amount": n}, ...].
    months = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    repaid_amount = models.BigIntegerField(default=0)
    offset_amount = models.BigIntegerField(default=0)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="recovery_amount_gt_0"),
            models.CheckConstraint(
                condition=Q(repaid_amount__gte=0, offset_amount__gte=0),
                name="recovery_settled_not_negative",
            ),
        ]
        verbose_name = _("thu hồi tiền trợ cấp")
        verbose_name_plural = _("thu hồi tiền trợ cấp")

    def __str__(self) -> str:
        return f"{self.claim_id}: {self.amount} ({self.state})"

    @property
    def outstanding(self) -> int:
        return max(0, self.amount - self.repaid_amount - self.offset_amount)
