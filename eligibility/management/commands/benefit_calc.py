"""`manage.py benefit_calc FILE`: one claim as JSON in, the calculator's result as JSON out.

FILE is a path or `-` for standard input. The input is one JSON object:

    {"termination_date": "2026-02-27", "filing_date": "2026-03-02",
     "decision_date": "2026-03-20",
     "contract_type": "indefinite", "termination_reason": "business_closure",
     "wage_regime": "enterprise", "region": "II", "receiving_pension": false,
     "contributions": [{"month": "2025-09", "insured_salary": 7000000, "ui_paid": true}, ...]}

`decision_date` (default: not decided yet), `receiving_pension` (default false), `ui_paid`
(default true) and `months_used_by_earlier_benefit` (default 0) may be left out. The law is
chosen by the decision date (Law 74/2025 Art. 54.2, 55.4): the published rule set in force on
`decision_date`, or, without it, on the decision deadline (the decision is taken to be made on
its deadline: RULES.md's convention; eligibility.selectors.rulebook_for_claim).

The output is one JSON object: eligible, checks (code, passed, message_vi, message_en; the last,
`applicable_law`, says which law applies and why, naming Article 55.4 of Law 74/2025 when a
dossier filed under the 2013 law is decided under the 2025 law), average_salary, cap,
monthly_benefit, duration_months, reserved_months, entitlement_start, entitlement_end, rule_set,
then contribution_months, installment_dates, decision_deadline, last_filing_day,
decision_date, decision_date_assumed, law_reason ("decision_date", "decision_deadline" or
"article_55_4") and provisional_dates (the date fields counted through a year whose holiday
calendar is not confirmed yet). Money is whole dong (integers), dates ISO; the entitlement dates
are null when the claim is not eligible.

Invalid input ends with one line on standard error and exit status 2, nothing else printed:
bad or too deeply nested JSON, a missing or unknown field, a bad date or code, a negative or
impossibly large salary (over 10,000,000,000 dong a month), a month given twice, a history that
cannot be real (a contribution month before 2009-01, when unemployment insurance began; a date
after 2100-12-31; more than 1,200 months), a decision before the filing, and a claim the rules
cannot judge (no rule set in force, a year missing from the holiday calendar).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.formatting import ascii_digits
from eligibility.calculator.engine import calculate
from eligibility.calculator.reasons import TERMINATION_REASON_CODES
from eligibility.calculator.types import CalculationResult, ClaimFacts, Contribution, RuleBook
from eligibility.exceptions import RulesError

EXIT_INVALID = 2

#: Unemployment insurance began on 2009-01-01 (Law on Social Insurance 2006); nothing before.
FIRST_DAY = date(2009, 1, 1)
#: Dates after this are not real claims (and would overflow the calendar arithmetic).
LAST_DAY = date(2100, 12, 31)
#: 100 years of contributions: a longer history cannot be real.
MAX_MONTHS = 1_200
#: No insured salary is recorded above 20 x the regional minimum wage (106,200,000 dong in
#: 2026); this bound leaves a hundredfold margin for the wages of the coming decades.
MAX_INSURED_SALARY = 10_000_000_000

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
_OPTIONAL = ("receiving_pension", "months_used_by_earlier_benefit", "decision_date")
_KEYS = frozenset(_REQUIRED + _OPTIONAL)
_ROW_KEYS = frozenset(("month", "insured_salary", "ui_paid"))
#: Every month a contribution may be for, by its text: parsing is one dictionary look-up.
_MONTHS = {
    f"{year:04d}-{month:02d}": date(year, month, 1)
    for year in range(FIRST_DAY.year, LAST_DAY.year + 1)
    for month in range(1, 13)
}


class InvalidInput(ValueError):
    """The input JSON does not describe a claim; the message says what is wrong and where."""


def _shown(value: Any) -> str:
    """The value for an error message: its repr, cut short (the message stays one line)."""
    return _cut(repr(value))


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _date(value: Any, where: str) -> date:
    if (
        type(value) is not str
        or len(value) != 10
        or value[4] != "-"
        or value[7] != "-"
        or not ascii_digits(value[:4] + value[5:7] + value[8:])
    ):
        raise InvalidInput(f"{where}: expected a date as YYYY-MM-DD, got {_shown(value)}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{where}: {value!r} is not a calendar date") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InvalidInput(
            f"{where}: {value} is outside {FIRST_DAY.isoformat()}..{LAST_DAY.isoformat()} "
            "(unemployment insurance began on 2009-01-01)"
        )
    return day


def _month(value: Any, where: str) -> date:
    month = _MONTHS.get(value) if type(value) is str else None
    if month is not None:
        return month
    if type(value) is not str or len(value) != 7 or value[4] != "-":
        raise InvalidInput(f"{where}: expected a month as YYYY-MM, got {_shown(value)}")
    year, number = value[:4], value[5:]
    if not (ascii_digits(year) and ascii_digits(number)) or not 1 <= int(number) <= 12:
        raise InvalidInput(f"{where}: {_shown(value)} is not a month")
    if value < "2009-01":
        raise InvalidInput(
            f"{where}: {value} is before 2009-01 (unemployment insurance began on 2009-01-01)"
        )
    raise InvalidInput(f"{where}: {value} is after {LAST_DAY:%Y-%m}")


def _choice(value: Any, choices: tuple[str, ...] | frozenset[str], where: str) -> str:
    if type(value) is not str or value not in choices:
        allowed = ", ".join(sorted(choices))
        raise InvalidInput(f"{where}: {_shown(value)} is not one of {allowed}")
    return value


def _bool(value: Any, where: str) -> bool:
    if type(value) is not bool:
        raise InvalidInput(f"{where}: expected true or false, got {_shown(value)}")
    return value


def _whole(value: Any, where: str, maximum: int) -> int:
    """A whole number in 0..maximum (JSON integer; 8000000.0 is accepted, 8000000.5 is not)."""
    if type(value) is not int:
        if type(value) is not float or not value.is_integer():
            raise InvalidInput(f"{where}: expected a whole number, got {_shown(value)}")
        value = int(value)
    if value < 0:
        raise InvalidInput(f"{where}: must not be negative, got {_shown(value)}")
    if value > maximum:
        raise InvalidInput(f"{where}: {_shown(value)} is more than {maximum:,} (not a real value)")
    return value


def _contributions(rows: Any) -> list[Contribution]:
    if type(rows) is not list:
        raise InvalidInput("contributions: expected a list of objects")
    if len(rows) > MAX_MONTHS:
        raise InvalidInput(
            f"contributions: {len(rows):,} months given, more than {MAX_MONTHS:,} cannot be real"
        )
    contributions: list[Contribution] = []
    append = contributions.append
    months = _MONTHS
    month: date | None
    for i, row in enumerate(rows):
        if type(row) is not dict:
            raise InvalidInput(f"contributions[{i}]: expected an object")
        try:
            month = months[row["month"]]
            salary = row["insured_salary"]
            ui_paid = row.get("ui_paid", True)
        except (KeyError, TypeError):
            month = salary = ui_paid = None  # the slow path below says what is wrong
        size = len(row)  # month and insured_salary are there: only ui_paid may be added
        if (
            month is None
            or type(salary) is not int
            or not 0 <= salary <= MAX_INSURED_SALARY
            or type(ui_paid) is not bool
            or (size != 2 and (size != 3 or "ui_paid" not in row))
        ):
            month, salary, ui_paid = _row_checked(row, f"contributions[{i}]")
        append(Contribution(month, salary, ui_paid))
    if len({c.month for c in contributions}) != len(contributions):
        seen: set[date] = set()
        for i, c in enumerate(contributions):
            if c.month in seen:
                raise InvalidInput(
                    f"contributions[{i}].month: {c.month:%Y-%m} is given more than once"
                )
            seen.add(c.month)
    return contributions


def _row_checked(row: dict[str, Any], where: str) -> tuple[date, int, bool]:
    for key in ("month", "insured_salary"):
        if key not in row:
            raise InvalidInput(f"{where}: missing field {key}")
    extra = sorted(set(row) - _ROW_KEYS)
    if extra:
        raise InvalidInput(f"{where}: unknown field(s): {_cut(', '.join(extra))}")
    return (
        _month(row["month"], f"{where}.month"),
        _whole(row["insured_salary"], f"{where}.insured_salary", MAX_INSURED_SALARY),
        _bool(row.get("ui_paid", True), f"{where}.ui_paid"),
    )


def parse_claim(data: Any) -> tuple[ClaimFacts, list[Contribution], date | None]:
    """The calculator's facts, contributions and decision date (or None) from the decoded JSON.

    Raises InvalidInput (its message says what is wrong and where) for anything that is not a
    real claim (see the module doc).
    """
    if type(data) is not dict:
        raise InvalidInput("the input must be one JSON object")
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise InvalidInput(f"missing field(s): {', '.join(missing)}")
    if not data.keys() <= _KEYS:
        unknown = ", ".join(sorted(set(data) - _KEYS))
        raise InvalidInput(f"unknown field(s): {_cut(unknown)}")
    contributions = _contributions(data["contributions"])
    filing = _date(data["filing_date"], "filing_date")
    decision = data.get("decision_date")
    decision_date = None if decision is None else _date(decision, "decision_date")
    if decision_date is not None and decision_date < filing:
        raise InvalidInput(
            f"decision_date: {decision_date.isoformat()} is before the filing date "
            f"{filing.isoformat()}"
        )
    facts = ClaimFacts(
        termination_date=_date(data["termination_date"], "termination_date"),
        filing_date=filing,
        contract_type=_choice(data["contract_type"], CONTRACT_TYPES, "contract_type"),  # type: ignore[arg-type]
        termination_reason=_choice(
            data["termination_reason"], TERMINATION_REASON_CODES, "termination_reason"
        ),
        wage_regime=_choice(data["wage_regime"], WAGE_REGIMES, "wage_regime"),  # type: ignore[arg-type]
        region=_choice(data["region"], REGIONS, "region"),  # type: ignore[arg-type]
        receiving_pension=_bool(data.get("receiving_pension", False), "receiving_pension"),
        months_used_by_earlier_benefit=_whole(
            data.get("months_used_by_earlier_benefit", 0),
            "months_used_by_earlier_benefit",
            MAX_MONTHS,
        ),
    )
    return facts, contributions, decision_date


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
        "decision_date": _iso(result.decision_date),
        "decision_date_assumed": result.decision_date_assumed,
        "law_reason": result.law_reason,
        "provisional_dates": list(result.provisional_dates),
    }


RulebookSource = Callable[[date, date | None], RuleBook]


def claim_calculate_json(raw: str | bytes, rulebook: RulebookSource | None = None) -> str:
    """The whole command path in one call: JSON text in, JSON text out (or InvalidInput).

    `rulebook(filing_date, decision_date)` gives the rule book (default: the published rules,
    eligibility.selectors.rulebook_for_claim); bench/eligibility.py times this function.
    Raises InvalidInput for bad input and RulesError for a claim the rules cannot judge.
    """
    if rulebook is None:
        # The published rules only when asked: callers passing their own rule book
        # (bench/eligibility.py) need no rules tables.
        from eligibility.selectors import rulebook_for_claim

        rulebook = rulebook_for_claim
    try:
        data = json.loads(raw)
    except RecursionError:
        raise InvalidInput("invalid JSON: nested too deeply") from None
    except ValueError as error:  # JSONDecodeError, or an integer of more than 4,300 digits
        raise InvalidInput(f"invalid JSON: {str(error).splitlines()[0][:200]}") from None
    facts, contributions, decision_date = parse_claim(data)
    book = rulebook(facts.filing_date, decision_date)
    result = calculate(book, facts, contributions)
    return json.dumps(result_json(result), ensure_ascii=False)


class Command(BaseCommand):
    help = "Calculate unemployment benefit for one claim given as JSON (a file, or - for stdin)."
    #: call_command(..., stdin=StringIO(...)) reads from that stream instead of sys.stdin.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON file with one claim, or - to read stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = self._read(options["file"], options.get("stdin") or sys.stdin)
        try:
            output = claim_calculate_json(raw)
        except InvalidInput as error:
            raise CommandError(f"invalid input: {error}", returncode=EXIT_INVALID) from None
        except RulesError as error:
            raise CommandError(_one_line(str(error)), returncode=EXIT_INVALID) from None
        self.stdout.write(output)

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


def _one_line(message: str) -> str:
    return " ".join(message.split())
