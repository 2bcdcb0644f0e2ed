"""The center's pages of the benefit period: the monthly notification queue, one claim's period
(record an in-person notification or an exemption, propose a termination), and the signer's
list of terminations to sign (four eyes: never one's own proposal).

Only the staff member's center; every page showing a worker's data writes the access log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from claims.core.access_log import staff_view_record
from claims.core.exceptions import ClaimError, ClaimPermissionError
from claims.core.permissions import claim_for_staff
from claims.models import BenefitMonth, Claim, Termination
from claims.period import actions, forms, presenters, services
from claims.period.selectors import (
    IN_PERIOD,
    months_in_window,
    period_months,
    recoveries_of,
    termination_open,
    terminations_pending,
    this_month,
)
from common.forms import AccessibleFormMixin
from eligibility.calculator import period as rules
from identity.decorators import staff_role_required
from identity.http import AuthedRequest
from identity.models import User

OFFICER, SIGNER = User.Role.OFFICER, User.Role.SIGNER
PAGE_SIZE = 50

ALL, NOT_YET, DONE, CLOSING = "", "chua", "da", "het-han-hom-nay"


class QueueFilterForm(AccessibleFormMixin, django_forms.Form):
    """The queue's filters (GET): a day (the windows open on it) and who did what."""

    ngay = django_forms.DateField(
        label=gettext_lazy("Kỳ thông báo mở vào ngày"),
        required=False,
        widget=django_forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": gettext_lazy("Ngày không hợp lệ (ngày/tháng/năm).")},
    )
    tinh_trang = django_forms.ChoiceField(
        label=gettext_lazy("Tình trạng"),
        required=False,
        choices=[
            (ALL, gettext_lazy("Tất cả")),
            (NOT_YET, gettext_lazy("Chưa thông báo")),
            (DONE, gettext_lazy("Đã thông báo")),
            (CLOSING, gettext_lazy("Chưa thông báo, hết hạn hôm nay")),
        ],
        error_messages={"invalid_choice": gettext_lazy("Hãy chọn một tình trạng trong danh sách.")},
    )
    ma = django_forms.CharField(
        label=gettext_lazy("Số hồ sơ"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("Ví dụ TCTN-2026-000123, hoặc một phần"),
    )


def _today() -> date:
    return timezone.localdate()


@require_GET
@staff_role_required(OFFICER, SIGNER)
def queue(request: AuthedRequest) -> HttpResponse:
    """Who notified, who did not yet, whose window closes today (the center's claims only)."""
    user = request.user
    form = QueueFilterForm(request.GET or None)
    day, status, reference = _today(), ALL, ""
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["ngay"] or day
        status = form.cleaned_data["tinh_trang"] or ALL
        reference = (form.cleaned_data["ma"] or "").strip().upper()
    center = user.center
    if center is None:  # pragma: no cover - staff_role_required lets only a center's staff in
        raise PermissionDenied
    qs = months_in_window(center, day)
    counts = {
        "all": qs.count(),
        "done": qs.filter(notification__isnull=False).count(),
    }
    counts["not_yet"] = counts["all"] - counts["done"]
    counts["closing"] = qs.filter(notification__isnull=True, window_last=day).count()
    if status == NOT_YET:
        qs = qs.filter(notification__isnull=True)
    elif status == DONE:
        qs = qs.filter(notification__isnull=False)
    elif status == CLOSING:
        qs = qs.filter(notification__isnull=True, window_last=day)
    if reference:
        qs = qs.filter(claim__reference__icontains=reference)
    qs = qs.select_related("notification", "exemption")
    paginator = Paginator(qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("trang"))
    staff_view_record(request=request, claim=None, page="period_queue")
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "claims/period/staff/queue.html",
        {
            "form": form,
            "day": day,
            "is_today": day == _today(),
            "page": page,
            "counts": counts,
            "query": params.urlencode(),
        },
    )


def _claim(request: AuthedRequest, public_id: Any, page: str) -> Claim:
    return claim_for_staff(user=request.user, public_id=public_id, request=request, page=page)


def _open_month(months: list[BenefitMonth], today: date) -> BenefitMonth | None:
    return next(
        (
            m
            for m in months
            if m.window_first <= today <= m.window_last and m.status == BenefitMonth.Status.DUE
        ),
        None,
    )


def _exemption_month(months: list[BenefitMonth], today: date) -> BenefitMonth | None:
    """The month an exemption is recorded for: the open window's, else the next one's."""
    return next(
        (
            m
            for m in months
            if m.window_last >= today
            and m.status in (BenefitMonth.Status.DUE, BenefitMonth.Status.NOTIFIED)
            and not hasattr(m, "exemption")
        ),
        None,
    )


def _page(
    request: AuthedRequest, claim: Claim, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    today = _today()
    months = period_months(claim)
    by_month = {m.index: m for m in months}
    open_month = _open_month(months, today)
    exemption_month = _exemption_month(months, today)
    termination = termination_open(claim)
    first_start = months[0].start if months else today
    bound = bound or {}
    in_person = bound.get("in_person") or (
        forms.InPersonForm(
            prefix="tt",
            window=(open_month.window_first, min(open_month.window_last, today)),
            initial={"on": today, "available": True},
        )
        if open_month
        else None
    )
    exemption = bound.get("exemption") or (
        forms.ExemptionForm(prefix="mien") if exemption_month else None
    )
    propose = bound.get("propose") or forms.TerminationProposeForm(
        prefix="cd", earliest=first_start, today=today
    )
    sign = bound.get("sign") or forms.SignForm(prefix="ky")
    notifications = {
        n.month.index: n
        for n in claim.period_notifications.select_related("month", "recorded_by", "proof")
    }
    rows = [
        {
            "month": m,
            "notification": notifications.get(m.index),
            "log": presenters.log_rows(notifications[m.index].job_search_log or [])
            if m.index in notifications
            else [],
            "exemption": getattr(m, "exemption", None) if hasattr(m, "exemption") else None,
        }
        for m in months
    ]
    staff_view_record(request=request, claim=claim, page="period_claim")
    context = {
        "claim": claim,
        "rows": rows,
        "by_month": by_month,
        "card": this_month(claim, on=today),
        "open_month": open_month,
        "exemption_month": exemption_month,
        "termination": termination,
        "events": list(claim.period_events.select_related("recorded_by").order_by("date", "id")),
        "recoveries": recoveries_of(claim),
        "in_person_form": in_person if user.role == OFFICER or user.role == SIGNER else None,
        "exemption_form": exemption,
        "propose_form": propose if user.role == OFFICER and termination is None else None,
        "sign_form": sign
        if user.role == SIGNER
        and termination is not None
        and termination.state == Termination.State.PROPOSED
        else None,
        "own_proposal": termination is not None and termination.proposed_by_id == user.pk,
        "in_period": claim.status in IN_PERIOD,
    }
    return render(request, "claims/period/staff/claim.html", context, status=status)


@require_GET
@staff_role_required(OFFICER, SIGNER)
def claim_period(request: AuthedRequest, public_id: Any) -> HttpResponse:
    claim = _claim(request, public_id, "period_claim")
    return _page(request, claim)


def _apply_errors(form: django_forms.Form, error: services.PeriodInvalid) -> None:
    for field, errors in error.errors.items():
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


def _back(claim: Claim) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("staff:period_claim", args=[claim.public_id]))


def _submit(
    request: AuthedRequest,
    claim: Claim,
    form: django_forms.Form,
    key: str,
    act: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """One staff action on the claim's period page: `act(cleaned_data)` calls the service and
    returns the success message. The service's refusals of the answers go back on the form
    (400); a refusal of the action itself (not allowed, wrong state) is a message on the page."""
    if form.is_valid():
        try:
            done = act(form.cleaned_data)
        except services.PeriodInvalid as error:
            _apply_errors(form, error)
        except ClaimPermissionError as error:
            messages.error(request, str(error))
            return _back(claim)
        except ClaimError as error:
            messages.warning(request, str(error))
            return _back(claim)
        else:
            messages.success(request, done)
            return _back(claim)
    return _page(request, claim, bound={key: form}, status=400)


@require_POST
@staff_role_required(OFFICER, SIGNER)
def in_person(request: AuthedRequest, public_id: Any) -> HttpResponse:
    claim = _claim(request, public_id, "period_in_person")
    today = _today()
    month = _open_month(period_months(claim), today)
    if month is None:
        messages.warning(request, _("Không có kỳ thông báo nào đang mở cho hồ sơ này."))
        return _back(claim)
    form = forms.InPersonForm(
        request.POST, prefix="tt", window=(month.window_first, min(month.window_last, today))
    )

    def act(data: dict[str, Any]) -> str:
        actions.in_person_record(
            claim=claim,
            officer=request.user,
            on=data["on"],
            looked_for_work=data["looked_for_work"],
            available=data["available"],
            note=data["note"],
        )
        return _("Đã ghi nhận thông báo trực tiếp tháng hưởng thứ %(index)s.") % {
            "index": month.index
        }

    return _submit(request, claim, form, "in_person", act)


@require_POST
@staff_role_required(OFFICER, SIGNER)
def exemption(request: AuthedRequest, public_id: Any) -> HttpResponse:
    claim = _claim(request, public_id, "period_exemption")
    month = _exemption_month(period_months(claim), _today())
    if month is None:
        messages.warning(request, _("Không còn tháng nào cần ghi nhận miễn thông báo trực tiếp."))
        return _back(claim)
    form = forms.ExemptionForm(request.POST, prefix="mien")

    def act(data: dict[str, Any]) -> str:
        services.exemption_record(
            claim,
            by=request.user,
            reason=data["reason"],
            note=data["note"],
            month_index=month.index,
        )
        return _("Đã ghi nhận miễn thông báo trực tiếp tháng hưởng thứ %(index)s.") % {
            "index": month.index
        }

    return _submit(request, claim, form, "exemption", act)


@require_POST
@staff_role_required(OFFICER)
def propose(request: AuthedRequest, public_id: Any) -> HttpResponse:
    claim = _claim(request, public_id, "period_propose")
    months = period_months(claim)
    form = forms.TerminationProposeForm(
        request.POST, prefix="cd", earliest=months[0].start if months else _today(), today=_today()
    )

    def act(data: dict[str, Any]) -> str:
        services.termination_propose(
            claim,
            by=request.user,
            ground=rules.GROUND_OF_KIND[data["ground"]],
            event_date=data["on"],
            reported=data["reported"],
            comment=data["explanation"],
        )
        return _("Đã gửi đề xuất chấm dứt hưởng để lãnh đạo ký duyệt.")

    return _submit(request, claim, form, "propose", act)


@require_POST
@staff_role_required(SIGNER)
def decide(request: AuthedRequest, public_id: Any) -> HttpResponse:
    """The signer signs or returns the claim's proposed termination."""
    claim = _claim(request, public_id, "period_sign")
    termination = presenters.termination_pending(claim)
    if termination is None:
        messages.warning(request, _("Không có đề xuất chấm dứt nào đang chờ ký."))
        return _back(claim)
    form = forms.SignForm(request.POST, prefix="ky")

    def act(data: dict[str, Any]) -> str:
        if data["action"] == "sign":
            services.termination_sign(termination, by=request.user, comment=data["comment"])
            return _("Đã ký duyệt chấm dứt hưởng.")
        services.termination_return(termination, by=request.user, comment=data["comment"])
        return _("Đã trả lại đề xuất chấm dứt hưởng.")

    return _submit(request, claim, form, "sign", act)


@require_GET
@staff_role_required(SIGNER)
def terminations(request: AuthedRequest) -> HttpResponse:
    """The center's proposed terminations waiting for a signature, oldest first."""
    user = request.user
    center = user.center
    if center is None:  # pragma: no cover - staff_role_required
        raise PermissionDenied
    rows = list(terminations_pending(center)[:500])
    staff_view_record(request=request, claim=None, page="period_terminations")
    return render(
        request,
        "claims/period/staff/terminations.html",
        {"rows": rows, "labels": dict(Termination.Ground.choices)},
    )
