"""Complaints against a decision about a claim, and their first answer (Law on Complaints
02/2011/QH13 Art. 9, 28, 31; Law 74/2025 Art. 51; docs/adr/0019-period-decisions-transfers-complaints.md).

- Filing: within 90 days of receiving the decision (Art. 9). The portal delivers a decision
  when it is signed and stored, so that day is "received" **[convention]**.
- The first answer is due 30 days after the complaint is accepted, 45 for a complex case
  (Art. 28). The portal accepts (thụ lý) on the day it receives the complaint **[convention]**.
  Both periods are in days as the law counts them; a period ending on a day off ends on the next
  working day (Civil Code 2015 Art. 148) on eligibility's working calendar; the queue shows the
  working days left.
- The answer is a signed decision (kind complaint_answer) by the head of the deciding body: a
  signer of the center that made the decision, which may no longer be the claim's center.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.complaints.models import Complaint
from claims.core.exceptions import ClaimError, ClaimPermissionError, ClaimStateError
from claims.core.transitions import Actor
from claims.decisions.kind_content import COMPLAINT_ANSWER, OUTCOMES
from claims.decisions.kinds import decision_kind_issue
from claims.decisions.models import Decision
from claims.models import Claim, ClaimEvent
from claims.notifications.services import claim_params, notify
from eligibility.calculator.dates import CalendarYearMissing, WorkingCalendar
from eligibility.selectors import working_calendar
from identity.models import User

#: Law on Complaints 2011 Art. 9: days to complain after receiving the decision.
FILING_DAYS = 90
#: Art. 28: days to answer a first complaint, and for a complex case.
ANSWER_DAYS = 30
ANSWER_DAYS_COMPLEX = 45
TEXT_MAX = 5000
TEXT_MIN = 10
#: A complaint about an answer is a second complaint, to another body: not filed here.
NOT_COMPLAINABLE = frozenset({COMPLAINT_ANSWER})


class ComplaintInvalid(ClaimError):
    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def _next_working_day(day: date, calendar: WorkingCalendar) -> date:
    """`day`, or the first working day after it when it is a day off (Civil Code Art. 148)."""
    if calendar.is_working_day(day):
        return day
    return calendar.working_days_after(day, 1)


def period_end(start: date, days: int, calendar: WorkingCalendar | None = None) -> date:
    calendar = calendar or working_calendar()
    try:
        return _next_working_day(start + timedelta(days=days), calendar)
    except CalendarYearMissing as exc:
        raise ComplaintInvalid(
            _("Lịch ngày nghỉ của năm tới chưa có: chưa thể tính thời hạn. Hãy thử lại sau.")
        ) from exc


def received_on(decision: Decision) -> date | None:
    """The day the worker received the decision: the day it was signed and delivered."""
    if decision.state != Decision.State.ISSUED or decision.signed_at is None:
        return None
    return timezone.localdate(decision.signed_at)


def filing_deadline(decision: Decision) -> date | None:
    day = received_on(decision)
    return period_end(day, FILING_DAYS) if day else None


def answer_due(received: date, *, complex_case: bool) -> date:
    return period_end(received, ANSWER_DAYS_COMPLEX if complex_case else ANSWER_DAYS)


@dataclass(frozen=True)
class Complainable:
    decision: Decision
    received_on: date
    deadline: date
    open_complaint: Complaint | None

    @property
    def can_file(self) -> bool:
        return self.open_complaint is None and timezone.localdate() <= self.deadline


def complainable_decisions(*, claim: Claim) -> list[Complainable]:
    """The claim's issued decisions a first complaint may be filed against, with deadlines."""
    found = []
    decisions = (
        Decision.objects.filter(case=claim, state=Decision.State.ISSUED)
        .exclude(kind__in=NOT_COMPLAINABLE)
        .select_related("center")
        .order_by("signed_at", "pk")
    )
    open_by_decision = {
        c.decision_id: c
        for c in Complaint.objects.filter(claim=claim, status=Complaint.Status.RECEIVED)
    }
    for decision in decisions:
        day = received_on(decision)
        if day is None:
            continue
        found.append(
            Complainable(
                decision=decision,
                received_on=day,
                deadline=period_end(day, FILING_DAYS),
                open_complaint=open_by_decision.get(decision.pk),
            )
        )
    return found


def _reference(complaint: Complaint) -> str:
    return f"KN-{complaint.received_on:%Y}-{complaint.pk:06d}"


def complaint_file(
    *, claim_id: int, citizen: User, decision_id: int, text: str, request: str = ""
) -> Complaint:
    """The worker complains against one issued decision of their claim."""
    text = (text or "").strip()
    request = (request or "").strip()
    if len(text) < TEXT_MIN:
        raise ComplaintInvalid(
            _("Viết nội dung khiếu nại: bạn không đồng ý điều gì trong quyết định, và vì sao."),
            field="text",
        )
    if len(text) > TEXT_MAX or len(request) > TEXT_MAX:
        raise ComplaintInvalid(
            _("Nội dung dài quá %(max)s ký tự.") % {"max": TEXT_MAX},
            field="text" if len(text) > TEXT_MAX else "request",
        )
    with transaction.atomic():
        claim = Claim.objects.select_for_update().get(pk=claim_id)
        if claim.citizen_id != citizen.pk:
            raise ClaimPermissionError(_("Đây không phải hồ sơ của bạn."))
        decision = (
            Decision.objects.filter(case=claim, state=Decision.State.ISSUED, pk=decision_id)
            .exclude(kind__in=NOT_COMPLAINABLE)
            .first()
        )
        if decision is None:
            raise ComplaintInvalid(_("Chọn quyết định bạn muốn khiếu nại."), field="decision")
        today = timezone.localdate()
        got = received_on(decision)
        assert got is not None  # noqa: S101 - an issued decision has its signing time
        deadline = period_end(got, FILING_DAYS)
        if today > deadline:
            raise ComplaintInvalid(
                _(
                    "Đã quá thời hạn 90 ngày kể từ ngày nhận quyết định (hạn cuối "
                    "%(deadline)s): không thể khiếu nại quyết định này nữa."
                )
                % {"deadline": deadline.strftime("%d/%m/%Y")},
                field="decision",
            )
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    reference=f"t-{uuid.uuid4().hex[:16]}",  # numbered below, from the id
                    claim=claim,
                    decision=decision,
                    center_id=decision.center_id,
                    filed_by=citizen,
                    text=text,
                    request=request,
                    decision_received_on=got,
                    received_on=today,
                    answer_due=answer_due(today, complex_case=False),
                )
        except IntegrityError as exc:
            raise ClaimStateError(
                _("Bạn đã có một khiếu nại đang được giải quyết về quyết định này.")
            ) from exc
        complaint.reference = _reference(complaint)
        complaint.save(update_fields=["reference"])
        _event(claim, "complaint_filed", citizen, Actor.CITIZEN, complaint)
        _tell(claim, "complaint_received", complaint)
    return complaint


def _require_center_staff(user: User, complaint: Complaint) -> None:
    if user.role not in {User.Role.OFFICER, User.Role.SIGNER} or user.center_id is None:
        raise ClaimPermissionError(_("Chỉ cán bộ trung tâm mới làm được việc này."))
    if user.center_id != complaint.center_id:
        raise ClaimPermissionError(_("Khiếu nại này do trung tâm khác giải quyết."))


def complaint_mark_complex(*, complaint_id: int, staff: User, reason: str) -> Complaint:
    """A complex case: 45 days instead of 30 (Art. 28), with the reason recorded."""
    reason = (reason or "").strip()
    if not reason:
        raise ComplaintInvalid(_("Ghi lý do vụ việc phức tạp."), field="reason")
    if len(reason) > TEXT_MAX:
        raise ComplaintInvalid(
            _("Nội dung dài quá %(max)s ký tự.") % {"max": TEXT_MAX}, field="reason"
        )
    with transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint_id)
        _require_center_staff(staff, complaint)
        if not complaint.is_open:
            raise ClaimStateError(_("Khiếu nại này đã được giải quyết."))
        if complaint.is_complex:
            return complaint
        complaint.is_complex = True
        complaint.complex_reason = reason
        complaint.answer_due = answer_due(complaint.received_on, complex_case=True)
        complaint.save(update_fields=["is_complex", "complex_reason", "answer_due"])
        _event(complaint.claim, "complaint_complex", staff, _role(staff), complaint)
    return complaint


def complaint_answer(
    *, complaint_id: int, signer: User, outcome: str, answer: str, remedy: str = ""
) -> Complaint:
    """The head of the deciding body answers: a signed decision (kind complaint_answer)."""
    answer = (answer or "").strip()
    remedy = (remedy or "").strip()
    if outcome not in OUTCOMES:
        raise ComplaintInvalid(_("Chọn kết luận về khiếu nại."), field="outcome")
    if len(answer) < TEXT_MIN:
        raise ComplaintInvalid(
            _("Viết kết quả xác minh và kết luận (ít nhất %(min)s ký tự).") % {"min": TEXT_MIN},
            field="answer",
        )
    if len(answer) > TEXT_MAX or len(remedy) > TEXT_MAX:
        raise ComplaintInvalid(
            _("Nội dung dài quá %(max)s ký tự.") % {"max": TEXT_MAX}, field="answer"
        )
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update()
            .select_related("decision", "claim")
            .get(pk=complaint_id)
        )
        _require_center_staff(signer, complaint)
        if signer.role != User.Role.SIGNER:
            raise ClaimPermissionError(
                _("Chỉ lãnh đạo trung tâm ban hành quyết định mới giải quyết được khiếu nại.")
            )
        if not complaint.is_open:
            raise ClaimStateError(_("Khiếu nại này đã được giải quyết."))
        decision = complaint.decision
        complaint.answer = decision_kind_issue(
            claim=complaint.claim,
            kind=COMPLAINT_ANSWER,
            facts={
                "complaint_reference": complaint.reference,
                "decision_number": decision.number,
                "decision_issued_on": decision.issued_on,
                "received_on": complaint.received_on,
                "complaint": complaint.text,
                "outcome": outcome,
                "answer": answer,
                "remedy": remedy or None,
            },
            by=signer,
            key=f"complaint:{complaint.pk}",
            center=complaint.center,
        )
        complaint.status = Complaint.Status.ANSWERED
        complaint.answered_at = timezone.now()
        complaint.answered_by = signer
        complaint.save(update_fields=["answer", "status", "answered_at", "answered_by"])
        _event(complaint.claim, "complaint_answered", signer, Actor.SIGNER, complaint)
        _tell(complaint.claim, "complaint_answered", complaint)
    return complaint


def complaint_withdraw(*, complaint_id: int, citizen: User) -> Complaint:
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update().select_related("claim").get(pk=complaint_id)
        )
        if complaint.filed_by_id != citizen.pk:
            raise ClaimPermissionError(_("Đây không phải khiếu nại của bạn."))
        if not complaint.is_open:
            raise ClaimStateError(_("Khiếu nại này đã được giải quyết."))
        complaint.status = Complaint.Status.WITHDRAWN
        complaint.save(update_fields=["status"])
        _event(complaint.claim, "complaint_withdrawn", citizen, Actor.CITIZEN, complaint)
    return complaint


def _role(user: User) -> str:
    return Actor.SIGNER if user.role == User.Role.SIGNER else Actor.OFFICER


def _tell(claim: Claim, kind: str, complaint: Complaint) -> None:
    """The worker's inbox and e-mail (claims.notifications.services), in the step's transaction."""
    params = claim_params(claim) | {
        "complaint": complaint.reference,
        "decision": complaint.decision.number,
        "center": complaint.center.name,
        "due": complaint.answer_due.strftime("%d/%m/%Y"),
        "path": reverse(
            "claims:complaint_status",
            kwargs={"public_id": claim.public_id, "reference": complaint.reference},
        ),
    }
    notify(user=claim.citizen, kind=kind, params=params, claim=claim)


def _event(claim: Claim, kind: str, actor: User, role: str, complaint: Complaint) -> None:
    ClaimEvent.objects.create(
        claim=claim,
        kind=kind,
        actor=actor,
        actor_role=role,
        data={
            "complaint": complaint.reference,
            "decision": complaint.decision.number,
            "answer_due": complaint.answer_due.isoformat(),
        },
    )


# --- Reading ------------------------------------------------------------------------------


def complaints_queue(*, center_id: int, today: date | None = None) -> QuerySet[Complaint]:
    """The center's complaints: open ones first, overdue first within them (by deadline), then
    the answered and withdrawn, newest first."""
    return (
        Complaint.objects.filter(center_id=center_id)
        .select_related("claim", "claim__citizen", "decision")
        .annotate(
            open_first=Case(
                When(status=Complaint.Status.RECEIVED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("open_first", "answer_due", "pk")
    )


def complaint_for_staff(*, complaint_id: int, user: User) -> Complaint:
    """A complaint the staff member's center answers; Complaint.DoesNotExist otherwise."""
    return (
        Complaint.objects.select_related("claim", "claim__citizen", "decision", "answer", "center")
        .filter(center_id=user.center_id or 0)
        .get(pk=complaint_id)
    )


def complaints_of_claim(*, claim: Claim) -> QuerySet[Complaint]:
    return claim.complaints.select_related("decision", "answer").order_by("-created_at", "-pk")
