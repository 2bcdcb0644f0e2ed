"""Filing a claim, one question per page: start, the steps, check your answers and submit."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

import claims.filing.parts as filing_parts
import claims.filing.services as filing
from claims.core.banks import bank_name
from claims.core.documents import DocumentRejected
from claims.core.exceptions import ClaimError, ClaimStateError
from claims.core.permissions import claim_for_citizen
from claims.core.transitions import Status
from claims.filing.duplicates import DuplicateClaim
from claims.filing.forms import (
    CHECK,
    CONTRACT_TYPES,
    PAYMENT_METHODS,
    STEP_KEYS,
    STEPS,
    STEPS_BY_KEY,
    TERMINATION_REASONS,
    StepForm,
    step_form,
)
from claims.filing.part_urls import (
    CHANGE_PARAM,
    first_part_url,
    last_part_url,
    part_url,
    step_url,
)
from claims.models import Claim, ClaimDocument
from common.formatting import day_label
from common.provinces import PROVINCES
from identity.decorators import citizen_level2_required
from identity.http import AuthedRequest
from identity.models import EmploymentServiceCenter


def _draft(request: AuthedRequest) -> Claim | None:
    return Claim.objects.filter(citizen=request.user, status=Status.DRAFT).first()


def _no_draft(request: AuthedRequest) -> HttpResponse:
    """A step was opened without a draft: submitted meanwhile (other tab) or never started."""
    latest = Claim.objects.filter(citizen=request.user).exclude(reference=None).first()
    if latest is not None and request.method == "POST":
        messages.warning(request, _("Hồ sơ của bạn đã được nộp nên không sửa được nữa."))
        return redirect("claims:my_claims")
    return redirect("claims:filing_start")


def _duplicate(request: AuthedRequest, duplicate: DuplicateClaim) -> HttpResponse:
    """The refusal of a claim that would repeat one that stands, with the way to it (ADR 0012)."""
    return render(
        request,
        "claims/filing/duplicate.html",
        {
            "message": str(duplicate),
            "existing": duplicate.existing,
            "existing_url": duplicate.url,
            "same_termination": duplicate.reason == DuplicateClaim.SAME_TERMINATION,
        },
        status=409,
    )


_step_url = step_url


def _out_of_order(claim: Claim, step: str) -> HttpResponse | None:
    """One page at a time, in order: a later step opens only when the earlier ones are done."""
    reachable = filing.next_step(claim)
    if reachable != CHECK and STEP_KEYS.index(step) > STEP_KEYS.index(reachable):
        return redirect(_step_url(reachable))
    return None


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def filing_start(request: AuthedRequest) -> HttpResponse:
    draft = _draft(request)
    if request.method == "POST":
        try:
            draft = filing.draft_get_or_create(citizen=request.user)
        except DuplicateClaim as duplicate:
            return _duplicate(request, duplicate)
        except ClaimError as error:
            messages.error(request, str(error))
            return redirect("home")
        return redirect(_step_url(draft.draft_step or filing.next_step(draft)))
    if draft is None and request.user.can_use_claims:
        # "New claim" or the back button after submitting: say at once that it stands.
        try:
            filing.draft_start_check(citizen=request.user)
        except DuplicateClaim as duplicate:
            return _duplicate(request, duplicate)
    return render(request, "claims/filing/start.html", {"draft": draft})


def _step_context(
    request: AuthedRequest, claim: Claim, step: str, form: StepForm, change: bool
) -> dict[str, Any]:
    index = STEP_KEYS.index(step)
    if change:
        back = reverse("claims:filing_check")
    elif index == 0:
        back = reverse("claims:filing_start")
    elif STEP_KEYS[index - 1] in filing_parts.PARTS:
        back = last_part_url(claim, request.user, STEP_KEYS[index - 1])
    else:
        back = _step_url(STEP_KEYS[index - 1])
    context: dict[str, Any] = {
        "claim": claim,
        "step": STEPS_BY_KEY[step],
        "number": index + 1,
        "total": len(STEPS),
        "form": form,
        "back_url": back,
        "change": change,
        "record": claim.answers.get(filing.RECORD_KEY) or {},
    }
    if step == "documents":
        context["documents"] = list(claim.documents.all())
        context["kinds"] = ClaimDocument.Kind
    if step == "job":
        record = context["record"]
        context["record_contract"] = dict(CONTRACT_TYPES).get(record.get("contract_type", ""))
        context["record_reason"] = dict(TERMINATION_REASONS).get(
            record.get("termination_reason", "")
        )
        if record.get("termination_date"):
            context["record_termination"] = date.fromisoformat(record["termination_date"])
    return context


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def filing_step(request: AuthedRequest, step: str) -> HttpResponse:
    if step not in STEP_KEYS:
        return redirect("claims:filing_start")
    claim = _draft(request)
    if claim is None:
        return _no_draft(request)
    out_of_order = _out_of_order(claim, step)
    if out_of_order is not None:
        return out_of_order
    change = request.GET.get(CHANGE_PARAM) == "1"
    context = filing.filing_context(claim=claim, citizen=request.user)

    if request.method == "GET" and step in filing_parts.PARTS:
        # Asked one thing per page (claims.filing.parts); a POST here still takes the whole step.
        return redirect(first_part_url(step, change=change))
    if request.method == "GET":
        initial = filing.step_initial(claim=claim, citizen=request.user, step=step)
        form = step_form(step, context=context, initial=initial)
        return render(
            request, "claims/filing/step.html", _step_context(request, claim, step, form, change)
        )

    if step == "documents":
        form = step_form(step, context=context, data=request.POST, files=request.FILES)
        form.is_valid()
        uploaded = False
        for field_name, kind in (
            ("termination_proof", ClaimDocument.Kind.TERMINATION_PROOF),
            ("supporting", ClaimDocument.Kind.SUPPORTING),
        ):
            upload = request.FILES.get(field_name)
            if upload is None:
                continue
            try:
                filing.draft_document_add(
                    claim_id=claim.pk, citizen=request.user, upload=upload, kind=kind
                )
                uploaded = True
            except (DocumentRejected, ClaimError) as error:
                form.add_error(field_name, str(error))
        if form.errors:
            return render(
                request,
                "claims/filing/step.html",
                _step_context(request, claim, step, form, change),
                status=400,
            )
        if uploaded and request.POST.get("action") == "upload":
            messages.success(request, _("Đã tải tệp lên."))
            return redirect(_step_url(step, change=change))

    try:
        claim = filing.draft_save_step(
            claim_id=claim.pk, citizen=request.user, step=step, data=request.POST
        )
    except filing.StepInvalid as invalid:
        return render(
            request,
            "claims/filing/step.html",
            _step_context(request, claim, step, invalid.form, change),
            status=400,
        )
    except ClaimStateError:
        return _no_draft(request)
    if change:
        return redirect(_step_url(filing.next_step(claim)))
    index = STEP_KEYS.index(step)
    following = STEP_KEYS[index + 1] if index + 1 < len(STEP_KEYS) else CHECK
    return redirect(_step_url(following))


def _part_context(
    request: AuthedRequest,
    claim: Claim,
    step: str,
    part: filing_parts.Part,
    form: StepForm,
    change: bool,
) -> dict[str, Any]:
    context = _step_context(request, claim, step, form, change)
    answers = filing_parts.part_answers(claim=claim, citizen=request.user, step=step)
    slugs = [p.slug for p in filing_parts.applicable(step, answers, filing_parts.record_of(claim))]
    index = slugs.index(part.slug) if part.slug in slugs else 0
    if not change and index > 0:
        context["back_url"] = part_url(step, slugs[index - 1])
    context.update(part=part, first_part=index == 0)
    return context


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def filing_part(request: AuthedRequest, step: str, part: str) -> HttpResponse:
    """One question of a step on its own page (claims.filing.parts); works without JavaScript."""
    page = filing_parts.part_get(step, part)
    if page is None:
        return redirect("claims:filing_start")
    claim = _draft(request)
    if claim is None:
        return _no_draft(request)
    out_of_order = _out_of_order(claim, step)
    if out_of_order is not None:
        return out_of_order
    change = request.GET.get(CHANGE_PARAM) == "1"
    if request.method == "GET":
        form = filing_parts.page_form(step, page, claim=claim, citizen=request.user)
        return render(
            request,
            "claims/filing/step.html",
            _part_context(request, claim, step, page, form, change),
        )
    try:
        saved = filing_parts.draft_save_part(
            claim_id=claim.pk,
            citizen=request.user,
            step=step,
            part=page,
            data=request.POST,
            change=change,
        )
    except filing.StepInvalid as invalid:
        return render(
            request,
            "claims/filing/step.html",
            _part_context(request, claim, step, page, invalid.form, change),
            status=400,
        )
    except ClaimStateError:
        return _no_draft(request)
    if saved.next_part is not None:
        return redirect(part_url(step, saved.next_part.slug, change=change))
    if change:
        return redirect(_step_url(filing.next_step(saved.claim)))
    index = STEP_KEYS.index(step)
    following = STEP_KEYS[index + 1] if index + 1 < len(STEP_KEYS) else CHECK
    return redirect(_step_url(following))


@require_POST
@citizen_level2_required
def filing_document_remove(request: AuthedRequest, document_id: int) -> HttpResponse:
    claim = _draft(request)
    if claim is None:
        return _no_draft(request)
    try:
        filing.draft_document_remove(
            claim_id=claim.pk, citizen=request.user, document_id=document_id
        )
        messages.success(request, _("Đã xóa tệp."))
    except ClaimError as error:
        messages.error(request, str(error))
    change = request.POST.get(CHANGE_PARAM) == "1"
    return redirect(_step_url("documents", change=change))


def _answer_rows(claim: Claim) -> list[dict[str, Any]]:
    """The check-your-answers list: (question, answer, step to change it)."""
    answers = claim.answers
    job = answers.get("job", {})
    center = answers.get("center", {})
    payment = answers.get("payment", {})
    contact = answers.get("contact", {})

    rows: list[dict[str, Any]] = []

    def row(label: str, value: Any, step: str, field: str = "") -> None:
        slug = filing_parts.PART_OF_FIELD.get((step, field))
        url = part_url(step, slug, change=True) if slug else _step_url(step, change=True)
        rows.append({"label": label, "value": value or "—", "step": step, "url": url})

    row(
        _("Đơn vị"),
        f"{job.get('employer_name', '')} ({job.get('employer_tax_code', '')})",
        "job",
        "employer_name",
    )
    row(
        _("Loại hợp đồng"),
        dict(CONTRACT_TYPES).get(job.get("contract_type", "")),
        "job",
        "contract_type",
    )
    termination = job.get("termination_date")
    if termination:
        row(
            _("Ngày chấm dứt hợp đồng"),
            day_label(date.fromisoformat(termination)),
            "job",
            "termination_date",
        )
    row(
        _("Lý do chấm dứt"),
        dict(TERMINATION_REASONS).get(job.get("termination_reason", "")),
        "job",
        "termination_reason",
    )
    if job.get("correction_reason"):
        row(
            _("Lý do khác với dữ liệu bảo hiểm xã hội"),
            job["correction_reason"],
            "job",
            "correction_reason",
        )
    center_obj = EmploymentServiceCenter.objects.filter(
        province_code=center.get("province_code", "")
    ).first()
    row(_("Nơi nộp hồ sơ"), center_obj.name if center_obj else "", "center")
    if payment.get("method"):
        row(
            _("Hình thức nhận tiền"),
            dict(PAYMENT_METHODS).get(payment["method"]),
            "payment",
            "method",
        )
    if payment.get("method") == "bank":
        row(
            _("Cách nhận tiền"),
            _("Chuyển khoản: %(bank)s, số tài khoản %(number)s, chủ tài khoản %(holder)s")
            % {
                "bank": bank_name(payment.get("bank_code", "")),
                "number": payment.get("account_number", ""),
                "holder": payment.get("account_holder", ""),
            },
            "payment",
            "bank_code",
        )
    else:
        row(
            _("Cách nhận tiền"),
            _("Tiền mặt tại bưu điện: %(province)s")
            % {"province": dict(PROVINCES).get(payment.get("cash_province", ""), "")},
            "payment",
            "cash_province",
        )
    row(_("Số điện thoại"), contact.get("phone"), "contact")
    row(_("E-mail"), contact.get("email"), "contact")
    documents = ", ".join(d.original_name for d in claim.documents.all())
    row(_("Giấy tờ"), documents, "documents")
    row(_("Cam đoan và đồng ý"), _("Đã cam đoan và đồng ý"), "declaration")
    return rows


@never_cache
@citizen_level2_required
@require_http_methods(["GET"])
def filing_check(request: AuthedRequest) -> HttpResponse:
    claim = _draft(request)
    if claim is None:
        return _no_draft(request)
    reachable = filing.next_step(claim)
    if reachable != CHECK:
        return redirect(_step_url(reachable))
    today = timezone.localdate()
    assessment = filing.draft_assess(claim=claim, filing_date=today)
    flags = [f for f in assessment.flags if f.severity in {"blocking", "needs_review"}]
    late = any(f.code == "filed_after_deadline" for f in assessment.flags) or any(
        c.code.startswith("filing") and not c.passed
        for c in (assessment.result.checks if assessment.result else ())
    )
    return render(
        request,
        "claims/filing/check.html",
        {
            "claim": claim,
            "rows": _answer_rows(claim),
            "assessment": assessment,
            "result": assessment.result,
            "flags": flags,
            "late": late,
            "change_param": CHANGE_PARAM,
        },
    )


@require_POST
@citizen_level2_required
def filing_submit(request: AuthedRequest) -> HttpResponse:
    public_id = request.POST.get("claim", "")

    claim = claim_for_citizen(citizen=request.user, public_id=public_id)
    try:
        claim = filing.claim_submit(claim_id=claim.pk, citizen=request.user)
    except filing.DraftIncomplete as incomplete:
        messages.error(request, str(incomplete))
        return redirect(_step_url(incomplete.missing[0]))
    except DuplicateClaim as duplicate:
        return _duplicate(request, duplicate)
    except ClaimError as error:
        messages.error(request, str(error))
        return redirect("claims:my_claims")
    return redirect("claims:claim_receipt", public_id=claim.public_id)
