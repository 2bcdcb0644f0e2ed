"""`manage.py benefit_period`: RULES.md's four worked examples of the benefit period, through
the command, against the seeded 2026 holiday calendar; and bad input (one line, exit 2)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]


def note(day: str) -> dict:
    return {"date": day, "kind": "notification", "reported": True}


def garment_worker(events: list[dict], **overrides) -> dict:
    """RULES.md example 1 of the calculator: start 2026-03-17, 6 months of 4,200,000, n = 74."""
    period = {
        "decision_date": "2026-03-13",
        "entitlement_start": "2026-03-17",
        "duration_months": 6,
        "monthly_benefit": 4_200_000,
        "contribution_months": 74,
        "events": events,
    }
    period.update(overrides)
    return period


def capped_worker(events: list[dict], **overrides) -> dict:
    """RULES.md example 2 of the calculator: start 2026-05-20, 12 months of 26,550,000, n = 148."""
    period = {
        "decision_date": "2026-05-18",
        "entitlement_start": "2026-05-20",
        "duration_months": 12,
        "monthly_benefit": 26_550_000,
        "contribution_months": 148,
        "events": events,
    }
    period.update(overrides)
    return period


def run(period: object) -> dict:
    out = StringIO()
    call_command("benefit_period", "-", stdin=StringIO(json.dumps(period)), stdout=out)
    return json.loads(out.getvalue())


MONTH_1 = note("2026-03-13")
CAPPED_NOTES = [note("2026-05-18"), note("2026-06-22"), note("2026-07-20")]

# (name, input, expected statuses, ended_on, end_ground, paid_total, overpaid, reserved)
EXAMPLES = [
    (
        "1 misses month 2",
        garment_worker(
            [
                MONTH_1,
                note("2026-05-18"),
                note("2026-06-17"),
                note("2026-07-17"),
                note("2026-08-17"),
            ]
        ),
        ["paid", "suspended", "paid", "paid", "paid", "paid"],
        None,
        None,
        21_000_000,
        0,
        2,
    ),
    (
        "2 three misses",
        garment_worker([MONTH_1]),
        ["paid", "suspended", "suspended", "suspended", "ended", "ended"],
        "2026-06-20",
        "đ",
        4_200_000,
        0,
        2,
    ),
    (
        "3 a new job, reported",
        capped_worker(
            [*CAPPED_NOTES, {"date": "2026-08-03", "kind": "job_started", "reported": True}]
        ),
        ["paid"] * 3 + ["ended"] * 9,
        "2026-08-03",
        "a",
        79_650_000,
        0,
        112,
    ),
    (
        "4 the same job, not reported",
        capped_worker(
            [
                *CAPPED_NOTES,
                {"date": "2026-08-03", "kind": "job_started", "reported": False},
                note("2026-08-20"),
            ]
        ),
        ["paid"] * 3 + ["ended"] * 9,
        "2026-08-03",
        "a",
        79_650_000,
        26_550_000,
        4,
    ),
]


@pytest.mark.parametrize(
    ("period", "statuses", "ended_on", "ground", "paid", "overpaid", "reserved"),
    [example[1:] for example in EXAMPLES],
    ids=[example[0] for example in EXAMPLES],
)
def test_rules_examples(period, statuses, ended_on, ground, paid, overpaid, reserved):
    result = run(period)
    assert [m["status"] for m in result["months"]] == statuses
    assert result["ended_on"] == ended_on
    assert result["end_ground"] == ground
    assert result["paid_total"] == paid
    assert result["overpaid"] == overpaid
    assert result["reserved_months"] == reserved
    assert result["paid_total"] == sum(m["amount"] for m in result["months"])


def test_example_1_dates():
    """Month 2's window is Fri 04-17, Mon 04-20, Tue 04-21; its suspension decision by 04-23;
    month 3's window Mon 05-18 .. Wed 05-20; the end stays 2026-09-16."""
    months = run(garment_worker([MONTH_1, note("2026-05-18")]))["months"]
    assert (months[1]["start"], months[1]["end"]) == ("2026-04-17", "2026-05-16")
    assert (months[1]["window_first"], months[1]["window_last"]) == ("2026-04-17", "2026-04-21")
    assert months[1]["suspension_decision_by"] == "2026-04-23"
    assert (months[2]["window_first"], months[2]["window_last"]) == ("2026-05-18", "2026-05-20")
    assert months[2]["status"] == "paid"
    assert months[-1]["end"] == "2026-09-16"


def test_example_4_month_4_paid_on_08_26_is_overpaid():
    result = run(EXAMPLES[3][1])
    month_4 = result["months"][3]
    assert (month_4["start"], month_4["end"], month_4["payment_due_on"]) == (
        "2026-08-20",
        "2026-09-19",
        "2026-08-26",
    )
    assert month_4["overpaid"] is True and month_4["amount"] == 0
    assert result["overpaid_months"] == [4]


def test_as_of_leaves_open_windows_not_due_and_ignores_later_events():
    result = run(garment_worker([MONTH_1, note("2026-05-18")], as_of="2026-05-19"))
    assert [m["status"] for m in result["months"]] == ["paid", "suspended"] + ["not_due"] * 4
    assert result["ended_on"] is None
    # The same day as the window's last day: not closed yet.
    result = run(garment_worker([MONTH_1], as_of="2026-04-21"))
    assert result["months"][1]["status"] == "not_due"


def test_first_refused_offer_does_not_end_the_second_does():
    refusal = {"kind": "job_offer_refused", "reported": True}
    notes = [MONTH_1, note("2026-04-17"), note("2026-05-18"), note("2026-06-17")]
    once = run(garment_worker([*notes, {**refusal, "date": "2026-05-25"}]))
    assert once["ended_on"] is None
    twice = run(
        garment_worker(
            [*notes, {**refusal, "date": "2026-05-25"}, {**refusal, "date": "2026-06-20"}]
        )
    )
    assert (twice["ended_on"], twice["end_ground"]) == ("2026-06-20", "d")
    assert [m["status"] for m in twice["months"]][:4] == ["paid"] * 4
    assert twice["reserved_months"] == 2  # ground d reserves nothing beyond the remainder


def test_law_2013_is_derived_from_the_decision_date():
    result = run(
        garment_worker([MONTH_1], decision_date="2025-12-20", entitlement_start="2025-12-22")
    )
    assert result["law"] == "2013"
    assert run(garment_worker([MONTH_1]))["law"] == "2025"


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ([], "one JSON object"),
        ({"decision_date": "2026-03-13"}, "missing field"),
        (garment_worker([], extra=1), "unknown field"),
        (garment_worker([], duration_months=0), "duration_months"),
        (garment_worker([], monthly_benefit=-5), "monthly_benefit"),
        (garment_worker([], decision_date="2026-02-30"), "decision_date"),
        (garment_worker([{"date": "2026-04-17", "kind": "party"}]), "events[0].kind"),
        (garment_worker([{"date": "2026-04-17"}]), "events[0]: missing field kind"),
        (
            garment_worker([{"date": "2026-04-17", "kind": "notification", "reported": "yes"}]),
            "reported",
        ),
        (garment_worker([], law="1999"), "law"),
        (garment_worker("x"), "events"),
    ],
)
def test_bad_input_is_one_error_exit_2(period, message):
    with pytest.raises(CommandError) as error:
        run(period)
    assert error.value.returncode == 2
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_file_argument(tmp_path):
    path = tmp_path / "period.json"
    path.write_text(json.dumps(EXAMPLES[2][1]), encoding="utf-8")
    out = StringIO()
    call_command("benefit_period", str(path), stdout=out)
    assert json.loads(out.getvalue())["reserved_months"] == 112
    with pytest.raises(CommandError) as error:
        call_command("benefit_period", str(tmp_path / "missing.json"), stdout=StringIO())
    assert error.value.returncode == 2


def test_command_line_bad_input_one_line_on_stderr_exit_2(tmp_path):
    """Bad JSON is refused before any database is read: a real process, one stderr line."""
    bad = subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, str(REPO / "manage.py"), "benefit_period", "-"],
        input="{not json",
        capture_output=True,
        text=True,
        env={**os.environ, "TROCAP_VAR_DIR": str(tmp_path)},
        check=False,
        timeout=120,
    )
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert len(bad.stderr.strip().splitlines()) == 1
    assert "invalid JSON" in bad.stderr
    assert "Traceback" not in bad.stderr
