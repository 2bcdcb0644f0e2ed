"""Complaint pages: the worker complains against a decision, one question per page (which
decision, what is wrong, check your answers), follows its deadlines; the center's queue
(overdue first) and the answer, a signed decision (claims.complaints.services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from claims.complaints import services
from claims.complaints.models import Complaint
from claims.core.access_log import staff_view_record
from claims.core.exceptions import ClaimError
from claims.core.permissions import claim_for_citizen
from claims.models import Claim
from claims.queue.selectors import WorkingCalendar
from common.forms import AccessibleFormMixin
from common.question_page import draft_drop, draft_get, question_page
from identity.decorators import citizen_level2_required, staff_role_required
from identity.http import AuthedRequest
from identity.models import User

OFFICER, SIGNER = User.Role.OFFICER, User.Role.SIGNER
DRAFT = "complaint_draft:{}"


class DecisionChoiceForm(AccessibleFormMixin, forms.Form):
    decision = forms.TypedChoiceField(
        label=gettext_lazy("Bạn khiếu nại quyết định nào?"),
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Chọn quyết định bạn muốn khiếu nại."),
            "invalid_choice": gettext_lazy("Chọn quyết định bạn muốn khiếu nại."),
        },
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared above
        field.choices = choices


class ComplaintTextForm(AccessibleFormMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Bạn không đồng ý điều gì trong quyết định, và vì sao?"),
        help_text=gettext_lazy("Viết rõ nội dung, ngày tháng và giấy tờ liên quan nếu có."),
        min_length=services.TEXT_MIN,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": gettext_lazy(
                "Viết nội dung khiếu nại: bạn không đồng ý điều gì trong quyết định, và vì sao."
            ),
            "min_length": gettext_lazy("Nội dung khiếu nại cần ít nhất %(limit_value)d ký tự."),
            "max_length": gettext_lazy("Nội dung dài quá %(limit_value)d ký tự."),
        },
    )
    request = forms.CharField(
        label=gettext_lazy("Bạn đề nghị trung tâm giải quyết thế nào? (không bắt buộc)"),
        required=False,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("Nội dung dài quá %(limit_value)d ký tự.")},
    )


class ComplexForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Vì sao vụ việc phức tạp?"),
        help_text=gettext_lazy("Thời hạn giải quyết thành 45 ngày (Điều 28 Luật Khiếu nại)."),
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Ghi lý do vụ việc phức tạp.")},
    )


class AnswerForm(AccessibleFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Kết luận về khiếu nại"),
        widget=forms.RadioSelect,
        choices=[
            ("upheld", gettext_lazy("Khiếu nại đúng")),
            ("partly", gettext_lazy("Khiếu nại đúng một phần")),
            ("rejected", gettext_lazy("Khiếu nại không đúng")),
        ],
        error_messages={
            "required": gettext_lazy("Chọn kết luận về khiếu nại."),
            "invalid_choice": gettext_lazy("Chọn kết luận về khiếu nại."),
        },
    )
    answer = forms.CharField(
        label=gettext_lazy("Kết quả xác minh và kết luận"),
        help_text=gettext_lazy("In nguyên văn trong quyết định giải quyết khiếu nại."),
        min_length=services.TEXT_MIN,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": gettext_lazy("Viết kết quả xác minh và kết luận."),
            "min_length": gettext_lazy("Cần ít nhất %(limit_value)d ký tự."),
            "max_length": gettext_lazy("Nội dung dài quá %(limit_value)d ký tự."),
        },
    )
    remedy = forms.CharField(
        label=gettext_lazy("Biện pháp giải quyết (không bắt buộc)"),
        required=False,
        max_length=services.TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": gettext_lazy("Nội dung dài quá %(limit_value)d ký tự.")},
    )


def _claim(request: AuthedRequest, public_id: str) -> Claim:
    return claim_for_citizen(citizen=request.user, public_id=public_id)


def _choices(items: list[services.Complainable]) -> list[tuple[int, str]]:
    return [
        (
            item.decision.pk,
            _("Quyết định số %(number)s — %(kind)s (khiếu nại đến hết ngày %(deadline)s)")
            % {
                "number": item.decision.number,
                "kind": item.decision.get_kind_display(),
                "deadline": item.deadline.strftime("%d/%m/%Y"),
            },
        )
        for item in items
        if item.can_file
    ]


@never_cache
@citizen_level2_required
def complaints(request: AuthedRequest, public_id: str) -> HttpResponse:
    """The claim's complaints and the decisions one may still complain against."""
    claim = _claim(request, public_id)
    items = services.complainable_decisions(claim=claim)
    return render(
        request,
        "claims/complaints/list.html",
        {
            "claim": claim,
            "complaints": list(services.complaints_of_claim(claim=claim)),
            "items": items,
            "can_file": any(item.can_file for item in items),
            "calendar": WorkingCalendar.from_database(),
        },
    )


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def complaint_decision(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = _claim(request, public_id)
    choices = _choices(services.complainable_decisions(claim=claim))
    if not choices:
        messages.info(request, _("Không có quyết định nào bạn còn có thể khiếu nại."))
        return redirect("claims:complaints", public_id=claim.public_id)
    key = DRAFT.format(claim.public_id)
    form = DecisionChoiceForm(
        request.POST or None,
        choices=choices,
        initial={"decision": draft_get(request, key).get("decision")},
    )
    return question_page(
        request,
        form=form,
        key=key,
        template="claims/complaints/decision.html",
        context={"claim": claim},
        next_url=reverse("claims:complaint_text", kwargs={"public_id": claim.public_id}),
    )


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def complaint_text(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = _claim(request, public_id)
    key = DRAFT.format(claim.public_id)
    draft = draft_get(request, key)
    if not draft.get("decision"):
        return redirect("claims:complaint_decision", public_id=claim.public_id)
    return question_page(
        request,
        form=ComplaintTextForm(request.POST or None, initial=draft),
        key=key,
        template="claims/complaints/text.html",
        context={"claim": claim},
        next_url=reverse("claims:complaint_check", kwargs={"public_id": claim.public_id}),
    )


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def complaint_check(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = _claim(request, public_id)
    draft = draft_get(request, DRAFT.format(claim.public_id))
    items = {item.decision.pk: item for item in services.complainable_decisions(claim=claim)}
    item = items.get(draft.get("decision") or 0)
    if item is None or not item.can_file:
        return redirect("claims:complaint_decision", public_id=claim.public_id)
    if not draft.get("text"):
        return redirect("claims:complaint_text", public_id=claim.public_id)
    error = ""
    if request.method == "POST":
        try:
            complaint = services.complaint_file(
                claim_id=claim.pk,
                citizen=request.user,
                decision_id=item.decision.pk,
                text=draft["text"],
                request=draft.get("request", ""),
            )
        except services.ComplaintInvalid as exc:
            error = str(exc)
        except ClaimError as exc:
            messages.error(request, str(exc))
            return redirect("claims:complaints", public_id=claim.public_id)
        else:
            draft_drop(request, DRAFT.format(claim.public_id))
            return redirect(
                "claims:complaint_status", public_id=claim.public_id, reference=complaint.reference
            )
    return render(
        request,
        "claims/complaints/check.html",
        {
            "claim": claim,
            "item": item,
            "draft": draft,
            "error": error,
            "answer_due": services.answer_due(timezone.localdate(), complex_case=False),
        },
        status=400 if error else 200,
    )


@never_cache
@citizen_level2_required
def complaint_status(request: AuthedRequest, public_id: str, reference: str) -> HttpResponse:
    claim = _claim(request, public_id)
    complaint = services.complaints_of_claim(claim=claim).filter(reference=reference).first()
    if complaint is None:
        raise Http404
    return render(
        request,
        "claims/complaints/status.html",
        {"claim": claim, "complaint": complaint, "calendar": WorkingCalendar.from_database()},
    )


@citizen_level2_required
@require_POST
def complaint_withdraw(request: AuthedRequest, public_id: str, reference: str) -> HttpResponse:
    claim = _claim(request, public_id)
    complaint = services.complaints_of_claim(claim=claim).filter(reference=reference).first()
    if complaint is None:
        raise Http404
    try:
        services.complaint_withdraw(complaint_id=complaint.pk, citizen=request.user)
    except ClaimError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã rút khiếu nại."))
    return redirect("claims:complaint_status", public_id=claim.public_id, reference=reference)


# --- The center -----------------------------------------------------------------------------


@never_cache
@staff_role_required(OFFICER, SIGNER)
def staff_complaints(request: AuthedRequest) -> HttpResponse:
    center_id = request.user.center_id
    assert center_id is not None  # noqa: S101 - the decorator lets only a center's staff in
    rows = list(services.complaints_queue(center_id=center_id)[:200])
    staff_view_record(request=request, claim=None, page="complaints")
    return render(
        request,
        "claims/complaints/staff_list.html",
        {
            "open": [c for c in rows if c.is_open],
            "closed": [c for c in rows if not c.is_open][:30],
            "calendar": WorkingCalendar.from_database(),
        },
    )


def _complaint(request: AuthedRequest, complaint_id: int) -> Complaint:
    try:
        return services.complaint_for_staff(complaint_id=complaint_id, user=request.user)
    except Complaint.DoesNotExist as exc:
        raise Http404 from exc


def _staff_page(
    request: AuthedRequest,
    complaint: Complaint,
    *,
    complex_form: Any = None,
    answer_form: Any = None,
) -> HttpResponse:
    bound = (complex_form is not None and complex_form.is_bound) or (
        answer_form is not None and answer_form.is_bound
    )
    return render(
        request,
        "claims/complaints/staff_detail.html",
        {
            "complaint": complaint,
            "complex_form": complex_form or ComplexForm(),
            "answer_form": answer_form or AnswerForm(),
            "may_answer": request.user.role == SIGNER,
            "calendar": WorkingCalendar.from_database(),
        },
        status=400 if bound else 200,
    )


@never_cache
@staff_role_required(OFFICER, SIGNER)
def staff_complaint(request: AuthedRequest, complaint_id: int) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    staff_view_record(request=request, claim=complaint.claim, page="complaint")
    return _staff_page(request, complaint)


@staff_role_required(OFFICER, SIGNER)
@require_POST
def staff_complaint_action(request: AuthedRequest, complaint_id: int, action: str) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    form: forms.Form
    try:
        if action == "phuc-tap":
            form = ComplexForm(request.POST)
            if not form.is_valid():
                return _staff_page(request, complaint, complex_form=form)
            services.complaint_mark_complex(
                complaint_id=complaint.pk, staff=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Đã ghi nhận vụ việc phức tạp: thời hạn 45 ngày."))
        elif action == "tra-loi":
            form = AnswerForm(request.POST)
            if not form.is_valid():
                return _staff_page(request, complaint, answer_form=form)
            services.complaint_answer(
                complaint_id=complaint.pk,
                signer=request.user,
                outcome=form.cleaned_data["outcome"],
                answer=form.cleaned_data["answer"],
                remedy=form.cleaned_data["remedy"],
            )
            messages.success(request, _("Đã ban hành quyết định giải quyết khiếu nại; đang ký số."))
        else:
            raise Http404
    except services.ComplaintInvalid as exc:
        messages.error(request, str(exc))
    except ClaimError as exc:
        messages.error(request, str(exc))
    return redirect("staff:complaint", complaint_id=complaint.pk)
