"""Issue 15: RULES.md as corrected, through `benefit_calc` and the seeded rules tables.

The seven worked examples to the dong and the day; the law chosen by the decision date
(Law 74/2025 Art. 54.2, 55.4); the 2013 law's 16th working day (Decree 61/2020); the holiday
calendar of the coming years (Tết 2027, the compensatory Monday); bad input never a traceback.
"""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eligibility.holiday_calendar import compensatory_days, computed_year

pytestmark = pytest.mark.django_db


def rows(first: str, last: str, salary: int) -> list[dict]:
    year, month = map(int, first.split("-"))
    last_year, last_month = map(int, last.split("-"))
    out = []
    while (year, month) <= (last_year, last_month):
        out.append({"month": f"{year:04d}-{month:02d}", "insured_salary": salary})
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def claim(**fields) -> dict:
    base = {
        "contract_type": "indefinite",
        "termination_reason": "business_closure",
        "wage_regime": "enterprise",
        "region": "I",
    }
    return base | fields


def calc(data: dict) -> dict:
    out = StringIO()
    call_command("benefit_calc", "-", stdin=StringIO(json.dumps(data)), stdout=out)
    return json.loads(out.getvalue())


def refused(text: str) -> str:
    with pytest.raises(CommandError) as caught:
        call_command("benefit_calc", "-", stdin=StringIO(text), stdout=StringIO())
    assert caught.value.returncode == 2
    message = str(caught.value)
    assert "\n" not in message and message
    return message


EXAMPLES = [
    (  # 1. 2025 law, the garment worker
        claim(
            termination_date="2026-02-27",
            filing_date="2026-03-02",
            region="II",
            contributions=rows("2020-01", "2025-08", 6_500_000)
            + rows("2025-09", "2026-02", 7_000_000),
        ),
        dict(
            eligible=True,
            monthly_benefit=4_200_000,
            cap=23_650_000,
            duration_months=6,
            reserved_months=2,
            entitlement_start="2026-03-17",
            entitlement_end="2026-09-16",
            rule_set="luat-viec-lam-2025",
        ),
    ),
    (  # 2. 2025 law, capped
        claim(
            termination_date="2026-04-30",
            filing_date="2026-05-05",
            contract_type="fixed_term",
            termination_reason="contract_expired",
            contributions=rows("2014-01", "2026-04", 60_000_000),
        ),
        dict(
            eligible=True,
            monthly_benefit=26_550_000,
            cap=26_550_000,
            duration_months=12,
            reserved_months=4,
            entitlement_start="2026-05-20",
            entitlement_end="2027-05-19",
            rule_set="luat-viec-lam-2025",
        ),
    ),
    (  # 3. 2025 law, cap from the last contributed month
        claim(
            termination_date="2026-01-05",
            filing_date="2026-01-12",
            contributions=rows("2023-01", "2025-12", 50_000_000),
        ),
        dict(
            eligible=True,
            monthly_benefit=24_800_000,
            cap=24_800_000,
            duration_months=3,
            reserved_months=0,
            entitlement_start="2026-01-27",
            entitlement_end="2026-04-26",
            rule_set="luat-viec-lam-2025",
        ),
    ),
    (  # 4. window matters
        claim(
            termination_date="2026-02-27",
            filing_date="2026-03-02",
            contributions=rows("2023-01", "2023-12", 8_000_000)
            + rows("2025-11", "2026-02", 8_000_000),
        ),
        dict(eligible=False, entitlement_start=None, entitlement_end=None),
    ),
    (  # 5. 2013 law, State wage regime, capped by the base salary: the 16th working day
        claim(
            termination_date="2025-06-30",
            filing_date="2025-07-10",
            decision_date="2025-07-31",
            wage_regime="state",
            termination_reason="contract_expired",
            contributions=rows("2019-07", "2025-06", 25_000_000),
        ),
        dict(
            eligible=True,
            monthly_benefit=11_700_000,
            cap=11_700_000,
            duration_months=6,
            reserved_months=0,
            entitlement_start="2025-08-01",
            entitlement_end="2026-01-31",
            rule_set="luat-viec-lam-2013-nd61",
            law_reason="decision_date",
        ),
    ),
    (  # 6. 2013 law, filed late
        claim(
            termination_date="2025-03-31",
            filing_date="2025-07-15",
            contributions=rows("2022-01", "2025-03", 9_000_000),
        ),
        dict(eligible=False, last_filing_day="2025-06-30"),
    ),
    (  # 7. excluded reason
        claim(
            termination_date="2026-02-27",
            filing_date="2026-03-02",
            termination_reason="employee_unlawful_resignation",
            contributions=rows("2020-01", "2026-02", 8_000_000),
        ),
        dict(eligible=False),
    ),
]


@pytest.mark.parametrize(("data", "expected"), EXAMPLES, ids=[f"example-{i}" for i in range(1, 8)])
def test_the_worked_examples_reproduce_through_benefit_calc(data, expected):
    result = calc(data)
    assert {key: result[key] for key in expected} == expected
    failed = {c["code"] for c in result["checks"] if not c["passed"]}
    if data["termination_reason"] == "employee_unlawful_resignation":
        assert failed == {"termination_reason"}
        assert "unlawful resignation" in next(
            c["message_en"] for c in result["checks"] if c["code"] == "termination_reason"
        )
    elif data["filing_date"] == "2025-07-15":
        assert failed == {"filing_deadline"}
    elif not expected["eligible"]:
        assert failed == {"contribution_months"}


def test_example_5_without_a_decision_date_is_decided_on_its_deadline():
    data = dict(EXAMPLES[4][0])
    del data["decision_date"]
    result = calc(data)
    assert result["decision_deadline"] == "2025-08-07"  # 20 working days after 2025-07-10
    assert (result["decision_date"], result["decision_date_assumed"]) == ("2025-08-07", True)
    assert (result["rule_set"], result["entitlement_start"]) == (
        "luat-viec-lam-2013-nd61",
        "2025-08-01",
    )


def test_before_decree_61_the_2013_law_counts_calendar_days():
    result = calc(
        claim(
            termination_date="2020-05-29",
            filing_date="2020-06-01",
            decision_date="2020-06-19",
            contributions=rows("2018-01", "2020-05", 5_000_000),
        )
    )
    assert (result["rule_set"], result["entitlement_start"]) == ("luat-viec-lam-2013", "2020-06-17")


def _law(result: dict) -> dict:
    return next(c for c in result["checks"] if c["code"] == "applicable_law")


HISTORY = rows("2023-01", "2025-11", 10_000_000)

BOUNDARIES = [
    # (filing, decision date, rule set, law_reason, entitlement start)
    ("2025-12-31", "2026-01-05", "luat-viec-lam-2025", "article_55_4", "2026-01-16"),
    ("2025-12-15", "2025-12-30", "luat-viec-lam-2013-nd61", "decision_date", "2026-01-07"),
    ("2025-12-15", None, "luat-viec-lam-2025", "article_55_4", "2025-12-30"),
    ("2025-11-20", None, "luat-viec-lam-2013-nd61", "decision_deadline", "2025-12-12"),
]


@pytest.mark.parametrize(("filed", "decided", "rule_set", "reason", "start"), BOUNDARIES)
def test_the_law_is_chosen_by_the_decision_date(filed, decided, rule_set, reason, start):
    data = claim(termination_date="2025-11-14", filing_date=filed, contributions=HISTORY)
    if decided:
        data["decision_date"] = decided
    result = calc(data)
    assert (result["rule_set"], result["law_reason"], result["entitlement_start"]) == (
        rule_set,
        reason,
        start,
    )
    law = _law(result)
    assert law["passed"]
    if reason == "article_55_4":
        assert "Article 55.4" in law["message_en"] and "Điều 55 khoản 4" in law["message_vi"]


def test_a_decision_before_the_filing_is_refused():
    data = claim(
        termination_date="2025-11-14",
        filing_date="2025-12-31",
        decision_date="2025-12-30",
        contributions=HISTORY,
    )
    assert "before the filing date" in refused(json.dumps(data))


def test_the_reproduced_case_does_not_start_on_new_years_day_2027():
    result = calc(
        claim(
            termination_date="2026-11-30",
            filing_date="2026-12-17",
            contributions=rows("2024-01", "2026-11", 10_000_000),
        )
    )
    # 18, 21-25, 28-31 December are 10 working days; 1 January is Tết Dương lịch.
    assert result["entitlement_start"] == "2027-01-04"
    assert set(result["provisional_dates"]) == {
        "decision_deadline",
        "entitlement_start",
        "entitlement_end",
    }


def test_a_waiting_period_across_tet_2027():
    result = calc(
        claim(
            termination_date="2027-01-15",
            filing_date="2027-01-29",
            contributions=rows("2024-01", "2026-12", 10_000_000),
        )
    )
    # 1-4 Feb (4); Tết 5-9 Feb, Saturday 6 and Sunday 7 compensated on 10 and 11 Feb (Art.
    # 111.3); 12 Feb (5); 15-19 Feb (10); the 11th working day is Monday 22 Feb.
    assert result["entitlement_start"] == "2027-02-22"
    assert "entitlement_start" in result["provisional_dates"]


def test_a_holiday_on_a_saturday_gives_the_monday_off():
    statutory = {day.day: day for day in [date(2027, 5, 1)]}
    assert compensatory_days({statutory[1]: "Ngày Quốc tế Lao động"}) == {
        date(2027, 5, 3): "Nghỉ bù Ngày Quốc tế Lao động (01/05/2027 trùng ngày nghỉ hằng tuần)"
    }
    days = {row.day for row in computed_year(2027)}
    assert {date(2027, 1, 1), date(2027, 4, 16), date(2027, 4, 30), date(2027, 5, 3)} <= days
    result = calc(
        claim(
            termination_date="2027-04-09",
            filing_date="2027-04-23",
            contributions=rows("2024-01", "2027-03", 10_000_000),
        )
    )
    # 26-29 April (4); 30 April; 3 May off for Saturday 1 May; 4-7 May (8); 10, 11, 12 May.
    assert result["entitlement_start"] == "2027-05-12"


def test_a_year_missing_from_the_calendar_is_a_clear_error():
    message = refused(
        json.dumps(
            claim(
                termination_date="2099-11-30",
                filing_date="2099-12-20",
                contributions=rows("2097-01", "2099-11", 10_000_000),
            )
        )
    )
    assert "2099" in message


NESTED = "[" * 100_000 + "]" * 100_000


def bad(*, termination="2026-02-27", filing="2026-03-02", rows=()) -> str:
    return json.dumps(
        claim(termination_date=termination, filing_date=filing, contributions=list(rows))
    )


def month(text: str, salary: int = 5_000_000) -> dict:
    return {"month": text, "insured_salary": salary}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (NESTED, "nested too deeply"),
        (bad(rows=[month("2026-01", 10**29)]), "not a real value"),
        (bad(termination="9999-12-31"), "outside 2009-01-01..2100-12-31"),
        (bad(filing="9999-12-20"), "outside 2009-01-01..2100-12-31"),
        (bad(rows=[month("2008-12")]), "before 2009-01"),
        (bad(rows=[month("2101-01")]), "after 2100-12"),
        (bad(rows=[month("2026-01", 1)] * 1_201), "more than 1,200"),
        ('{"a": ' + "1" * 5_000 + "}", "invalid JSON"),
    ],
    ids=[
        "nested",
        "salary-1e29",
        "termination-9999",
        "filing-9999",
        "2008",
        "2101",
        "1201",
        "digits",
    ],
)
def test_bad_input_is_one_line_and_exit_2(text, expected):
    assert expected in refused(text)


_DATES = st.one_of(
    st.dates(min_value=date(2008, 1, 1), max_value=date(2101, 12, 31)).map(date.isoformat),
    st.sampled_from(["9999-12-31", "2026-02-30", "", "x", "2026-1-1"]),
    st.integers(),
    st.none(),
)
_MONTHS = st.one_of(
    st.dates(min_value=date(2007, 1, 1), max_value=date(2102, 1, 1)).map(lambda d: f"{d:%Y-%m}"),
    st.sampled_from(["2026-13", "2026-00", "abcd-ef", "2026-1"]),
    st.integers(),
)
_SALARIES = st.one_of(
    st.integers(min_value=-10, max_value=10**31), st.floats(allow_nan=True), st.text(max_size=3)
)
_ROWS = st.lists(
    st.fixed_dictionaries(
        {"month": _MONTHS, "insured_salary": _SALARIES},
        optional={"ui_paid": st.one_of(st.booleans(), st.integers())},
    ),
    max_size=40,
)
_CLAIMS = st.fixed_dictionaries(
    {
        "termination_date": _DATES,
        "filing_date": _DATES,
        "contract_type": st.sampled_from(["indefinite", "fixed_term", "seasonal", "other"]),
        "termination_reason": st.sampled_from(
            ["contract_expired", "business_closure", "employee_unlawful_resignation", "x"]
        ),
        "wage_regime": st.sampled_from(["enterprise", "state", "x"]),
        "region": st.sampled_from(["I", "II", "III", "IV", "V"]),
        "contributions": st.one_of(_ROWS, st.integers(), st.text(max_size=3)),
    },
    optional={
        "decision_date": _DATES,
        "receiving_pension": st.one_of(st.booleans(), st.integers()),
        "months_used_by_earlier_benefit": st.one_of(st.integers(), st.floats()),
        "extra": st.integers(),
    },
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=_CLAIMS)
def test_any_claim_gives_a_result_or_one_line_and_exit_2(data):
    out = StringIO()
    try:
        call_command("benefit_calc", "-", stdin=StringIO(json.dumps(data)), stdout=out)
    except CommandError as error:
        assert error.returncode == 2
        assert str(error) and "\n" not in str(error)
        assert out.getvalue() == ""
    else:
        result = json.loads(out.getvalue())
        assert isinstance(result["eligible"], bool)
        assert result["rule_set"]
