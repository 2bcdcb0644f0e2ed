"""Domain errors of the benefit rules, turned into user messages by the views and the admin."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext


class RulesError(Exception):
    """Base class of the rules' domain errors."""


class NoRuleSetInForce(RulesError):
    """No published rule set applies to this termination date (it is before the first one)."""

    def __init__(self, termination_date: date) -> None:
        self.termination_date = termination_date
        super().__init__(
            gettext(
                "Không có bộ quy định trợ cấp thất nghiệp nào đã công bố áp dụng cho ngày "
                "chấm dứt hợp đồng %(date)s."
            )
            % {"date": termination_date.strftime("%d/%m/%Y")}
        )


class RuleSetStateError(RulesError):
    """The rule set is not in the state the operation needs (e.g. publishing a published one)."""
