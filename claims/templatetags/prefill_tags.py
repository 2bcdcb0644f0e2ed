"""Claim pages (the worker's and the officer's): what the employer reported, the worker's
disagreement, and the social-security agency's confirmation of the record (issue #17)."""

from __future__ import annotations

from typing import Any

from django import template

import claims.prefill.services as prefill
from claims.models import Claim
from eligibility.calculator.reasons import reason_label

register = template.Library()


@register.inclusion_tag("claims/prefill/_confirmation.html")
def agency_confirmation(claim: Claim) -> dict[str, Any]:
    """ "Confirmed by the social-security agency on ..." (verified again as the page is drawn)."""
    return {"confirmation": prefill.confirmation_for(claim)}


@register.inclusion_tag("claims/prefill/_employer_report.html")
def employer_report(claim: Claim, staff: bool = False) -> dict[str, Any]:
    """The employer's report of the termination and, when the worker disagrees, both sides."""
    report = prefill.report_for(claim)
    dispute = prefill.dispute_for(claim) if report is not None else None
    return {
        "report": report,
        "reason": reason_label(report.termination_reason) if report else "",
        "dispute": dispute,
        "worker_reason": reason_label(dispute.worker_reason) if dispute else "",
        "confirmation": prefill.confirmation_for(claim) if report is not None else None,
        "staff": staff,
    }
