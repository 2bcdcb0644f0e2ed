"""`manage.py benefit_calc FILE`: one claim as JSON in, the calculator's result as JSON out.

FILE is a path or `-` for standard input. The input is one JSON object:

    {"termination_date": "2026-02-27", "filing_date": "2026-03-02",
     "contract_type": "indefinite", "termination_reason": "business_closure",
     "wage_regime": "enterprise", "region": "II", "receiving_pension": false,
     "contributions": [{"month": "2025-09", "insured_salary": 7000000, "ui_paid": true}, ...]}

`receiving_pension` (default false), `ui_paid` (default true) and
`months_used_by_earlier_benefit` (default 0) may be left out. The rule set is the published one
in force on the termination date (eligibility.selectors.rulebook_for).

The output is one JSON object: eligible, checks (code, passed, message_vi, message_en),
average_salary, cap, monthly_benefit, duration_months, reserved_months, entitlement_start,
entitlement_end, rule_set, then contribution_months, installment_dates, decision_deadline and
last_filing_day. Money is whole dong (integers), dates ISO; the entitlement dates are null when
the claim is not eligible.

Invalid input (bad JSON, a missing or unknown field, a bad date or code, a negative salary, a
month given twice) ends with a message on standard error and exit status 2; nothing else is
printed.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eligibility.calculator.engine import calculate
from eligibility.calculator.types import CalculationResult, ClaimFacts, Contribution
from eligibility.exceptions import RulesError
from eligibility.models import TERMINATION_REASON_CODES

EXIT_INVALID = 2

CONTRACT_TYPES = ("indefinite", "fixed_term", "seasonal")
WAGE_REGIMES = ("enterprise", "state")
REGIONS = ("I", "II", "III", "IV")
_REQUIRED = (
    "termination_date",
    "filing_date",
    "contract_type",
    "termination_reason",
    "wage_regime",
    "region",
    "contributions",
)
_OPTIONAL = ("receiving_pension", "months_used_by_earlier_benefit")
_MONTH = re.compile(r"\d{4}-\d{2}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class InvalidInput(ValueError):
    """The input JSON does not describe a claim; the message says what is wrong and where."""


def _date(value: Any, where: str) -> date:
    if not isinstance(value, str) or not _DAY.fullmatch(value):
        raise InvalidInput(f"{where}: expected a date as YYYY-MM-DD, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{where}: {value!r} is not a calendar date") from None


def _month(value: Any, where: str) -> date:
    if not isinstance(value, str) or not _MONTH.fullmatch(value):
        raise InvalidInput(f"{where}: expected a month as YYYY-MM, got {value!r}")
    try:
        return date.fromisoformat(f"{value}-01")
    except ValueError:
        raise InvalidInput(f"{where}: {value!r} is not a month") from None


def _choice(value: Any, choices: tuple[str, ...] | frozenset[str], where: str) -> str:
    if not isinstance(value, str) or value not in choices:
        allowed = ", ".join(sorted(choices))
        raise InvalidInput(f"{where}: {value!r} is not one of {allowed}")
    return value


def _bool(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInput(f"{where}: expected true or false, got {value!r}")
    return value


def _whole(value: Any, where: str) -> int:
    """A non-negative whole number (JSON integer; 8000000.0 is accepted, 8000000.5 is not)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInput(f"{where}: expected a whole number, got {value!r}")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidInput(f"{where}: expected a whole number, got {value!r}")
        value = int(value)
    if value < 0:
        raise InvalidInput(f"{where}: must not be negative, got {value}")
    return value


def parse_claim(data: Any) -> tuple[ClaimFacts, list[Contribution]]:
    """The calculator's facts and contributions from the decoded JSON, or InvalidInput."""
    if not isinstance(data, dict):
        raise InvalidInput("the input must be one JSON object")
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise InvalidInput(f"missing field(s): {', '.join(missing)}")
    unknown = sorted(set(data) - set(_REQUIRED) - set(_OPTIONAL))
    if unknown:
        raise InvalidInput(f"unknown field(s): {', '.join(unknown)}")
    rows = data["contributions"]
    if not isinstance(rows, list):
        raise InvalidInput("contributions: expected a list of objects")
    contributions = []
    seen: set[date] = set()
    for i, row in enumerate(rows):
        where = f"contributions[{i}]"
        if not isinstance(row, dict):
            raise InvalidInput(f"{where}: expected an object")
        for key in ("month", "insured_salary"):
            if key not in row:
                raise InvalidInput(f"{where}: missing field {key}")
        extra = sorted(set(row) - {"month", "insured_salary", "ui_paid"})
        if extra:
            raise InvalidInput(f"{where}: unknown field(s): {', '.join(extra)}")
        month = _month(row["month"], f"{where}.month")
        if month in seen:
            raise InvalidInput(f"{where}.month: {row['month']} is given more than once")
        seen.add(month)
        contributions.append(
            Contribution(
                month=month,
                insured_salary=_whole(row["insured_salary"], f"{where}.insured_salary"),
                ui_paid=_bool(row.get("ui_paid", True), f"{where}.ui_paid"),
            )
        )
    facts = ClaimFacts(
        termination_date=_date(data["termination_date"], "termination_date"),
        filing_date=_date(data["filing_date"], "filing_date"),
        contract_type=_choice(data["contract_type"], CONTRACT_TYPES, "contract_type"),  # type: ignore[arg-type]
        termination_reason=_choice(
            data["termination_reason"], TERMINATION_REASON_CODES, "termination_reason"
        ),
        wage_regime=_choice(data["wage_regime"], WAGE_REGIMES, "wage_regime"),  # type: ignore[arg-type]
        region=_choice(data["region"], REGIONS, "region"),  # type: ignore[arg-type]
        receiving_pension=_bool(data.get("receiving_pension", False), "receiving_pension"),
        months_used_by_earlier_benefit=_whole(
            data.get("months_used_by_earlier_benefit", 0), "months_used_by_earlier_benefit"
        ),
    )
    return facts, contributions


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def result_json(result: CalculationResult) -> dict[str, Any]:
    """The command's output object (key order as documented)."""
    return {
        "eligible": result.eligible,
        "checks": [
            {
                "code": check.code,
                "passed": check.passed,
                "message_vi": check.message_vi,
                "message_en": check.message_en,
            }
            for check in result.checks
        ],
        "average_salary": result.average_salary,
        "cap": result.cap,
        "monthly_benefit": result.monthly_benefit,
        "duration_months": result.duration_months,
        "reserved_months": result.reserved_months,
        "entitlement_start": _iso(result.entitlement_start),
        "entitlement_end": _iso(result.entitlement_end),
        "rule_set": result.rule_set,
        "contribution_months": result.contribution_months,
        "installment_dates": [day.isoformat() for day in result.installment_dates],
        "decision_deadline": _iso(result.decision_deadline),
        "last_filing_day": _iso(result.last_filing_day),
    }


class Command(BaseCommand):
    help = "Calculate unemployment benefit for one claim given as JSON (a file, or - for stdin)."
    #: call_command(..., stdin=StringIO(...)) reads from that stream instead of sys.stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON file with one claim, or - to read stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        from eligibility.selectors import rulebook_for

        raw = self._read(options["file"], options.get("stdin") or sys.stdin)
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            raise CommandError(f"invalid JSON: {error}", returncode=EXIT_INVALID) from None
        try:
            facts, contributions = parse_claim(data)
        except InvalidInput as error:
            raise CommandError(f"invalid input: {error}", returncode=EXIT_INVALID) from None
        try:
            book = rulebook_for(facts.termination_date)
            result = calculate(book, facts, contributions)
        except RulesError as error:
            raise CommandError(str(error), returncode=EXIT_INVALID) from None
        self.stdout.write(json.dumps(result_json(result), ensure_ascii=False))

    def _read(self, name: str, stdin: TextIO) -> str:
        if name == "-":
            try:
                return stdin.read()
            except UnicodeDecodeError as error:
                raise CommandError(f"cannot read stdin: {error}", returncode=EXIT_INVALID) from None
        try:
            with open(name, encoding="utf-8") as handle:
                return handle.read()
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {name}: {error}", returncode=EXIT_INVALID) from None
