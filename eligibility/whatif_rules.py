"""What a draft rule set changes for one claim's facts: the calculator run twice, no claim read.

Given the declared facts, the filing and decision dates and the person's record, the facts are
assessed with the rule book in force (`rulebook_for_claim`) and with the draft treated as
published (`rulebook_for_claim(..., include_draft=draft)`). The law is chosen by the decision
date (the claim's, or its deadline when it is not decided yet), so the draft only changes
claims decided on or after its `valid_from` (and before the next published rule set).

The loop over a period's claims and the runs live on the claims side (claims.whatif), which
calls these functions: eligibility never reads a claim (docs/architecture.md).

Totals: "monthly" is the sum of the monthly benefit of the claims that are eligible; "cost" is
the sum of monthly benefit x number of months over the same claims (whole dong).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from eligibility.assessment import Assessment, Declared, assess
from eligibility.calculator.types import RuleBook
from eligibility.exceptions import RulesError
from eligibility.models import RuleSet
from eligibility.registry import PersonRecord
from eligibility.selectors import rulebook_for_claim


@dataclass(frozen=True)
class Outcome:
    eligible: bool
    monthly: int
    months: int

    @property
    def cost(self) -> int:
        return self.monthly * self.months if self.eligible else 0

    @classmethod
    def of(cls, assessment: Assessment) -> Outcome:
        result = assessment.result
        if result is None or not result.eligible:
            return cls(False, 0, 0)
        return cls(True, result.monthly_benefit, result.duration_months)


def empty_summary() -> dict[str, int]:
    return {
        "compared": 0,
        "unchanged": 0,
        "changed": 0,
        "became_ineligible": 0,
        "became_eligible": 0,
        "eligible_before": 0,
        "eligible_after": 0,
        "monthly_before": 0,
        "monthly_after": 0,
        "cost_before": 0,
        "cost_after": 0,
        "not_assessable": 0,
    }


def summary_add(summary: dict[str, int], before: Outcome, after: Outcome) -> bool:
    """Count one compared claim into `summary`; whether the draft changes its outcome."""
    summary["compared"] += 1
    summary["eligible_before"] += before.eligible
    summary["eligible_after"] += after.eligible
    summary["monthly_before"] += before.monthly if before.eligible else 0
    summary["monthly_after"] += after.monthly if after.eligible else 0
    summary["cost_before"] += before.cost
    summary["cost_after"] += after.cost
    if before == after:
        summary["unchanged"] += 1
        return False
    summary["changed"] += 1
    if before.eligible and not after.eligible:
        summary["became_ineligible"] += 1
    elif after.eligible and not before.eligible:
        summary["became_eligible"] += 1
    return True


def _book(filed: date, decided: date | None, draft: RuleSet | None) -> RuleBook | None:
    try:
        return rulebook_for_claim(filed, decided, include_draft=draft)
    except RulesError:  # no rule set in force, a year missing from the holiday calendar
        return None


def outcomes_compare(
    *,
    personal_id: str,
    declared: Declared,
    filed: date,
    decided: date | None,
    record: PersonRecord | None,
    draft: RuleSet,
) -> tuple[Outcome, Outcome] | None:
    """(published, draft) outcomes of one claim's facts, or None when they cannot be assessed."""
    if record is None or declared.termination_date is None:
        return None
    before_book = _book(filed, decided, None)
    after_book = _book(filed, decided, draft)
    if before_book is None or after_book is None:
        return None
    outcomes = []
    for book in (before_book, after_book):
        assessment = assess(
            personal_id=personal_id,
            filing_date=filed,
            declared=declared,
            book=book,
            record=record,
        )
        if assessment.result is None:
            return None
        outcomes.append(Outcome.of(assessment))
    return outcomes[0], outcomes[1]
