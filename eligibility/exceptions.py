"""Domain errors of the benefit rules, turned into user messages by the views and the admin."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext


class RulesError(Exception):
    """Base class of the rules' domain errors."""


class NoRuleSetInForce(RulesError):
    """No published rule set is in force on this day (a decision or filing date before the first)."""

    def __init__(self, day: date) -> None:
        self.day = day
        super().__init__(
            gettext(
                "Không có bộ quy định trợ cấp thất nghiệp nào đã công bố có hiệu lực vào ngày "
                "%(date)s."
            )
            % {"date": day.strftime("%d/%m/%Y")}
        )


class RuleSetStateError(RulesError):
    """The rule set is not in the state the operation needs (e.g. publishing a published one)."""
