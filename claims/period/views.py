"""The worker's pages of the benefit period: the whole period, the monthly notification (one
question a page, check your answers, receipt) and "I found a job" (or another ground).

Answers in progress live in the session under the claim and the month, never in a URL; nothing
is recorded until the check page is confirmed and the period's service accepts it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from claims.core.documents import DocumentRejected, document_attach
from claims.core.exceptions import ClaimError
from claims.core.permissions import claim_for_citizen
from claims.models import BenefitMonth, Claim, ClaimDocument, MonthlyNotification
from claims.period import actions, forms, presenters
from claims.period.pointers import pointers_for
from claims.period.selectors import this_month
from common.formatting import ascii_digits
from identity.decorators import citizen_level2_required
from identity.http import AuthedRequest

SESSION_KEY = "period_notification"
#: The pages of the monthly notification, in order (slug, form class).
STEPS = ["viec-lam", "tim-viec", "san-sang", "thay-doi", "giay-to"]
STEP_TITLES = {
    "viec-lam": gettext_lazy("Bạn vẫn chưa có việc làm?"),
    "tim-viec": gettext_lazy("Bạn đã tìm việc ở đâu?"),
    "san-sang": gettext_lazy("Bạn có sẵn sàng đi làm?"),
    "thay-doi": gettext_lazy("Bạn có thay đổi nào cần báo?"),
    "giay-to": gettext_lazy("Giấy tờ chứng minh"),
}


def _today() -> date:
    return timezone.localdate()


def _claim(request: AuthedRequest, public_id: str) -> Claim:
    return claim_for_citizen(citizen=request.user, public_id=public_id)


def _draft_key(claim: Claim, month_index: int) -> str:
    return f"{claim.public_id}:{month_index}"


def _draft(request: AuthedRequest, claim: Claim, month_index: int) -> dict[str, Any]:
    drafts = request.session.get(SESSION_KEY) or {}
    draft = drafts.get(_draft_key(claim, month_index))
    return dict(draft) if isinstance(draft, dict) else {}


def _draft_save(
    request: AuthedRequest, claim: Claim, month_index: int, draft: dict[str, Any]
) -> None:
    drafts = dict(request.session.get(SESSION_KEY) or {})
    drafts[_draft_key(claim, month_index)] = draft
    # One draft per claim and month; older months' leftovers are dropped.
    prefix = f"{claim.public_id}:"
    for key in [k for k in drafts if k.startswith(prefix) and k != _draft_key(claim, month_index)]:
        drafts.pop(key)
    request.session[SESSION_KEY] = drafts


def _draft_clear(request: AuthedRequest, claim: Claim, month_index: int) -> None:
    drafts = dict(request.session.get(SESSION_KEY) or {})
    drafts.pop(_draft_key(claim, month_index), None)
    request.session[SESSION_KEY] = drafts


def _steps_for(draft: dict[str, Any]) -> list[str]:
    """A worker who has a job again skips the job search and availability pages."""
    if draft.get("still_unemployed") == forms.NO:
        return ["viec-lam", "thay-doi", "giay-to"]
    return STEPS


def _done(step: str, draft: dict[str, Any]) -> bool:
    return {
        "viec-lam": "still_unemployed" in draft,
        "tim-viec": bool(draft.get("log")),
        "san-sang": "available" in draft,
        "thay-doi": "event" in draft,
        "giay-to": draft.get("proof_seen", False),
    }[step]


def _first_missing(draft: dict[str, Any]) -> str | None:
    return next((s for s in _steps_for(draft) if not _done(s, draft)), None)


def _next_url(claim: Claim, step: str, draft: dict[str, Any], change: bool) -> str:
    steps = _steps_for(draft)
    missing = _first_missing(draft)
    if change and missing is None:
        return reverse("claims:period_notify_check", args=[claim.public_id])
    position = steps.index(step) if step in steps else -1
    for later in steps[position + 1 :]:
        if not _done(later, draft) or not change:
            return reverse("claims:period_notify_step", args=[claim.public_id, later])
    return reverse("claims:period_notify_check", args=[claim.public_id])


def _open_month(claim: Claim) -> tuple[Any, BenefitMonth | None]:
    return presenters.open_month(claim, today=_today())


@never_cache
@citizen_level2_required
def period_detail(request: AuthedRequest, public_id: str) -> HttpResponse:
    """The whole benefit period: every month, what became of it, the end and any recovery."""
    claim = _claim(request, public_id)
    card = this_month(claim, on=_today())
    if card is None:
        messages.info(request, _("Hồ sơ này chưa có thời gian hưởng trợ cấp."))
        return redirect("claims:claim_detail", public_id=claim.public_id)
    return render(
        request,
        "claims/period/detail.html",
        {"claim": claim, **presenters.card_context(claim=claim, card=card, today=_today())},
    )


@never_cache
@citizen_level2_required
def notify_start(request: AuthedRequest, public_id: str) -> HttpResponse:
    """Before the questions: what the notification is; outside the window, why not now."""
    claim = _claim(request, public_id)
    card, month = _open_month(claim)
    if card is None:
        messages.info(request, _("Hồ sơ này chưa có thời gian hưởng trợ cấp."))
        return redirect("claims:claim_detail", public_id=claim.public_id)
    context = {"claim": claim, **presenters.card_context(claim=claim, card=card, today=_today())}
    if month is None:
        return render(request, "claims/period/not_now.html", context)
    draft = _draft(request, claim, month.index)
    context["first_url"] = reverse(
        "claims:period_notify_step", args=[claim.public_id, _first_missing(draft) or STEPS[0]]
    )
    return render(request, "claims/period/start.html", context)


def _step_form(step: str, data: Any, draft: dict[str, Any], month: BenefitMonth, claim: Claim):  # type: ignore[no-untyped-def]
    today = _today()
    earliest = presenters.period_start(claim, month)
    if step == "viec-lam":
        initial = {"still_unemployed": draft.get("still_unemployed")}
        return forms.StillUnemployedForm(data, initial=initial)
    if step == "tim-viec":
        return forms.JobSearchEntryForm(data, earliest=earliest, today=today)
    if step == "san-sang":
        initial = {"available": draft.get("available"), "reason": draft.get("unavailable_reason")}
        return forms.AvailableForm(data, initial=initial)
    if step == "thay-doi":
        event = draft.get("event") or {}
        initial = {
            "event": event.get("event")
            or ("job_started" if draft.get("still_unemployed") == forms.NO else None),
            "on": event.get("on"),
            "detail": event.get("detail"),
        }
        return forms.EventForm(
            data, initial=initial, earliest=presenters.claim_start(claim), today=today
        )
    return forms.ProofForm(data)


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def notify_step(request: AuthedRequest, public_id: str, step: str) -> HttpResponse:
    claim = _claim(request, public_id)
    card, month = _open_month(claim)
    if month is None:
        return redirect("claims:period_notify_start", public_id=claim.public_id)
    draft = _draft(request, claim, month.index)
    if step not in _steps_for(draft):
        return redirect("claims:period_notify_start", public_id=claim.public_id)
    steps = _steps_for(draft)
    # One page at a time: a later page needs the earlier answers.
    missing = _first_missing(draft)
    if missing is not None and steps.index(step) > steps.index(missing):
        return redirect("claims:period_notify_step", public_id=claim.public_id, step=missing)
    change = request.GET.get("doi") == "1" or request.POST.get("doi") == "1"
    status = 200
    form = _step_form(step, None, draft, month, claim)
    if request.method == "POST":
        files = request.FILES if step == "giay-to" else None
        form = _step_form(step, request.POST, draft, month, claim)
        if files is not None:
            form = forms.ProofForm(request.POST, files)
        outcome = _step_post(request, claim, month, step, form, draft)
        if outcome == "stay":
            _draft_save(request, claim, month.index, draft)
            return redirect(
                reverse("claims:period_notify_step", args=[claim.public_id, step])
                + ("?doi=1" if change else "")
            )
        if outcome == "next":
            _draft_save(request, claim, month.index, draft)
            return redirect(_next_url(claim, step, draft, change))
        status = 400
    back = (
        reverse("claims:period_notify_step", args=[claim.public_id, steps[steps.index(step) - 1]])
        if steps.index(step) > 0
        else reverse("claims:period_notify_start", args=[claim.public_id])
    )
    if change:
        back = reverse("claims:period_notify_check", args=[claim.public_id])
    return render(
        request,
        "claims/period/step.html",
        {
            "claim": claim,
            "card": card,
            "month": month,
            "step": step,
            "title": STEP_TITLES[step],
            "number": steps.index(step) + 1,
            "total": len(steps) + 1,
            "form": form,
            "draft": draft,
            "log": presenters.log_rows(draft.get("log") or []),
            "max_entries": forms.MAX_SEARCH_ENTRIES,
            "proof": _proof(claim, draft),
            "back_url": back,
            "change": change,
        },
        status=status,
    )


def _proof(claim: Claim, draft: dict[str, Any]) -> ClaimDocument | None:
    proof_id = draft.get("proof")
    if not proof_id:
        return None
    return ClaimDocument.objects.filter(claim=claim, pk=proof_id).first()


def _entry_posted(post: Any) -> bool:
    return any((post.get(name) or "").strip() for name in ("kind", "place", "on"))


def _step_post(  # noqa: C901 - one branch per page, each short
    request: AuthedRequest,
    claim: Claim,
    month: BenefitMonth,
    step: str,
    form: Any,
    draft: dict[str, Any],
) -> str:
    """Apply one page's answer to the draft: "next", "stay" (same page again) or "invalid"."""
    action = request.POST.get("action", "continue")
    if step == "viec-lam":
        if not form.is_valid():
            return "invalid"
        draft["still_unemployed"] = form.cleaned_data["still_unemployed"]
        if draft["still_unemployed"] == forms.NO:
            draft.pop("log", None)
            draft.pop("available", None)
        return "next"
    if step == "tim-viec":
        log = list(draft.get("log") or [])
        if action.startswith("remove-"):
            position = action.removeprefix("remove-")
            if ascii_digits(position) and int(position) < len(log):
                log.pop(int(position))
            draft["log"] = log
            return "stay"
        if action == "add" or _entry_posted(request.POST):
            if len(log) >= forms.MAX_SEARCH_ENTRIES:
                form.is_valid()
                form.add_error(
                    None,
                    _("Nhật ký có tối đa %(count)d dòng. Hãy bấm “Tiếp tục”.")
                    % {"count": forms.MAX_SEARCH_ENTRIES},
                )
                return "invalid"
            if not form.is_valid():
                return "invalid"
            log.append(form.entry())
            draft["log"] = log
            return "stay" if action == "add" else "next"
        if not log:
            form.is_valid()
            form.errors.clear()
            form.add_error(
                "kind",
                _("Hãy ghi ít nhất một lần bạn tìm việc trong tháng, rồi bấm “Thêm vào nhật ký”."),
            )
            return "invalid"
        return "next"
    if step == "san-sang":
        if not form.is_valid():
            return "invalid"
        draft["available"] = form.cleaned_data["available"]
        draft["unavailable_reason"] = form.cleaned_data["reason"]
        return "next"
    if step == "thay-doi":
        if not form.is_valid():
            return "invalid"
        event = form.cleaned_data["event"]
        if draft.get("still_unemployed") == forms.NO and event == forms.EVENT_NONE:
            form.add_error(
                "event",
                _(
                    "Bạn đã trả lời là đã có việc làm: hãy chọn “Tôi đã có việc làm” và ngày bắt đầu."
                ),
            )
            return "invalid"
        on = form.cleaned_data["on"]
        draft["event"] = {
            "event": event,
            "on": on.isoformat() if on else "",
            "detail": form.cleaned_data["detail"],
        }
        return "next"
    # giay-to: an upload is checked and kept at once (claims.core.documents); "continue" goes on.
    if not form.is_valid():
        return "invalid"
    upload = form.cleaned_data.get("proof")
    if upload:
        try:
            document = document_attach(
                claim_id=claim.pk,
                upload=upload,
                kind=ClaimDocument.Kind.SUPPORTING,
                uploaded_by=request.user,
            )
        except DocumentRejected as error:
            form.add_error("proof", str(error))
            return "invalid"
        draft["proof"] = document.pk
        if action == "upload":
            draft["proof_seen"] = True
            return "stay"
    elif action == "remove":
        draft.pop("proof", None)
        return "stay"
    draft["proof_seen"] = True
    return "next"


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def notify_check(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = _claim(request, public_id)
    card, month = _open_month(claim)
    if month is None:
        return redirect("claims:period_notify_start", public_id=claim.public_id)
    draft = _draft(request, claim, month.index)
    missing = _first_missing(draft)
    if missing is not None:
        return redirect("claims:period_notify_step", public_id=claim.public_id, step=missing)
    form = forms.ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                notification = actions.notification_submit(
                    claim=claim, month=month, citizen=request.user, draft=draft
                )
            except ClaimError as error:
                messages.error(request, str(error))
                return redirect("claims:period_notify_start", public_id=claim.public_id)
            _draft_clear(request, claim, month.index)
            return redirect(
                "claims:period_notify_receipt",
                public_id=claim.public_id,
                index=notification.month.index,
            )
        status = 400
    event = draft.get("event") or {}
    preview = None
    if event.get("event") in forms.ENDING_EVENTS and event.get("on"):
        preview = actions.end_preview(
            claim=claim, kind=event["event"], on=date.fromisoformat(event["on"])
        )
    return render(
        request,
        "claims/period/check.html",
        {
            "claim": claim,
            "month": month,
            "card": card,
            "rows": presenters.check_rows(claim=claim, draft=draft, proof=_proof(claim, draft)),
            "preview": preview,
            "form": form,
        },
        status=status,
    )


@never_cache
@citizen_level2_required
def notify_receipt(request: AuthedRequest, public_id: str, index: int) -> HttpResponse:
    claim = _claim(request, public_id)
    notification = (
        MonthlyNotification.objects.filter(claim=claim, month__index=index)
        .select_related("month", "proof")
        .first()
    )
    if notification is None:
        return redirect("claims:period_notify_start", public_id=claim.public_id)
    card = this_month(claim, on=_today())
    return render(
        request,
        "claims/period/receipt.html",
        {
            "claim": claim,
            "notification": notification,
            "log": presenters.log_rows(notification.job_search_log or []),
            "event_label": presenters.event_label(notification.event_kind),
            "card": card,
            "next_month": presenters.month_after(claim=claim, index=index),
            # The month's job fairs and open offers (issue 18, provided by the jobs app).
            "pointers": pointers_for(claim, _today()),
        },
    )


def _end_session_key(claim: Claim) -> str:
    return f"period_end:{claim.public_id}"


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def end_report(request: AuthedRequest, public_id: str) -> HttpResponse:
    """ "I found a job" (or another ground): what changed, from when."""
    claim = _claim(request, public_id)
    card = this_month(claim, on=_today())
    if card is None:
        return redirect("claims:claim_detail", public_id=claim.public_id)
    if card.terminated or presenters.termination_pending(claim) is not None:
        return redirect("claims:period_end_result", public_id=claim.public_id)
    saved = request.session.get(_end_session_key(claim)) or {}
    form = forms.EndForm(
        request.POST or None,
        initial={
            "ground": saved.get("ground") or "job_started",
            "on": saved.get("on"),
            "employer": saved.get("employer"),
        },
        earliest=presenters.claim_start(claim),
        today=_today(),
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            request.session[_end_session_key(claim)] = {
                "ground": form.cleaned_data["ground"],
                "on": form.cleaned_data["on"].isoformat(),
                "employer": form.cleaned_data["employer"],
            }
            return redirect("claims:period_end_check", public_id=claim.public_id)
        status = 400
    return render(
        request,
        "claims/period/end.html",
        {"claim": claim, "card": card, "form": form},
        status=status,
    )


@never_cache
@citizen_level2_required
@require_http_methods(["GET", "POST"])
def end_check(request: AuthedRequest, public_id: str) -> HttpResponse:
    claim = _claim(request, public_id)
    saved = request.session.get(_end_session_key(claim)) or {}
    if not saved.get("ground") or not saved.get("on"):
        return redirect("claims:period_end_report", public_id=claim.public_id)
    card = this_month(claim, on=_today())
    if card is None or card.terminated or presenters.termination_pending(claim) is not None:
        return redirect("claims:period_end_result", public_id=claim.public_id)
    on = date.fromisoformat(saved["on"])
    form = forms.ConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.end_report(
                    claim=claim,
                    citizen=request.user,
                    kind=saved["ground"],
                    on=on,
                    employer=saved.get("employer") or "",
                )
            except ClaimError as error:
                messages.error(request, str(error))
                return redirect("claims:period_end_report", public_id=claim.public_id)
            request.session.pop(_end_session_key(claim), None)
            return redirect("claims:period_end_result", public_id=claim.public_id)
        status = 400
    return render(
        request,
        "claims/period/end_check.html",
        {
            "claim": claim,
            "card": card,
            "ground_label": forms.WORKER_GROUND_LABELS.get(saved["ground"], ""),
            "on": on,
            "employer": saved.get("employer") or "",
            "preview": actions.end_preview(claim=claim, kind=saved["ground"], on=on),
            "form": form,
        },
        status=status,
    )


@never_cache
@citizen_level2_required
def end_result(request: AuthedRequest, public_id: str) -> HttpResponse:
    """After the report: the end as proposed or signed, and the months reserved."""
    claim = _claim(request, public_id)
    card = this_month(claim, on=_today())
    if card is None:
        return redirect("claims:claim_detail", public_id=claim.public_id)
    context = presenters.card_context(claim=claim, card=card, today=_today())
    if context["termination"] is None:
        return redirect("claims:period_end_report", public_id=claim.public_id)
    return render(request, "claims/period/end_result.html", {"claim": claim, **context})
