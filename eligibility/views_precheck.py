"""The citizen's "Am I eligible?" page: an estimate from their own record, filed today."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from eligibility.assessment import Assessment, assess
from identity.decorators import citizen_level2_required
from identity.http import AuthedRequest

_SEVERITY_LABELS = {
    "blocking": _("Không thể hưởng nếu đúng như vậy"),
    "needs_review": _("Trung tâm sẽ kiểm tra"),
    "info": _("Để bạn biết"),
}
_CAP_BASES = {
    "regional_minimum_wage": _("lương tối thiểu vùng"),
    "base_salary": _("lương cơ sở"),
}


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


def precheck_context(assessment: Assessment) -> dict[str, Any]:
    """What the template shows, with every message already in the reader's language."""
    english = _english()
    result = assessment.result
    checks = []
    months_values: dict[str, Any] = {}
    if result is not None:
        for check in result.checks:
            pending = bool(check.values.get("informational"))
            checks.append(
                {
                    "code": check.code,
                    "passed": check.passed,
                    "pending": pending,
                    "message": check.message_en if english else check.message_vi,
                }
            )
            if check.code == "contribution_months":
                months_values = dict(check.values)
    flags = [
        {
            "code": flag.code,
            "severity": flag.severity,
            "severity_label": _SEVERITY_LABELS[flag.severity],
            "message": flag.message_en if english else flag.message_vi,
        }
        for flag in assessment.flags
    ]
    return {
        "assessment": assessment,
        "result": result,
        "facts": assessment.facts,
        "checks": checks,
        "failed_checks": [c for c in checks if not c["passed"]],
        "flags": flags,
        "has_blocking_flags": any(f["severity"] == "blocking" for f in flags),
        "months": months_values,
        "averaged": assessment.averaged,
        "cap_base_label": _CAP_BASES.get(assessment.cap_base, ""),
        "cap_wage": (
            result.cap // assessment.cap_multiplier
            if result is not None and assessment.cap_multiplier
            else None
        ),
        "capped": result is not None and result.monthly_benefit >= result.cap > 0,
    }


@never_cache
@citizen_level2_required
def precheck(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    assessment = assess(personal_id=request.user.personal_id or "", filing_date=today)
    return render(
        request,
        "eligibility/precheck.html",
        {"today": today, **precheck_context(assessment)},
    )
