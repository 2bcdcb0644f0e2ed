"""Reading training support: the check a worker sees before applying (from their
social-security record, their claims and earlier support), their applications, and the
center's queue."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from claims.core.transitions import Status
from claims.models import Claim
from eligibility.calculator.training import TrainingFacts, TrainingResult, judge_training
from eligibility.registry import get_registry
from identity.models import EmploymentServiceCenter, User
from training.catalogue.models import Course
from training.support.models import TrainingApplication, TrainingSupportRule
from training.support.rules import NoTrainingRule, training_rules_for

logger = logging.getLogger(__name__)

#: A claim in these states is a benefit being received (path 1 of Art. 37).
RECIPIENT_STATUSES = (Status.APPROVED, Status.DECISION_ISSUED, Status.PAYING, Status.SUSPENDED)
A = TrainingApplication.State


@dataclass(frozen=True)
class SupportCheck:
    """The check before applying: the calculator's result, or the problem that stopped it."""

    result: TrainingResult | None
    problem: str
    claim: Claim | None
    center: EmploymentServiceCenter | None
    termination_date: date | None
    months_used_before: int
    rule: TrainingSupportRule | None

    def as_json(self) -> dict[str, Any]:
        """What the application keeps of the check (the reasons in both languages)."""
        r = self.result
        if r is None:
            return {"problem": self.problem}
        return {
            "eligible": r.eligible,
            "path": r.path,
            "months": r.months,
            "months_left_before": r.months_left_before,
            "tuition": r.tuition,
            "tuition_cap": r.tuition_cap,
            "meal_money_per_day": r.meal_money_per_day,
            "meal_money_per_month": r.meal_money_per_month,
            "meal_money_provisional": r.meal_money_provisional,
            "months_in_window": r.months_in_window,
            "last_application_day": r.last_application_day.isoformat()
            if r.last_application_day
            else None,
            "checks": [
                {
                    "code": c.code,
                    "passed": c.passed,
                    "vi": c.message_vi,
                    "en": c.message_en,
                    "values": {"informational": True} if c.values.get("informational") else {},
                }
                for c in r.checks
            ],
        }


def months_supported(personal_id: str, *, exclude_id: int | None = None) -> int:
    """Support months granted by the person's approved applications (the 6-month cap)."""
    approved = TrainingApplication.objects.filter(personal_id=personal_id, state=A.APPROVED)
    if exclude_id is not None:
        approved = approved.exclude(pk=exclude_id)
    return int(approved.aggregate(total=Sum("approved_months"))["total"] or 0)


def center_for(
    citizen: User, claim: Claim | None, course: Course
) -> EmploymentServiceCenter | None:
    """The worker's center: the claim's, else their province's, else the course's province's."""
    if claim is not None and claim.center_id is not None:
        return claim.center
    for code in (citizen.province_code, course.province_code):
        if code:
            center = EmploymentServiceCenter.objects.filter(province_code=code).first()
            if center is not None:
                return center
    return None


def support_check(*, citizen: User, course: Course, today: date) -> SupportCheck:
    """Whether `citizen` qualifies for support for `course` on `today`, and why."""
    claims = list(
        Claim.objects.filter(citizen=citizen)
        .exclude(status__in=[Status.DRAFT, Status.WITHDRAWN])
        .select_related("center")
        .order_by("-submitted_at", "-pk")[:20]
    )
    claim = next((c for c in claims if c.status in RECIPIENT_STATUSES), None)
    center = center_for(citizen, claim, course)
    used = months_supported(citizen.personal_id or "")
    empty = SupportCheck(None, "", claim, center, None, used, None)
    try:
        rules, rule = training_rules_for(today)
    except NoTrainingRule:
        return _problem(empty, _("Chưa có quy định hỗ trợ học nghề áp dụng cho ngày nộp đơn."))
    try:
        record = get_registry().person_record(citizen.personal_id or "")
    except Exception:  # the store is down: say so, never a 500
        logger.warning("social-security store unavailable for a training check", exc_info=True)
        return _problem(
            empty,
            _("Chưa đọc được dữ liệu bảo hiểm xã hội của bạn. Hãy thử lại sau ít phút."),
        )
    termination = None
    ui_months: frozenset[date] = frozenset()
    if record is not None:
        ui_months = record.ui_months
        latest = record.latest_termination
        if latest is not None and not record.still_employed:
            termination = latest.end_date
    if claim is None and record is None:
        return _problem(
            empty,
            _("Không tìm thấy dữ liệu bảo hiểm xã hội của bạn theo số định danh cá nhân."),
        )
    result = judge_training(
        rules,
        TrainingFacts(
            application_date=today,
            course_months=course.duration_months,
            course_tuition=course.tuition,
            receiving_benefit=claim is not None,
            termination_date=termination,
            ui_months=ui_months,
            months_used_before=used,
        ),
    )
    return SupportCheck(result, "", claim, center, termination, used, rule)


def _problem(check: SupportCheck, message: str) -> SupportCheck:
    return SupportCheck(
        None,
        message,
        check.claim,
        check.center,
        check.termination_date,
        check.months_used_before,
        check.rule,
    )


def applications_of_citizen(citizen: User) -> QuerySet[TrainingApplication]:
    return (
        TrainingApplication.objects.filter(citizen=citizen)
        .select_related("course", "course__institution", "decision", "center")
        .order_by("-created_at", "-pk")
    )


def application_of_citizen(citizen: User, public_id: Any) -> TrainingApplication:
    """The citizen's own application (DoesNotExist for anyone else's or a malformed id)."""
    try:
        return applications_of_citizen(citizen).get(public_id=public_id)
    except (ValidationError, ValueError, TypeError) as exc:
        raise TrainingApplication.DoesNotExist from exc


#: The queue's tabs: what an officer acts on, what a signer acts on, and the decided.
QUEUE_STATES = {
    "cho-xem-xet": (A.SUBMITTED, A.RETURNED),
    "cho-ky": (A.PROPOSED,),
    "da-quyet-dinh": (A.APPROVED, A.REFUSED, A.WITHDRAWN),
}


def center_queue(center_id: int, tab: str) -> QuerySet[TrainingApplication]:
    states = QUEUE_STATES.get(tab, QUEUE_STATES["cho-xem-xet"])
    return (
        TrainingApplication.objects.filter(center_id=center_id, state__in=states)
        .select_related("citizen", "course", "course__institution", "officer")
        .order_by("submitted_at", "pk")
    )


def application_for_staff(user: User, public_id: Any) -> TrainingApplication:
    """An application of the staff member's center (DoesNotExist otherwise)."""
    try:
        return (
            TrainingApplication.objects.select_related(
                "citizen", "course", "course__institution", "center", "claim", "officer", "signer"
            )
            .prefetch_related("events")
            .get(public_id=public_id, center_id=user.center_id)
        )
    except (ValidationError, ValueError, TypeError) as exc:
        raise TrainingApplication.DoesNotExist from exc
