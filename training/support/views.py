"""Training-support pages: the worker's check, check-your-answers, receipt and own
applications (/dao-tao/...), the center's queue, proposal and signature (/can-bo/dao-tao/).
Thin: the selectors read, the services change, every staff view is access-logged."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from claims.core.access_log import staff_view_record
from identity.decorators import citizen_level2_required, staff_role_required
from identity.http import AuthedRequest
from identity.models import User
from training.catalogue import selectors as catalogue
from training.catalogue.models import Course
from training.enrolment import selectors as enrolment
from training.support import selectors, services
from training.support.forms import ProposalForm, ReturnForm
from training.support.models import TrainingApplication, TrainingDecision

OFFICER, SIGNER = User.Role.OFFICER, User.Role.SIGNER
A = TrainingApplication.State
#: The history's lines as staff read them (TrainingEvent.kind).
EVENT_LABELS = {
    "submitted": gettext_lazy("Người lao động nộp đơn"),
    "withdrawn": gettext_lazy("Người lao động rút đơn"),
    "proposed": gettext_lazy("Cán bộ đề xuất"),
    "returned": gettext_lazy("Lãnh đạo trả lại cán bộ"),
    "decided": gettext_lazy("Lãnh đạo ký quyết định"),
    "decision_signed": gettext_lazy("Tệp quyết định đã ký số"),
    "enrolment_opened": gettext_lazy("Mở ghi danh tại cơ sở đào tạo"),
    "enrolment_pushed": gettext_lazy("Cơ sở đào tạo đã nhận thông tin người học"),
    "attendance_received": gettext_lazy("Cơ sở đào tạo báo chuyên cần"),
    "payment_ordered": gettext_lazy("Lập lệnh chi"),
    "payment_paid": gettext_lazy("Đã chi trả"),
    "payment_failed": gettext_lazy("Chi trả lỗi"),
    "payment_reissued": gettext_lazy("Lập lại lệnh chi"),
    "course_completed": gettext_lazy("Hoàn thành khóa học"),
    "course_dropped": gettext_lazy("Thôi học"),
}


def history(app: TrainingApplication) -> list[dict[str, Any]]:
    return [
        {
            "event": event,
            "label": EVENT_LABELS.get(event.kind, event.kind),
            "state": A(event.to_state).label if event.to_state in A.values else "",
        }
        for event in app.events.all()
    ]


def _course(course_id: int) -> Course:
    try:
        return catalogue.course_public(course_id)
    except Course.DoesNotExist as exc:
        raise Http404 from exc


def _check_context(request: AuthedRequest, course: Course) -> dict[str, Any]:
    check = selectors.support_check(citizen=request.user, course=course, today=timezone.localdate())
    return {"course": course, "check": check, "result": check.result, "rule": check.rule}


@never_cache
@citizen_level2_required
def apply(request: AuthedRequest, course_id: int) -> HttpResponse:
    """Step 1: the check, computed from the worker's record and claims, with its reasons."""
    course = _course(course_id)
    return render(request, "training/apply_check.html", _check_context(request, course))


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def apply_confirm(request: AuthedRequest, course_id: int) -> HttpResponse:
    """Step 2: check your answers, then send."""
    course = _course(course_id)
    error = ""
    if request.method == "POST":
        try:
            app = services.application_submit(citizen=request.user, course_id=course.pk)
        except services.TrainingRefused as exc:
            error = str(exc)
        else:
            return redirect("training:receipt", public_id=app.public_id)
    context = _check_context(request, course)
    if context["result"] is None and not error:
        return redirect("training:apply", course_id=course.pk)
    context["error"] = error
    return render(request, "training/apply_confirm.html", context, status=400 if error else 200)


def _own(request: AuthedRequest, public_id: Any) -> TrainingApplication:
    try:
        return selectors.application_of_citizen(request.user, public_id)
    except TrainingApplication.DoesNotExist as exc:
        raise Http404 from exc


@never_cache
@citizen_level2_required
def receipt(request: AuthedRequest, public_id: Any) -> HttpResponse:
    return render(request, "training/receipt.html", {"app": _own(request, public_id)})


@never_cache
@citizen_level2_required
def my_applications(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "training/my_applications.html",
        {"applications": list(selectors.applications_of_citizen(request.user)[:50])},
    )


def _decision(app: TrainingApplication) -> TrainingDecision | None:
    try:
        return app.decision
    except TrainingDecision.DoesNotExist:
        return None


@never_cache
@citizen_level2_required
def application(request: AuthedRequest, public_id: Any) -> HttpResponse:
    app = _own(request, public_id)
    return render(
        request,
        "training/application.html",
        {"app": app, "decision": _decision(app), **enrolment_context(app, request=None)},
    )


@citizen_level2_required
@require_POST
def withdraw(request: AuthedRequest, public_id: Any) -> HttpResponse:
    app = _own(request, public_id)
    try:
        services.application_withdraw(citizen=request.user, application_id=app.pk)
    except services.TrainingRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã rút đơn hỗ trợ học nghề."))
    return redirect("training:application", public_id=app.public_id)


def _file(decision: TrainingDecision | None) -> HttpResponse:
    if decision is None or decision.state != TrainingDecision.State.ISSUED or not decision.file:
        raise Http404
    try:
        handle = decision.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    safe = "".join(c if c.isalnum() else "-" for c in decision.number.replace("Đ", "D"))
    response = FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"quyet-dinh-{safe}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return cast(HttpResponse, response)


@never_cache
@citizen_level2_required
def decision_download(request: AuthedRequest, public_id: Any) -> HttpResponse:
    return _file(_decision(_own(request, public_id)))


def enrolment_context(app: TrainingApplication, *, request: AuthedRequest | None) -> dict[str, Any]:
    """tinst's enrolment fragment's context (attendance, payments, certificate): for staff
    (`request` given) access-logged by enrolment_for_staff; nothing before the approval."""
    if app.state != A.APPROVED:
        return {}
    if request is not None:
        summary = enrolment.enrolment_for_staff(request=request, application=app)
    else:
        summary = enrolment.enrolment_summary(application=app)
    return {"enrolment_summary": summary}


# --- The center ----------------------------------------------------------------------------------


@never_cache
@staff_role_required(OFFICER, SIGNER)
def staff_applications(request: AuthedRequest) -> HttpResponse:
    center_id = request.user.center_id
    assert center_id is not None  # noqa: S101 - the decorator lets only a center's staff in
    tab = request.GET.get("tab", "")
    if tab not in selectors.QUEUE_STATES:
        tab = "cho-ky" if request.user.role == SIGNER else "cho-xem-xet"
    found = list(selectors.center_queue(center_id, tab)[:200])
    staff_view_record(request=request, claim=None, page="training_queue")
    return render(
        request,
        "training/staff/queue.html",
        {"applications": found, "tab": tab, "tabs": list(selectors.QUEUE_STATES)},
    )


def _staff_app(request: AuthedRequest, public_id: Any) -> TrainingApplication:
    try:
        return selectors.application_for_staff(request.user, public_id)
    except TrainingApplication.DoesNotExist as exc:
        staff_view_record(request=request, claim=None, page="training_application", denied=True)
        raise Http404 from exc


def _staff_page(
    request: AuthedRequest,
    app: TrainingApplication,
    *,
    proposal: ProposalForm | None = None,
    back: ReturnForm | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    staff_view_record(request=request, claim=app.claim, page="training_application")
    role = request.user.role
    return render(
        request,
        "training/staff/application.html",
        {
            "app": app,
            "decision": _decision(app),
            "events": history(app),
            "can_propose": role == OFFICER and app.state in {A.SUBMITTED, A.RETURNED},
            "can_sign": role == SIGNER
            and app.state == A.PROPOSED
            and app.officer_id != request.user.pk,
            "own_proposal": role == SIGNER and app.officer_id == request.user.pk,
            "proposal": proposal
            or ProposalForm(
                initial={
                    "months": (app.eligibility or {}).get("months") or None,
                    "tuition": (app.eligibility or {}).get("tuition"),
                }
            ),
            "back": back or ReturnForm(),
            "error": error,
            **enrolment_context(app, request=request),
        },
        status=status,
    )


@never_cache
@staff_role_required(OFFICER, SIGNER)
def staff_application(request: AuthedRequest, public_id: Any) -> HttpResponse:
    return _staff_page(request, _staff_app(request, public_id))


@staff_role_required(OFFICER)
@require_POST
def staff_propose(request: AuthedRequest, public_id: Any) -> HttpResponse:
    app = _staff_app(request, public_id)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, app, proposal=form, status=400)
    try:
        services.application_propose(
            application_id=app.pk,
            officer=request.user,
            outcome=form.cleaned_data["outcome"],
            months=form.cleaned_data.get("months"),
            tuition=form.cleaned_data.get("tuition"),
            note=form.cleaned_data.get("note") or "",
        )
    except services.TrainingRefused as exc:
        return _staff_page(request, app, proposal=form, error=str(exc), status=400)
    messages.success(request, _("Đã trình lãnh đạo ký quyết định."))
    return redirect("training:staff_application", public_id=app.public_id)


@staff_role_required(SIGNER)
@require_POST
def staff_decide(request: AuthedRequest, public_id: Any) -> HttpResponse:
    app = _staff_app(request, public_id)
    try:
        services.application_decide(application_id=app.pk, signer=request.user)
    except services.TrainingRefused as exc:
        return _staff_page(request, app, error=str(exc), status=400)
    messages.success(request, _("Đã ký quyết định; tệp quyết định có chữ ký số đang được lập."))
    return redirect("training:staff_application", public_id=app.public_id)


@staff_role_required(SIGNER)
@require_POST
def staff_return(request: AuthedRequest, public_id: Any) -> HttpResponse:
    app = _staff_app(request, public_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _staff_page(request, app, back=form, status=400)
    try:
        services.application_return(
            application_id=app.pk, signer=request.user, reason=form.cleaned_data["reason"]
        )
    except services.TrainingRefused as exc:
        return _staff_page(request, app, back=form, error=str(exc), status=400)
    messages.success(request, _("Đã trả lại cán bộ."))
    return redirect("training:staff_application", public_id=app.public_id)


@never_cache
@staff_role_required(OFFICER, SIGNER)
def staff_decision_download(request: AuthedRequest, public_id: Any) -> HttpResponse:
    app = _staff_app(request, public_id)
    response = _file(_decision(app))
    staff_view_record(request=request, claim=app.claim, page="training_decision")
    return response
