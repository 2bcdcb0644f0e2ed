"""The only code that changes training-support applications: submit, withdraw, propose (the
officer), return or decide (the signer, never the proposer), each in a transaction that
records a TrainingEvent and tells the worker (claims.notifications). The signed decision is
rendered after commit (training.support.decisions); once it is signed, the enrolment opens
(training.enrolment.services.enrolment_open)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from claims.decisions.content import signer_title_for
from claims.decisions.services import NUMBER_SUFFIX, code_new, number_allocate
from claims.notifications.services import notify
from common.tasks import task_after_commit
from identity.models import User
from training.catalogue.models import Course
from training.catalogue.selectors import SEAT_STATES
from training.support.models import TrainingApplication, TrainingDecision, TrainingEvent
from training.support.selectors import months_supported, support_check

A = TrainingApplication.State
NOTE_MAX = 2000


class TrainingRefused(Exception):
    """The change cannot be made; the message says why, in the user's language."""


def _event(
    app: TrainingApplication,
    kind: str,
    actor: User | None,
    from_state: str,
    *,
    reason: str = "",
    data: dict | None = None,
) -> None:
    role = "system" if actor is None else ("citizen" if actor.is_citizen else actor.role)
    TrainingEvent.objects.create(
        application=app,
        kind=kind,
        actor=actor,
        actor_role=role[:10],
        from_state=from_state,
        to_state=app.state,
        reason=reason,
        data=data or {},
    )


def notification_params(app: TrainingApplication) -> dict[str, str]:
    return {
        "reference": app.reference or "",
        "course": app.course.title,
        "path": reverse("training:application", kwargs={"public_id": app.public_id}),
    }


def _locked(application_id: int) -> TrainingApplication:
    return (
        TrainingApplication.objects.select_for_update(of=("self",))
        .select_related("course", "citizen")
        .get(pk=application_id)
    )


def application_submit(
    *, citizen: User, course_id: int, today: date | None = None
) -> TrainingApplication:
    """The worker's application for `course_id`, with the check made now (its reasons kept)."""
    if not citizen.can_use_claims:
        raise TrainingRefused(_("Cần tài khoản định danh điện tử mức 2 để nộp đơn."))
    today = today or timezone.localdate()
    with transaction.atomic():
        course = (
            Course.objects.select_for_update()
            .select_related("institution")
            .filter(pk=course_id, active=True, institution__active=True)
            .first()
        )
        if course is None:
            raise TrainingRefused(_("Khóa học này không còn nhận đăng ký."))
        if course.start_date < today:
            raise TrainingRefused(_("Khóa học này đã khai giảng, không còn nhận đăng ký."))
        taken = course.applications.filter(state__in=SEAT_STATES).count()
        if taken >= course.seats:
            raise TrainingRefused(_("Khóa học đã hết chỗ."))
        check = support_check(citizen=citizen, course=course, today=today)
        if check.center is None:
            raise TrainingRefused(
                _("Chưa xác định được trung tâm dịch vụ việc làm nhận đơn của bạn.")
            )
        if check.result is None:
            raise TrainingRefused(check.problem)
        try:
            with transaction.atomic():
                app = TrainingApplication.objects.create(
                    citizen=citizen,
                    personal_id=citizen.personal_id or "",
                    claim=check.claim,
                    course=course,
                    center=check.center,
                    path=check.result.path,
                    eligibility=check.as_json(),
                    rule_identifier=check.result.rule,
                    termination_date=check.termination_date,
                    months_used_before=check.months_used_before,
                    submitted_at=timezone.now(),
                )
        except IntegrityError as exc:
            raise TrainingRefused(_("Bạn đã có đơn hỗ trợ học nghề cho khóa học này.")) from exc
        app.reference = f"HN-{today.year}-{app.pk:06d}"
        app.save(update_fields=["reference"])
        _event(app, "submitted", citizen, "", data={"eligible": check.result.eligible})
        notify(
            user=citizen,
            kind="training_submitted",
            params=notification_params(app),
            claim=app.claim,
        )
    return app


def application_withdraw(*, citizen: User, application_id: int) -> TrainingApplication:
    with transaction.atomic():
        app = _locked(application_id)
        if app.citizen_id != citizen.pk:
            raise TrainingApplication.DoesNotExist
        if app.state not in {A.SUBMITTED, A.RETURNED, A.PROPOSED}:
            raise TrainingRefused(_("Đơn đã có quyết định, không rút được nữa."))
        before = app.state
        app.state = A.WITHDRAWN
        app.withdrawn_at = timezone.now()
        app.version += 1
        app.save()
        _event(app, "withdrawn", citizen, before)
    return app


def _staff_app(application_id: int, staff: User) -> TrainingApplication:
    app = _locked(application_id)
    if staff.center_id is None or app.center_id != staff.center_id:
        raise TrainingApplication.DoesNotExist
    return app


def application_propose(
    *,
    application_id: int,
    officer: User,
    outcome: str,
    months: int | None = None,
    tuition: int | None = None,
    note: str = "",
) -> TrainingApplication:
    """The officer's proposal: support (months and tuition, at most what the rules allow) or
    no support (with the reason given to the worker)."""
    note = (note or "").strip()[:NOTE_MAX]
    with transaction.atomic():
        app = _staff_app(application_id, officer)
        if app.state not in {A.SUBMITTED, A.RETURNED}:
            raise TrainingRefused(_("Đơn không ở bước chờ cán bộ đề xuất."))
        facts = app.eligibility or {}
        if outcome == TrainingApplication.Outcome.APPROVE:
            if not facts.get("eligible"):
                raise TrainingRefused(
                    _(
                        "Người lao động không đủ điều kiện theo kết quả kiểm tra: chỉ đề xuất không hỗ trợ được."
                    )
                )
            most_months = int(facts.get("months") or 0)
            most_tuition = int(facts.get("tuition") or 0)
            months = most_months if months is None else months
            tuition = most_tuition if tuition is None else tuition
            if not 1 <= months <= most_months:
                raise TrainingRefused(
                    _("Số tháng hỗ trợ phải từ 1 đến %(most)d tháng.") % {"most": most_months}
                )
            if not 0 <= tuition <= most_tuition:
                raise TrainingRefused(
                    _("Học phí hỗ trợ phải từ 0 đến %(most)s đồng.")
                    % {"most": f"{most_tuition:,}".replace(",", ".")}
                )
            app.approved_months = months
            app.approved_tuition = tuition
            app.meal_money_per_day = int(facts.get("meal_money_per_day") or 0)
            app.meal_money_per_month = int(facts.get("meal_money_per_month") or 0)
            app.meal_money_provisional = bool(facts.get("meal_money_provisional"))
            app.refusal_reason = ""
        elif outcome == TrainingApplication.Outcome.REFUSE:
            if not note:
                raise TrainingRefused(_("Nhập lý do không hỗ trợ để người lao động được biết."))
            app.approved_months = app.approved_tuition = None
            app.meal_money_per_day = app.meal_money_per_month = None
            app.refusal_reason = note
        else:
            raise TrainingRefused(_("Chọn hỗ trợ hoặc không hỗ trợ."))
        before = app.state
        app.state = A.PROPOSED
        app.officer = officer
        app.proposed_outcome = outcome
        app.proposal_note = note
        app.proposed_at = timezone.now()
        app.return_reason = ""
        app.version += 1
        app.save()
        _event(
            app,
            "proposed",
            officer,
            before,
            reason=note,
            data={
                "outcome": outcome,
                "months": app.approved_months,
                "tuition": app.approved_tuition,
            },
        )
        notify(
            user=app.citizen,
            kind="training_proposed",
            params=notification_params(app),
            claim=app.claim,
        )
    return app


def _four_eyes(app: TrainingApplication, signer: User) -> None:
    if signer.role != User.Role.SIGNER:
        raise TrainingRefused(_("Chỉ lãnh đạo trung tâm được ký quyết định."))
    if app.state != A.PROPOSED:
        raise TrainingRefused(_("Đơn không ở bước chờ ký."))
    if app.officer_id == signer.pk:
        raise TrainingRefused(_("Người đề xuất không được tự ký quyết định của mình."))


def application_return(*, application_id: int, signer: User, reason: str) -> TrainingApplication:
    reason = (reason or "").strip()[:NOTE_MAX]
    with transaction.atomic():
        app = _staff_app(application_id, signer)
        _four_eyes(app, signer)
        if not reason:
            raise TrainingRefused(_("Nhập lý do trả lại để cán bộ biết cần xem lại gì."))
        before = app.state
        app.state = A.RETURNED
        app.return_reason = reason
        app.version += 1
        app.save()
        _event(app, "returned", signer, before, reason=reason)
    return app


def application_decide(*, application_id: int, signer: User) -> TrainingApplication:
    """The signer signs the officer's proposal: the application is approved or refused and its
    decision is numbered now and rendered, signed and stored after commit."""
    with transaction.atomic():
        app = _staff_app(application_id, signer)
        _four_eyes(app, signer)
        approve = app.proposed_outcome == TrainingApplication.Outcome.APPROVE
        if approve:
            # The cap again, now: another application may have been approved since.
            used = months_supported(app.personal_id, exclude_id=app.pk)
            # The rule's most (6) = what was left at submission + what was used then.
            most = int(app.eligibility.get("months_left_before") or 0) + app.months_used_before
            left = max(0, most - used)
            if (app.approved_months or 0) > left:
                raise TrainingRefused(
                    _(
                        "Người lao động đã được hỗ trợ %(used)d tháng ở đơn khác: chỉ còn "
                        "%(left)d tháng. Trả lại cán bộ để đề xuất lại."
                    )
                    % {"used": used, "left": left}
                )
        before = app.state
        app.state = A.APPROVED if approve else A.REFUSED
        app.signer = signer
        app.decided_at = timezone.now()
        app.version += 1
        app.save()
        issued_on = timezone.localdate(app.decided_at)
        sequence = number_allocate(center_id=app.center_id, year=issued_on.year)
        decision = TrainingDecision.objects.create(
            application=app,
            kind=TrainingDecision.Kind.APPROVAL if approve else TrainingDecision.Kind.REFUSAL,
            facts={
                "months": app.approved_months,
                "tuition": app.approved_tuition,
                "meal_money_per_month": app.meal_money_per_month,
                "meal_money_provisional": app.meal_money_provisional,
                "reason": app.refusal_reason,
            },
            center_id=app.center_id,
            year=issued_on.year,
            sequence=sequence,
            number=f"{sequence}/{NUMBER_SUFFIX}",
            issued_on=issued_on,
            signer=signer,
            signer_name=signer.full_name or signer.username,
            signer_title=signer_title_for(signer.username),
            verification_code=code_new(),
        )
        _event(app, "decided", signer, before, data={"number": decision.number})
        task_after_commit("training.tasks.training_decision_render", decision.pk)
    return app
