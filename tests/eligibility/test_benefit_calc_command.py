"""`manage.py benefit_calc`: JSON in, JSON out, against the seeded rules tables."""

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

from tests.eligibility.rulebooks import months

pytestmark = pytest.mark.django_db

OUTPUT_KEYS = [
    "eligible",
    "checks",
    "average_salary",
    "cap",
    "monthly_benefit",
    "duration_months",
    "reserved_months",
    "entitlement_start",
    "entitlement_end",
    "rule_set",
]


def rows(first: str, last: str, salary: int) -> list[dict]:
    return [
        {"month": c.month.strftime("%Y-%m"), "insured_salary": salary, "ui_paid": True}
        for c in months(first, last, salary)
    ]


def garment_worker(**overrides) -> dict:
    """RULES.md worked example 1."""
    claim = {
        "termination_date": "2026-02-27",
        "filing_date": "2026-03-02",
        "contract_type": "indefinite",
        "termination_reason": "business_closure",
        "wage_regime": "enterprise",
        "region": "II",
        "receiving_pension": False,
        "contributions": rows("2020-01", "2025-08", 6_500_000)
        + rows("2025-09", "2026-02", 7_000_000),
    }
    claim.update(overrides)
    return claim


def run_file(tmp_path: Path, claim: object) -> dict:
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(claim), encoding="utf-8")
    out = StringIO()
    call_command("benefit_calc", str(path), stdout=out)
    return json.loads(out.getvalue())


def run_stdin(text: str) -> dict:
    out = StringIO()
    call_command("benefit_calc", "-", stdin=StringIO(text), stdout=out)
    return json.loads(out.getvalue())


def test_garment_worker_from_a_file(tmp_path):
    result = run_file(tmp_path, garment_worker())
    assert list(result)[: len(OUTPUT_KEYS)] == OUTPUT_KEYS
    assert {key: result[key] for key in OUTPUT_KEYS if key != "checks"} == {
        "eligible": True,
        "average_salary": 7_000_000,
        "cap": 23_650_000,
        "monthly_benefit": 4_200_000,
        "duration_months": 6,
        "reserved_months": 2,
        "entitlement_start": "2026-03-17",
        "entitlement_end": "2026-09-16",
        "rule_set": "luat-viec-lam-2025",
    }
    assert [check["code"] for check in result["checks"]] == [
        "termination_reason",
        "pension",
        "contribution_months",
        "filing_deadline",
        "still_unemployed",
        "applicable_law",
    ]
    assert all(
        set(check) == {"code", "passed", "message_vi", "message_en"} for check in result["checks"]
    )
    assert result["installment_dates"][0] == "2026-03-17"
    assert len(result["installment_dates"]) == 6
    assert result["last_filing_day"] == "2026-05-27"


def test_2013_state_regime_from_stdin():
    claim = {
        "termination_date": "2025-06-30",
        "filing_date": "2025-07-10",
        "contract_type": "indefinite",
        "termination_reason": "employer_dismissal",
        "wage_regime": "state",
        "region": "I",
        "contributions": rows("2019-07", "2025-06", 25_000_000),
    }
    result = run_stdin(json.dumps(claim))
    assert result["eligible"] is True
    assert (result["cap"], result["monthly_benefit"]) == (11_700_000, 11_700_000)
    # The 16th working day after filing (Decree 61/2020): RULES.md example 5 as corrected.
    assert (result["entitlement_start"], result["entitlement_end"]) == ("2025-08-01", "2026-01-31")
    assert result["rule_set"] == "luat-viec-lam-2013-nd61"


def test_ineligible_claim_names_the_reason_and_has_no_dates(tmp_path):
    result = run_file(tmp_path, garment_worker(termination_reason="employee_unlawful_resignation"))
    assert result["eligible"] is False
    assert result["duration_months"] == 0
    assert result["entitlement_start"] is None
    failed = [check for check in result["checks"] if not check["passed"]]
    assert [check["code"] for check in failed] == ["termination_reason"]
    assert "trái pháp luật" in failed[0]["message_vi"]


def test_vietnamese_is_written_as_is():
    out = StringIO()
    call_command("benefit_calc", "-", stdin=StringIO(json.dumps(garment_worker())), stdout=out)
    assert "Điều 38 Luật Việc làm 2025" in out.getvalue()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "invalid JSON"),
        ("[1, 2]", "one JSON object"),
        (
            json.dumps({k: v for k, v in garment_worker().items() if k != "region"}),
            "missing field(s): region",
        ),
        (json.dumps(garment_worker(colour="blue")), "unknown field(s): colour"),
        (json.dumps(garment_worker(termination_date="2026-02-30")), "not a calendar date"),
        (json.dumps(garment_worker(filing_date="02/03/2026")), "filing_date"),
        (json.dumps(garment_worker(termination_reason="fired")), "termination_reason: 'fired'"),
        (json.dumps(garment_worker(contract_type="permanent")), "contract_type"),
        (json.dumps(garment_worker(region="V")), "region"),
        (json.dumps(garment_worker(wage_regime="private")), "wage_regime"),
        (json.dumps(garment_worker(receiving_pension="no")), "receiving_pension"),
        (json.dumps(garment_worker(contributions={})), "contributions: expected a list"),
        (
            json.dumps(garment_worker(contributions=[{"month": "2026-01", "insured_salary": -1}])),
            "must not be negative",
        ),
        (
            json.dumps(garment_worker(contributions=[{"month": "2026-01", "insured_salary": 1.5}])),
            "whole number",
        ),
        (
            json.dumps(garment_worker(contributions=[{"month": "2026-13", "insured_salary": 1}])),
            "not a month",
        ),
        (
            json.dumps(garment_worker(contributions=[{"month": "2026-01"}])),
            "missing field insured_salary",
        ),
        (
            json.dumps(
                garment_worker(
                    contributions=[
                        {"month": "2026-01", "insured_salary": 1},
                        {"month": "2026-01", "insured_salary": 2},
                    ]
                )
            ),
            "more than once",
        ),
        (
            json.dumps(garment_worker(termination_date="2014-12-31", filing_date="2015-01-02")),
            "31/12/2014",
        ),
    ],
    ids=[
        "bad-json",
        "not-an-object",
        "missing-field",
        "unknown-field",
        "impossible-date",
        "wrong-date-format",
        "unknown-reason",
        "unknown-contract",
        "unknown-region",
        "unknown-regime",
        "pension-not-bool",
        "contributions-not-list",
        "negative-salary",
        "fractional-salary",
        "bad-month",
        "missing-salary",
        "duplicate-month",
        "no-rule-set",
    ],
)
def test_invalid_input_is_a_clear_error_with_exit_status_2(text, message):
    with pytest.raises(CommandError) as raised:
        call_command("benefit_calc", "-", stdin=StringIO(text), stdout=StringIO())
    assert raised.value.returncode == 2
    assert message in str(raised.value)


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read") as raised:
        call_command("benefit_calc", str(tmp_path / "nope.json"), stdout=StringIO())
    assert raised.value.returncode == 2


def test_from_the_shell_errors_go_to_stderr_without_a_traceback(tmp_path):
    """The real process: exit status 2, one line on stderr, nothing on stdout."""
    manage = Path(__file__).resolve().parents[2] / "manage.py"
    env_var_dir = tmp_path / "var"
    env_var_dir.mkdir()
    completed = subprocess.run(  # noqa: S603 - our own manage.py with a fixed argument list
        [sys.executable, str(manage), "benefit_calc", "-"],
        input='{"termination_date": "2026-02-27"}',
        capture_output=True,
        text=True,
        env={**os.environ, "TROCAP_VAR_DIR": str(env_var_dir)},
        check=False,
        timeout=60,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    assert "missing field(s)" in completed.stderr
    assert "Traceback" not in completed.stderr
