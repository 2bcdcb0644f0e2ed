"""Admin pages of the what-if analysis of a draft rule set (linked from the rule set's change page).

Mounted by RuleSetAdmin.get_urls under /admin/eligibility/ruleset/<id>/what-if/ and wrapped in
`admin_site.admin_view`, so only the portal's administrators reach them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from claims.whatif.services import WhatIfError, whatif_progress, whatif_request
from common.forms import AccessibleFormMixin
from common.progress import REFRESH_SECONDS, time_left, time_left_text
from eligibility.models import RuleSet
from eligibility.whatif_models import WhatIfRun
from identity.models import User


class WhatIfForm(AccessibleFormMixin, forms.Form):
    period_start = forms.DateField(
        label=_("Chấm dứt hợp đồng từ ngày"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Nhập ngày bắt đầu."), "invalid": _("Ngày không hợp lệ.")},
    )
    period_end = forms.DateField(
        label=_("Đến ngày"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": _("Nhập ngày kết thúc."), "invalid": _("Ngày không hợp lệ.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
        return data


def draft_validity(draft: RuleSet) -> tuple[date, date | None]:
    """The decisions the draft would govern once published: from its valid_from to the day
    before the next published rule set (None: open-ended)."""
    following = (
        RuleSet.objects.filter(status=RuleSet.Status.PUBLISHED, valid_from__gt=draft.valid_from)
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    return draft.valid_from, (following - timedelta(days=1)) if following else None


def outside_validity(draft: RuleSet, start: date, end: date) -> str:
    """Why a period is likely to show no change (it lies outside the draft's validity), or "".

    The law is chosen by the decision date, and a claim is decided after its termination, so a
    period that ends shortly before the draft starts may still hold a few affected claims: this
    warns, it does not refuse.
    """
    valid_from, valid_to = draft_validity(draft)
    if end >= valid_from and (valid_to is None or start <= valid_to):
        return ""
    values = {
        "start": start.strftime("%d/%m/%Y"),
        "end": end.strftime("%d/%m/%Y"),
        "from": valid_from.strftime("%d/%m/%Y"),
    }
    if valid_to is None:
        text = _(
            "Bản nháp chỉ áp dụng cho các quyết định từ ngày %(from)s. Khoảng thời gian đã chọn "
            "(%(start)s – %(end)s) nằm ngoài thời gian đó, nên gần như chắc chắn không hồ sơ nào "
            "thay đổi. Hãy chọn một khoảng thời gian từ ngày %(from)s."
        )
    else:
        values["to"] = valid_to.strftime("%d/%m/%Y")
        text = _(
            "Bản nháp chỉ áp dụng cho các quyết định từ ngày %(from)s đến ngày %(to)s (sau đó "
            "là bộ quy định đã công bố tiếp theo). Khoảng thời gian đã chọn (%(start)s – "
            "%(end)s) nằm ngoài thời gian đó, nên gần như chắc chắn không hồ sơ nào thay đổi. "
            "Hãy chọn một khoảng thời gian trong thời gian hiệu lực của bản nháp."
        )
    return str(text) % values


def _context(request: HttpRequest, rule_set: RuleSet, **extra: Any) -> dict[str, Any]:
    opts = RuleSet._meta
    return {
        **admin.site.each_context(request),
        "opts": opts,
        "original": rule_set,
        "rule_set": rule_set,
        "change_url": reverse("admin:eligibility_ruleset_change", args=[rule_set.pk]),
        **extra,
    }


def whatif_start(request: HttpRequest, object_id: str) -> HttpResponse:
    """The form to start a run, and the earlier runs of this draft."""
    rule_set = get_object_or_404(RuleSet, pk=object_id)
    today = timezone.localdate()
    default_start = max(rule_set.valid_from, today - timedelta(days=365))
    form = WhatIfForm(
        request.POST or None,
        initial={"period_start": default_start, "period_end": max(default_start, today)},
    )
    error = None
    warning = ""
    if request.method == "POST" and form.is_valid():
        start, end = form.cleaned_data["period_start"], form.cleaned_data["period_end"]
        # A period outside the draft's validity is shown a warning and a second button
        # ("run it anyway"), instead of a run that reports "0 claims changed".
        warning = outside_validity(rule_set, start, end)
        if not warning or request.POST.get("van_chay") == "1":
            user = request.user
            assert isinstance(user, User)  # noqa: S101 - admin views require a signed-in user
            try:
                run = whatif_request(
                    draft=rule_set, period_start=start, period_end=end, requested_by=user
                )
            except WhatIfError as exc:
                error = str(exc)
            else:
                return HttpResponseRedirect(
                    reverse("admin:eligibility_ruleset_whatif_run", args=[rule_set.pk, run.pk])
                )
    return TemplateResponse(
        request,
        "admin/eligibility/whatif.html",
        _context(
            request,
            rule_set,
            title=_("Phân tích tác động của bản nháp"),
            form=form,
            error=error,
            warning=warning,
            is_draft=rule_set.status == RuleSet.Status.DRAFT,
            runs=rule_set.whatif_runs.all()[:20],
        ),
    )


def _run(object_id: str, run_id: int) -> tuple[RuleSet, WhatIfRun]:
    run = get_object_or_404(
        WhatIfRun.objects.select_related("draft"), pk=run_id, draft_id=object_id
    )
    return run.draft, run


def whatif_run_page(request: HttpRequest, object_id: str, run_id: int) -> HttpResponse:
    """Progress (polled by static/js/whatif.js, or refreshed by hand) and then the results."""
    rule_set, run = _run(object_id, run_id)
    results = run.results or {}
    summary = results.get("summary", {})
    affected = [
        {**row, "termination_date": date.fromisoformat(row["termination_date"])}
        for row in results.get("affected", [])
    ]
    return TemplateResponse(
        request,
        "admin/eligibility/whatif_run.html",
        _context(
            request,
            rule_set,
            title=_("Kết quả phân tích tác động"),
            run=run,
            outside_validity=outside_validity(rule_set, run.period_start, run.period_end),
            time_left=time_left_text(
                time_left(
                    done=run.done,
                    total=run.total,
                    started_at=run.started_at,
                    now=timezone.now(),
                )
            ),
            refresh_seconds=REFRESH_SECONDS,
            summary=summary,
            monthly_change=summary.get("monthly_after", 0) - summary.get("monthly_before", 0),
            cost_change=summary.get("cost_after", 0) - summary.get("cost_before", 0),
            affected=affected,
            affected_count=results.get("affected_count", len(affected)),
            status_url=reverse(
                "admin:eligibility_ruleset_whatif_status", args=[rule_set.pk, run.pk]
            ),
        ),
    )


def whatif_status(request: HttpRequest, object_id: str, run_id: int) -> JsonResponse:
    _rule_set, run = _run(object_id, run_id)
    left = time_left(done=run.done, total=run.total, started_at=run.started_at, now=timezone.now())
    return JsonResponse(
        {**whatif_progress(run), "time_left": "" if run.finished else time_left_text(left)}
    )


def whatif_urls(admin_site: admin.AdminSite) -> list[URLPattern]:
    """The what-if pages, for RuleSetAdmin.get_urls (each behind the admin site's permission)."""
    return [
        path(
            "<path:object_id>/what-if/",
            admin_site.admin_view(whatif_start),
            name="eligibility_ruleset_whatif",
        ),
        path(
            "<path:object_id>/what-if/<int:run_id>/",
            admin_site.admin_view(whatif_run_page),
            name="eligibility_ruleset_whatif_run",
        ),
        path(
            "<path:object_id>/what-if/<int:run_id>/status.json",
            admin_site.admin_view(whatif_status),
            name="eligibility_ruleset_whatif_status",
        ),
    ]
