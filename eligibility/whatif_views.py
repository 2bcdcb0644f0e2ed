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

from eligibility.models import RuleSet
from eligibility.whatif import WhatIfError, whatif_progress, whatif_request
from eligibility.whatif_models import WhatIfRun
from identity.models import User
from portal.forms import AccessibleFormMixin


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
    if request.method == "POST" and form.is_valid():
        user = request.user
        assert isinstance(user, User)  # noqa: S101 - admin views require a signed-in user
        try:
            run = whatif_request(
                draft=rule_set,
                period_start=form.cleaned_data["period_start"],
                period_end=form.cleaned_data["period_end"],
                requested_by=user,
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
    return JsonResponse(whatif_progress(run))


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
