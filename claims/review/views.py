"""Staff pages for one claim: everything needed to decide on one screen, the officer's and the
signer's actions (claims.review.services), the signer's list of proposals, and documents viewed in page.

Views are thin: they parse a form, call one service and turn its domain errors into messages.
Every GET that shows a claimant's personal data writes a staff access-log row.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

import claims.review.actions as actions
import claims.review.services as review
from claims.core.access_log import staff_view_record
from claims.core.document_views import INLINE_TYPES, document_open
from claims.core.exceptions import ClaimPermissionError, ClaimStateError
from claims.core.permissions import claim_for_staff
from claims.core.transitions import Status
from claims.decisions.selectors import decision_for_claim
from claims.filing.forms import CONTRACT_TYPES, TERMINATION_REASONS
from claims.filing.services import declared_from
from claims.models import Claim, ClaimDocument, ClaimEvent, ClaimFlag, Proposal
from claims.payments.selectors import payments_for_claim
from claims.queue.views import flag_label
from claims.review.services import REFUSAL_REASONS, ReviewInvalid
from common.formatting import ascii_digits, day_label
from common.forms import AccessibleFormMixin
from eligibility.assessment import assessment_from_json
from eligibility.crosscheck import select_spell
from eligibility.registry import get_registry
from identity.decorators import staff_role_required
from identity.http import AuthedRequest
from identity.models import User

logger = logging.getLogger(__name__)

OFFICER, SIGNER = User.Role.OFFICER, User.Role.SIGNER


# --- Forms (one per action; prefixes keep their field ids apart on the one page) --------------


class AssignForm(AccessibleFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(
        label=gettext_lazy("Giao cho cán bộ"),
        queryset=User.objects.none(),
        empty_label=gettext_lazy("Chọn cán bộ"),
        error_messages={
            "required": gettext_lazy("Hãy chọn cán bộ nhận hồ sơ."),
            "invalid_choice": gettext_lazy("Cán bộ này không thuộc trung tâm của hồ sơ."),
        },
    )

    def __init__(self, *args: Any, claim: Claim, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField = self.fields["assignee"]  # type: ignore[assignment]
        field.queryset = User.objects.filter(
            role=OFFICER, center_id=claim.center_id, is_active=True
        ).order_by("full_name", "username")
        field.label_from_instance = lambda u: u.full_name or u.username  # type: ignore[method-assign,assignment]


class RequestInfoForm(AccessibleFormMixin, forms.Form):
    message = forms.CharField(
        label=gettext_lazy("Nội dung cần người lao động bổ sung"),
        help_text=gettext_lazy("Người lao động sẽ đọc nguyên văn nội dung này."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,  # the service says what is missing, in one place
        max_length=review.MAX_TEXT,
    )


class ProposeApprovalForm(AccessibleFormMixin, forms.Form):
    monthly_benefit = forms.IntegerField(
        label=gettext_lazy("Mức hưởng hằng tháng (đồng)"), required=False, min_value=0
    )
    duration_months = forms.IntegerField(
        label=gettext_lazy("Số tháng hưởng"), required=False, min_value=0
    )
    entitlement_start = forms.DateField(
        label=gettext_lazy("Ngày bắt đầu hưởng"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    entitlement_end = forms.DateField(
        label=gettext_lazy("Ngày kết thúc hưởng"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    override_reason = forms.CharField(
        label=gettext_lazy("Lý do sửa con số (bắt buộc nếu bạn sửa)"),
        help_text=gettext_lazy(
            "Các con số được điền sẵn theo kết quả tính của hệ thống. Chỉ sửa khi có căn cứ."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=review.MAX_TEXT,
    )


class ProposeRefusalForm(AccessibleFormMixin, forms.Form):
    reason_codes = forms.MultipleChoiceField(
        label=gettext_lazy("Lý do không giải quyết hưởng"),
        choices=list(REFUSAL_REASONS.items()),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={"invalid_choice": gettext_lazy("Lý do không hợp lệ.")},
    )
    explanation = forms.CharField(
        label=gettext_lazy("Giải thích cho người lao động"),
        help_text=gettext_lazy("Viết bằng lời dễ hiểu: người lao động sẽ đọc nội dung này."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=review.MAX_TEXT,
    )


class SignForm(AccessibleFormMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Ý kiến (không bắt buộc)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=review.MAX_TEXT,
    )


class ReturnForm(AccessibleFormMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=review.MAX_TEXT,
    )


#: action (URL slug) -> (form class, prefix, roles allowed, success message)
ACTIONS: dict[str, tuple[type[forms.Form], str, frozenset[str], Any]] = {
    "giao": (
        AssignForm,
        "assign",
        frozenset({OFFICER, SIGNER}),
        gettext_lazy("Đã giao hồ sơ."),
    ),
    "yeu-cau-bo-sung": (
        RequestInfoForm,
        "info",
        frozenset({OFFICER}),
        gettext_lazy("Đã gửi yêu cầu bổ sung thông tin cho người lao động."),
    ),
    "de-xuat-huong": (
        ProposeApprovalForm,
        "approve",
        frozenset({OFFICER}),
        gettext_lazy("Đã đề xuất giải quyết hưởng; hồ sơ chờ lãnh đạo ký duyệt."),
    ),
    "de-xuat-khong-huong": (
        ProposeRefusalForm,
        "refuse",
        frozenset({OFFICER}),
        gettext_lazy("Đã đề xuất không giải quyết hưởng; hồ sơ chờ lãnh đạo ký duyệt."),
    ),
    "ky-duyet": (
        SignForm,
        "sign",
        frozenset({SIGNER}),
        gettext_lazy("Đã ký duyệt. Quyết định đã được ban hành."),
    ),
    "tra-lai": (
        ReturnForm,
        "return",
        frozenset({SIGNER}),
        gettext_lazy("Đã trả lại đề xuất cho cán bộ thụ lý."),
    ),
}


def _new_form(action: str, claim: Claim, data: Any = None) -> forms.Form:
    form_class, prefix, _roles, _done = ACTIONS[action]
    kwargs: dict[str, Any] = {"prefix": prefix}
    if form_class is AssignForm:
        kwargs["claim"] = claim
    if form_class is ProposeApprovalForm and data is None:
        kwargs["initial"] = review.engine_figures(claim).as_json()
    return form_class(data, **kwargs)


# --- Reading one claim for the page ------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    label: str
    declared: str
    record: str

    @property
    def differs(self) -> bool:
        return self.record != "" and self.declared != self.record


def _label(choices: list[tuple[str, Any]], value: str) -> str:
    return str(dict(choices).get(value, value)) if value else ""


def _comparisons(claim: Claim) -> tuple[list[Comparison], bool]:
    """The declarations next to the social-security record; (rows, record found)."""
    try:
        record = get_registry().person_record(claim.personal_id)
    except Exception:  # the store is another system: say it is unavailable, never fail the page
        logger.exception("social-security record unavailable for claim %s", claim.pk)
        record = None
    citizen = claim.citizen
    spell = select_spell(record, declared_from(claim)) if record else None
    rows = [
        Comparison(
            str(gettext_lazy("Họ và tên")), citizen.full_name, record.full_name if record else ""
        ),
        Comparison(
            str(gettext_lazy("Ngày sinh")),
            day_label(citizen.birth_date),
            day_label(record.birth_date) if record else "",
        ),
        Comparison(
            str(gettext_lazy("Mã số thuế đơn vị")),
            claim.employer_tax_code,
            spell.employer.tax_code if spell else "",
        ),
        Comparison(
            str(gettext_lazy("Tên đơn vị")),
            claim.employer_name,
            spell.employer.name if spell else "",
        ),
        Comparison(
            str(gettext_lazy("Loại hợp đồng")),
            _label(CONTRACT_TYPES, claim.contract_type),
            _label(CONTRACT_TYPES, spell.contract_type) if spell else "",
        ),
        Comparison(
            str(gettext_lazy("Ngày chấm dứt hợp đồng")),
            day_label(claim.termination_date),
            day_label(spell.end_date) if spell else "",
        ),
        Comparison(
            str(gettext_lazy("Lý do chấm dứt")),
            _label(TERMINATION_REASONS, claim.termination_reason),
            _label(TERMINATION_REASONS, spell.termination_reason) if spell else "",
        ),
    ]
    return rows, record is not None


@dataclass(frozen=True)
class EventRow:
    event: ClaimEvent
    title: str
    who: str


#: Staff history titles of the events that are not a change of state (decisions, payments).
OTHER_EVENT_TITLES: dict[str, Any] = {
    "decision_signed": gettext_lazy("Quyết định %(number)s đã được ký số"),
    "decision_render_again": gettext_lazy("Yêu cầu lập lại văn bản quyết định"),
    "payment:scheduled": gettext_lazy("Lập lịch chi trả"),
    "payment:ordered": gettext_lazy("Tạo lệnh chi %(reference)s"),
    "payment:acknowledged": gettext_lazy("Nơi chi trả đã nhận lệnh chi %(reference)s"),
    "payment:processing": gettext_lazy("Nơi chi trả đang xử lý lệnh chi %(reference)s"),
    "payment:paid": gettext_lazy("Đã chi trả theo lệnh chi %(reference)s"),
    "payment:failed": gettext_lazy("Lệnh chi %(reference)s không chi trả được"),
    "payment:refused": gettext_lazy("Nơi chi trả từ chối lệnh chi %(reference)s"),
    "payment:reissued": gettext_lazy("Phát lại lệnh chi %(reference)s"),
    "payment:attention": gettext_lazy("Lệnh chi %(reference)s cần xem xét"),
    "payment:schedule_refused": gettext_lazy(
        "Không lập lịch chi trả: trùng kỳ chi trả của hồ sơ khác"
    ),
    "payment_details_changed": gettext_lazy("Người lao động đổi thông tin nhận tiền"),
}


def _other_event_title(event: ClaimEvent) -> str:
    label = OTHER_EVENT_TITLES.get(event.kind)
    if label is None:
        return event.kind
    data = event.data or {}
    return str(label) % {
        "number": data.get("number", ""),
        "reference": data.get("reference", ""),
    }


def _event_rows(claim: Claim) -> list[EventRow]:
    rows = []
    events = list(claim.events.select_related("actor").order_by("created_at", "id"))
    # The assignees are named in the events' data (no foreign key): one query for all of them.
    assignee_ids = {e.data.get("assignee") for e in events if e.kind == "assigned" and e.data}
    assignees = User.objects.in_bulk([pk for pk in assignee_ids if isinstance(pk, int)])
    for event in events:
        if event.kind == "assigned":
            assignee = assignees.get((event.data or {}).get("assignee"))
            title = _("Giao hồ sơ cho %(name)s") % {
                "name": (assignee.full_name or assignee.username) if assignee else "?"
            }
        elif event.to_status in Status.values and event.from_status != event.to_status:
            start = Status(event.from_status).label if event.from_status else "—"
            title = f"{start} → {Status(event.to_status).label}"
        else:
            title = _other_event_title(event)
        if event.actor is not None:
            who = event.actor.full_name or event.actor.username
        else:
            who = _("Hệ thống")
        rows.append(EventRow(event=event, title=title, who=who))
    return rows


def refusal_labels(proposal: Proposal) -> list[str]:
    return [str(REFUSAL_REASONS.get(code, code)) for code in proposal.refusal_codes or []]


def _messages_in_language(items: list[Any]) -> list[tuple[Any, str]]:
    english = (get_language() or "vi").startswith("en")
    return [(item, item.message_en if english else item.message_vi) for item in items]


def _actions_for(user: User, claim: Claim, pending: Proposal | None) -> set[str]:
    allowed: set[str] = set()
    if claim.status in review.ASSIGNABLE:
        allowed.add("giao")
    if user.role == OFFICER and claim.status == Status.IN_REVIEW:
        allowed |= {"yeu-cau-bo-sung", "de-xuat-huong", "de-xuat-khong-huong"}
    if (
        user.role == SIGNER
        and claim.status == Status.PROPOSED
        and pending is not None
        and review.may_sign(user=user, proposal=pending)
    ):
        allowed |= {"ky-duyet", "tra-lai"}
    return allowed


def _page(
    request: AuthedRequest,
    claim: Claim,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    staff_view_record(request=request, claim=claim, page="claim")
    pending = review.pending_proposal(claim)
    allowed = _actions_for(user, claim, pending)
    action_forms = {
        key.replace("-", "_"): (bound[1] if bound and bound[0] == key else _new_form(key, claim))
        for key in allowed
    }
    assessment = assessment_from_json(claim.eligibility) if claim.eligibility else None
    comparisons, record_found = _comparisons(claim)
    flag_messages = {f.code: f for f in assessment.flags} if assessment else {}
    english = (get_language() or "vi").startswith("en")
    flags = list(claim.flags.order_by("code"))  # one query, grouped by severity below
    flags_by_severity = []
    for severity, label in ClaimFlag.Severity.choices:
        rows = [
            (
                flag,
                (
                    (
                        flag_messages[flag.code].message_en
                        if english
                        else flag_messages[flag.code].message_vi
                    )
                    if flag.code in flag_messages
                    else flag_label(flag.code)
                ),
            )
            for flag in flags
            if flag.severity == severity
        ]
        if rows:
            flags_by_severity.append((severity, label, rows))
    documents = list(claim.documents.all())
    shown = None
    wanted = request.GET.get("xem", "")
    if ascii_digits(wanted):
        shown = next((d for d in documents if d.pk == int(wanted)), None)
    contact = (claim.answers or {}).get("contact") or {}
    context = {
        "claim": claim,
        "citizen": claim.citizen,
        "contact": contact,
        "comparisons": comparisons,
        "record_found": record_found,
        "differences": sum(1 for row in comparisons if row.differs),
        "assessment": assessment,
        "checks": _messages_in_language(list(assessment.result.checks))
        if assessment and assessment.result
        else [],
        "flags_by_severity": flags_by_severity,
        "documents": documents,
        "shown_document": shown,
        "inline_types": INLINE_TYPES,
        "events": _event_rows(claim),
        "pending": pending,
        "proposals": [
            (p, refusal_labels(p))
            for p in claim.proposals.select_related("proposed_by", "decided_by")
        ],
        "engine": review.engine_figures(claim),
        "decision": decision_for_claim(claim=claim),
        "forms": action_forms,
        "own_proposal": pending is not None
        and user.role == SIGNER
        and claim.status == Status.PROPOSED
        and not review.may_sign(user=user, proposal=pending),
        "payments": payments_for_claim(claim=claim),
        "bound_action": bound[0] if bound else "",
        "form": bound[1] if bound else None,
    }
    return render(request, "claims/staff/claim.html", context, status=status)


# --- Views ----------------------------------------------------------------------------------


@require_GET
@staff_role_required(OFFICER, SIGNER)
def claim_page(request: AuthedRequest, public_id: Any) -> HttpResponse:
    claim = claim_for_staff(user=request.user, public_id=public_id, request=request, page="claim")
    return _page(request, claim)


#: The page's action slugs (URL) -> the review actions (claims.review.actions).
WEB_ACTIONS = {
    "giao": actions.ASSIGN,
    "yeu-cau-bo-sung": actions.REQUEST_INFO,
    "de-xuat-huong": actions.PROPOSE_APPROVAL,
    "de-xuat-khong-huong": actions.PROPOSE_REFUSAL,
    "ky-duyet": actions.SIGN,
    "tra-lai": actions.RETURN,
}


def _run(action: str, claim: Claim, user: User, version: int, data: dict[str, Any]) -> None:
    """Call the action's service with the form's cleaned data."""
    if action not in WEB_ACTIONS:  # pragma: no cover - the URL only matches known actions
        raise Http404
    actions.action_run(
        WEB_ACTIONS[action], claim_id=claim.pk, user=user, version=version, data=data
    )


@require_POST
@staff_role_required(OFFICER, SIGNER)
def claim_action(request: AuthedRequest, public_id: Any, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    user = request.user
    claim = claim_for_staff(user=user, public_id=public_id, request=request, page="claim_action")
    _form_class, _prefix, roles, done = ACTIONS[action]
    if user.role not in roles:
        raise PermissionDenied
    page_url = reverse("staff:claim", args=[claim.public_id])
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, _("Trang bạn gửi đã cũ. Hãy xem lại hồ sơ rồi thao tác lại."))
        return HttpResponseRedirect(page_url)
    form = _new_form(action, claim, request.POST)
    if form.is_valid():
        try:
            _run(action, claim, user, version, form.cleaned_data)
        except ReviewInvalid as error:
            for field, errors in error.errors.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        except ClaimStateError as error:
            # Someone else acted first (or the state no longer allows this): nothing was
            # applied; show what happened and the page as it is now.
            messages.warning(request, str(error))
            return HttpResponseRedirect(page_url)
        except ClaimPermissionError as error:
            messages.error(request, str(error))
            return _page(request, claim, status=403)
        else:
            messages.success(request, str(done))
            return HttpResponseRedirect(page_url)
    claim.refresh_from_db()
    if claim.version != version:
        messages.warning(request, review.changed_message(claim))
        return HttpResponseRedirect(page_url)
    _name_the_fields(form)
    return _page(request, claim, bound=(action, form), status=400)


def _name_the_fields(form: forms.Form) -> None:
    """Prefix each field's errors with the field's label ("Số tháng hưởng: …"): several action
    forms share the page, and a message such as "the system could not compute this figure"
    must say which figure, in the error summary as next to the field."""
    for name in list(form.errors):
        if name not in form.fields:
            continue
        label = str(form.fields[name].label or name)
        form.errors[name] = form.error_class(
            [f"{label}: {text}" for text in form.errors[name]], renderer=form.renderer
        )


@require_GET
@staff_role_required(SIGNER)
def proposals(request: AuthedRequest) -> HttpResponse:
    """The center's proposals waiting for a signature, oldest first."""
    user = request.user
    pending = list(
        Proposal.objects.filter(
            outcome=Proposal.Outcome.PENDING,
            claim__center_id=user.center_id,
            claim__status=Status.PROPOSED,
        )
        .select_related("claim", "claim__citizen", "proposed_by")
        .order_by("created_at", "id")
    )
    staff_view_record(request=request, claim=None, page="proposals")
    rows = [(p, review.may_sign(user=user, proposal=p), refusal_labels(p)) for p in pending]
    return render(request, "claims/staff/proposals.html", {"rows": rows})


@require_GET
@xframe_options_sameorigin  # shown inside the claim page's frame, never in another site's
@staff_role_required(OFFICER, SIGNER)
def claim_document(request: AuthedRequest, public_id: Any, document_id: int) -> HttpResponse:
    claim = claim_for_staff(
        user=request.user, public_id=public_id, request=request, page="document"
    )
    document = ClaimDocument.objects.filter(pk=document_id, claim=claim).first()
    if document is None:
        raise Http404
    staff_view_record(request=request, claim=claim, page="document")
    # A streamed file, not an HttpResponse: cast so the role decorator's typing accepts it.
    return cast(HttpResponse, document_open(document=document, user=request.user))


__all__ = ["claim_action", "claim_document", "claim_page", "proposals"]
