"""`manage.py benefit_period FILE`: one benefit period as JSON in, what the rules make of it out.

FILE is a path or `-` for standard input. The input is one JSON object:

    {"decision_date": "2026-03-20", "entitlement_start": "2026-03-17",
     "duration_months": 6, "monthly_benefit": 4200000, "contribution_months": 74,
     "law": "2025", "as_of": "2026-06-30",
     "events": [{"date": "2026-05-18", "kind": "notification", "reported": true}, ...]}

`law` ("2013" or "2025") defaults to the law of `decision_date` (Law 74/2025 Art. 54.2, 55.4);
`as_of` (optional): months whose notification window has not closed by that day (as_of <=
window_last) are `not_due` and events after it are not known yet; without it every month is
judged, as if the period were over, so the result never depends on today's date. Each event has
`date`, `kind` (notification, job_started, military_service, pension, job_offer_refused,
emigration, study, fine, death, detention, missing, rehabilitation, worker_request) and
`reported` (default true: whether the worker reported it; for job_started the date is the
job's start). A second job_offer_refused ends the benefit, not the first.

The output is one JSON object: `months` (each `index`, `start`, `end`, `window_first`,
`window_last`, `payment_due_on`, `status` paid | suspended | ended | not_due, `amount` what the
rules pay for the month, `notified`, `overpaid`, `suspension_decision_by`), `ended_on` (or
null), `end_ground` (the letter of Law 74/2025 Art. 41.4, or null), `paid_total`, `overpaid`
(dong paid at the time for months after an unreported ending event: to be recovered),
`overpaid_months`, `reserved_months`, `months_received`, `law`, `rules` (the identifier of the
dated period rules used, eligibility.calculator.period.PERIOD_RULES).

Invalid input ends with one line on standard error and exit status 2, nothing else printed.
Windows are counted on the project's holiday calendar (a year it does not hold is an error).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eligibility.calculator import period
from eligibility.calculator.dates import WorkingCalendar
from eligibility.exceptions import RulesError
from eligibility.management.commands.benefit_calc import (
    EXIT_INVALID,
    InvalidInput,
    _bool,
    _choice,
    _date,
    _whole,
)
from eligibility.management.commands.benefit_calc import Command as CalcCommand

_REQUIRED = (
    "decision_date",
    "entitlement_start",
    "duration_months",
    "monthly_benefit",
    "contribution_months",
    "events",
)
_OPTIONAL = ("law", "as_of")
_KEYS = frozenset(_REQUIRED + _OPTIONAL)
_EVENT_KEYS = frozenset(("date", "kind", "reported"))
#: At most 36 benefit months (the law's maximum is 12; room for a later law).
MAX_DURATION = 36
MAX_BENEFIT = 10_000_000_000
MAX_CONTRIBUTION_MONTHS = 1_200
MAX_EVENTS = 2_000


def parse_period(data: Any) -> dict[str, Any]:
    """The pure rules' arguments (without the calendar) from the decoded JSON, or InvalidInput."""
    if type(data) is not dict:
        raise InvalidInput("the input must be one JSON object")
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        raise InvalidInput(f"missing field(s): {', '.join(missing)}")
    if not data.keys() <= _KEYS:
        raise InvalidInput(f"unknown field(s): {', '.join(sorted(set(data) - _KEYS))[:200]}")
    decision = _date(data["decision_date"], "decision_date")
    start = _date(data["entitlement_start"], "entitlement_start")
    duration = _whole(data["duration_months"], "duration_months", MAX_DURATION)
    if duration < 1:
        raise InvalidInput("duration_months: must be at least 1")
    monthly = _whole(data["monthly_benefit"], "monthly_benefit", MAX_BENEFIT)
    if monthly < 1:
        raise InvalidInput("monthly_benefit: must be more than 0")
    n = _whole(data["contribution_months"], "contribution_months", MAX_CONTRIBUTION_MONTHS)
    law = data.get("law")
    if law is not None:
        law = _choice(law, ("2013", "2025"), "law")
    as_of = data.get("as_of")
    as_of_day = None if as_of is None else _date(as_of, "as_of")
    events = data["events"]
    if type(events) is not list:
        raise InvalidInput("events: expected a list of objects")
    if len(events) > MAX_EVENTS:
        raise InvalidInput(f"events: more than {MAX_EVENTS:,} events cannot be real")
    parsed = []
    for i, event in enumerate(events):
        where = f"events[{i}]"
        if type(event) is not dict:
            raise InvalidInput(f"{where}: expected an object")
        for key in ("date", "kind"):
            if key not in event:
                raise InvalidInput(f"{where}: missing field {key}")
        if not event.keys() <= _EVENT_KEYS:
            unknown = ", ".join(sorted(set(event) - _EVENT_KEYS))[:100]
            raise InvalidInput(f"{where}: unknown field(s): {unknown}")
        parsed.append(
            period.PeriodEvent(
                date=_date(event["date"], f"{where}.date"),
                kind=_choice(event["kind"], period.EVENT_KINDS, f"{where}.kind"),
                reported=_bool(event.get("reported", True), f"{where}.reported"),
            )
        )
    return {
        "entitlement_start": start,
        "duration_months": duration,
        "monthly_benefit": monthly,
        "contribution_months": n,
        "decision_date": decision,
        "events": parsed,
        "rules": period.period_rules_for(decision, law=law),
        "as_of": as_of_day,
    }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def result_json(result: period.PeriodResult) -> dict[str, Any]:
    """The command's output object (key order as documented)."""
    return {
        "months": [
            {
                "index": m.plan.index,
                "start": m.plan.start.isoformat(),
                "end": m.plan.end.isoformat(),
                "window_first": m.plan.window_first.isoformat(),
                "window_last": m.plan.window_last.isoformat(),
                "payment_due_on": m.plan.payment_due_on.isoformat(),
                "status": m.status,
                "amount": m.amount,
                "notified": m.notified,
                "overpaid": m.overpaid,
                "suspension_decision_by": _iso(m.suspension_decision_by),
            }
            for m in result.months
        ],
        "ended_on": _iso(result.ended_on),
        "end_ground": result.end_ground,
        "paid_total": result.paid_total,
        "overpaid": result.overpaid,
        "overpaid_months": [m.plan.index for m in result.overpaid_months],
        "reserved_months": result.reserved_months,
        "months_received": result.months_received,
        "law": result.rules.law,
        "rules": result.rules.identifier,
    }


def period_judge_json(raw: str | bytes, calendar: WorkingCalendar | None = None) -> str:
    """JSON text in, JSON text out (or InvalidInput / RulesError); the command's whole path."""
    try:
        data = json.loads(raw)
    except RecursionError:
        raise InvalidInput("invalid JSON: nested too deeply") from None
    except ValueError as error:
        raise InvalidInput(f"invalid JSON: {str(error).splitlines()[0][:200]}") from None
    arguments = parse_period(data)
    if calendar is None:
        # Reads the holiday tables (after the input is checked: bad input needs no database);
        # imported here so that the pure part of this module stays importable without them.
        from eligibility.selectors import working_calendar

        calendar = working_calendar()
    result = period.judge_period(calendar=calendar, **arguments)
    return json.dumps(result_json(result), ensure_ascii=False)


class Command(BaseCommand):
    help = "Judge one benefit period given as JSON (a file, or - for stdin): months, end, money."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a JSON file with one benefit period, or - to read stdin")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = CalcCommand._read(self, options["file"], options.get("stdin") or sys.stdin)  # type: ignore[arg-type]
        try:
            output = period_judge_json(raw)
        except InvalidInput as error:
            raise CommandError(f"invalid input: {error}", returncode=EXIT_INVALID) from None
        except (RulesError, ValueError, OverflowError) as error:
            raise CommandError(" ".join(str(error).split()), returncode=EXIT_INVALID) from None
        self.stdout.write(output)
