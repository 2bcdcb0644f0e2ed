"""The worked examples of RULES.md, reproduced to the dong, and the boundaries around them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from eligibility.calculator.engine import CHECK_CODES, benefit_duration, calculate
from eligibility.calculator.types import ClaimFacts, Contribution
from tests.eligibility.rulebooks import (
    LAW_2013,
    LAW_2025,
    history,
    months,
    rulebook_for,
    rulebook_for_claim,
)


def facts(
    termination: date,
    filing: date,
    *,
    contract: str = "indefinite",
    reason: str = "business_closure",
    regime: str = "enterprise",
    region: str = "I",
    pension: bool = False,
    used: int = 0,
) -> ClaimFacts:
    return ClaimFacts(
        termination_date=termination,
        filing_date=filing,
        contract_type=contract,  # type: ignore[arg-type]
        termination_reason=reason,
        wage_regime=regime,  # type: ignore[arg-type]
        region=region,  # type: ignore[arg-type]
        receiving_pension=pension,
        months_used_by_earlier_benefit=used,
    )


def run(claim: ClaimFacts, contributions: list[Contribution]):
    return calculate(rulebook_for_claim(claim.filing_date), claim, contributions)


def failed(result) -> list[str]:
    return [check.code for check in result.checks if not check.passed]


GARMENT = history(months("2020-01", "2025-08", 6_500_000), months("2025-09", "2026-02", 7_000_000))
PLAIN_2013 = months("2022-01", "2025-03", 8_000_000)

# (id, facts, contributions, expected) — expected None for a value means "not given".
EXAMPLES = [
    (
        "1-garment-worker-2025",
        facts(date(2026, 2, 27), date(2026, 3, 2), region="II"),
        GARMENT,
        {
            "eligible": True,
            "monthly_benefit": 4_200_000,
            "average_salary": 7_000_000,
            "cap": 23_650_000,
            "duration_months": 6,
            "reserved_months": 2,
            "contribution_months": 74,
            "entitlement_start": date(2026, 3, 17),
            "entitlement_end": date(2026, 9, 16),
            "rule_set": "luat-viec-lam-2025",
        },
    ),
    (
        "2-capped-2025",
        facts(
            date(2026, 4, 30), date(2026, 5, 5), contract="fixed_term", reason="contract_expired"
        ),
        months("2014-01", "2026-04", 60_000_000),
        {
            "eligible": True,
            "monthly_benefit": 26_550_000,
            "cap": 26_550_000,
            "duration_months": 12,
            "reserved_months": 4,
            "contribution_months": 148,
            "entitlement_start": date(2026, 5, 20),
            "entitlement_end": date(2027, 5, 19),
            "rule_set": "luat-viec-lam-2025",
        },
    ),
    (
        "3-cap-from-last-contributed-month-2025",
        facts(date(2026, 1, 5), date(2026, 1, 12), reason="employer_dismissal"),
        months("2023-01", "2025-12", 50_000_000),
        {
            "eligible": True,
            "cap": 24_800_000,
            "monthly_benefit": 24_800_000,
            "duration_months": 3,
            "reserved_months": 0,
            "contribution_months": 36,
            "entitlement_start": date(2026, 1, 27),
            "entitlement_end": date(2026, 4, 26),
            "rule_set": "luat-viec-lam-2025",
        },
    ),
    (
        "4-window-matters",
        facts(date(2026, 2, 27), date(2026, 3, 2), region="II"),
        history(months("2023-01", "2023-12", 6_500_000), months("2025-11", "2026-02", 7_000_000)),
        {
            "eligible": False,
            "failed": ["contribution_months"],
            "contribution_months": 16,
            "duration_months": 0,
            "reserved_months": 16,
            "entitlement_start": None,
            "entitlement_end": None,
        },
    ),
    (
        "5-state-regime-base-salary-cap-2013",
        facts(date(2025, 6, 30), date(2025, 7, 10), regime="state"),
        months("2019-07", "2025-06", 25_000_000),
        {
            "eligible": True,
            "cap": 11_700_000,
            "monthly_benefit": 11_700_000,
            "duration_months": 6,
            "reserved_months": 0,
            "contribution_months": 72,
            "entitlement_start": date(2025, 8, 1),  # the 16th working day (Decree 61/2020)
            "entitlement_end": date(2026, 1, 31),
            "rule_set": "luat-viec-lam-2013-nd61",
        },
    ),
    (
        "6-filed-late-2013",
        facts(date(2025, 3, 31), date(2025, 7, 15)),
        PLAIN_2013,
        {
            "eligible": False,
            "failed": ["filing_deadline"],
            "last_filing_day": date(2025, 6, 30),
            "rule_set": "luat-viec-lam-2013-nd61",
        },
    ),
    (
        "7a-unlawful-resignation-2013",
        facts(date(2025, 3, 31), date(2025, 4, 15), reason="employee_unlawful_resignation"),
        PLAIN_2013,
        {"eligible": False, "failed": ["termination_reason"], "duration_months": 0},
    ),
    (
        "7a-unlawful-resignation-2025",
        facts(date(2026, 2, 27), date(2026, 3, 2), reason="employee_unlawful_resignation"),
        GARMENT,
        {"eligible": False, "failed": ["termination_reason"], "reserved_months": 74},
    ),
    (
        "7b-receiving-pension-2013",
        facts(date(2025, 3, 31), date(2025, 4, 15), pension=True),
        PLAIN_2013,
        {"eligible": False, "failed": ["pension"], "duration_months": 0},
    ),
    (
        "7b-receiving-pension-2025",
        facts(date(2026, 2, 27), date(2026, 3, 2), region="II", pension=True),
        GARMENT,
        {"eligible": False, "failed": ["pension"], "monthly_benefit": 4_200_000},
    ),
    (
        "7c-retirement-reason-2025",
        facts(date(2026, 2, 27), date(2026, 3, 2), reason="retirement_pension"),
        GARMENT,
        {"eligible": False, "failed": ["termination_reason"]},
    ),
]


@pytest.mark.parametrize(
    ("claim", "contributions", "expected"),
    [pytest.param(f, c, e, id=name) for name, f, c, e in EXAMPLES],
)
def test_worked_example(claim, contributions, expected):
    result = run(claim, contributions)
    for key, value in expected.items():
        if key == "failed":
            assert failed(result) == value
        else:
            assert getattr(result, key) == value, key
    assert [check.code for check in result.checks] == list(CHECK_CODES)


def test_example_4_explains_the_window_in_both_languages():
    _, claim, contributions, _ = EXAMPLES[3]
    check = next(c for c in run(claim, contributions).checks if c.code == "contribution_months")
    assert check.message_vi == (
        "Bạn có 16 tháng đóng BHTN, nhưng chỉ 4 tháng trong 24 tháng trước khi nghỉ việc "
        "(03/2024–02/2026); cần ít nhất 12 tháng (Điều 38 Luật Việc làm 2025)."
    )
    assert "only 4 in the 24 months" in check.message_en
    assert "Article 38, Law on Employment 2025" in check.message_en
    assert check.values["months_in_window"] == 4
    assert check.values["window_start"] == date(2024, 3, 1)
    assert check.values["window_end"] == date(2026, 2, 1)


def test_excluded_reason_is_named_in_the_explanation():
    result = run(*EXAMPLES[6][1:3])
    check = result.checks[0]
    assert "trái pháp luật" in check.message_vi
    assert "Điều 49 Luật Việc làm 2013" in check.message_vi
    assert "unlawful resignation" in check.message_en


def test_late_filing_names_the_last_day():
    result = run(*EXAMPLES[5][1:3])
    check = next(c for c in result.checks if c.code == "filing_deadline")
    assert "30/06/2025" in check.message_vi
    assert "30 June 2025" in check.message_en


def test_garment_worker_installments_and_deadlines():
    result = run(*EXAMPLES[0][1:3])
    assert result.installment_dates == (
        date(2026, 3, 17),
        date(2026, 4, 17),
        date(2026, 5, 17),
        date(2026, 6, 17),
        date(2026, 7, 17),
        date(2026, 8, 17),
    )
    assert result.last_filing_day == date(2026, 5, 27)
    # 20 working days after Monday 2 March 2026: no holiday in between.
    assert result.decision_deadline == date(2026, 3, 30)


def test_2013_decision_deadline_counts_working_days_since_decree_61():
    result = run(*EXAMPLES[4][1:3])
    assert result.decision_deadline == date(2025, 8, 7)  # 20 working days after 10 July


def test_still_unemployed_is_informational_and_never_blocks():
    for law_days, example in ((15, EXAMPLES[4]), (10, EXAMPLES[0])):
        check = next(c for c in run(*example[1:3]).checks if c.code == "still_unemployed")
        assert check.code == "still_unemployed"
        assert check.passed
        assert check.values == {
            "informational": True,
            "days": law_days,
            "unit": "calendar" if law_days == 15 else "working",
        }


# --- boundaries ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_month", "eligible", "in_window"),
    [("2024-03", True, 12), ("2024-04", False, 11)],
    ids=["exactly-12-in-window", "11-in-window"],
)
def test_twelve_months_inside_the_window(first_month, eligible, in_window):
    # 12 (or 11) months at the start of the window 2024-03..2026-02, and one long before it.
    contributions = history(
        months("2010-01", "2010-12", 5_000_000),
        months(first_month, "2025-02", 5_000_000),
    )
    result = run(facts(date(2026, 2, 27), date(2026, 3, 2)), contributions)
    assert result.eligible is eligible
    assert result.checks[2].values["months_in_window"] == in_window


def test_the_month_before_the_window_does_not_count():
    contributions = months("2024-02", "2025-01", 5_000_000)  # 12 months, the first one outside
    result = run(facts(date(2026, 2, 27), date(2026, 3, 2)), contributions)
    assert not result.eligible
    assert result.checks[2].values["months_in_window"] == 11


def test_seasonal_contracts_look_back_36_months():
    contributions = months("2023-03", "2024-02", 5_000_000)  # 12 months, 24-36 months back
    indefinite = run(facts(date(2026, 2, 27), date(2026, 3, 2)), contributions)
    seasonal = run(facts(date(2026, 2, 27), date(2026, 3, 2), contract="seasonal"), contributions)
    assert not indefinite.eligible
    assert seasonal.eligible
    assert seasonal.checks[2].values["window_start"] == date(2023, 3, 1)


@pytest.mark.parametrize(
    ("filing", "eligible"),
    [
        (date(2026, 3, 15), True),  # the termination day itself
        (date(2026, 6, 15), True),  # the last day
        (date(2026, 6, 16), False),  # the day after
        (date(2026, 3, 14), False),  # before the contract ended
    ],
)
def test_filing_deadline_is_inclusive(filing, eligible):
    contributions = months("2024-01", "2026-03", 6_000_000)
    result = run(facts(date(2026, 3, 15), filing), contributions)
    assert result.eligible is eligible
    assert result.last_filing_day == date(2026, 6, 15)


@pytest.mark.parametrize(
    ("termination", "last_day"),
    [
        (date(2026, 11, 30), date(2027, 2, 28)),
        (date(2027, 11, 30), date(2028, 2, 29)),
        (date(2025, 3, 31), date(2025, 6, 30)),
        (date(2026, 10, 31), date(2027, 1, 31)),
    ],
)
def test_last_filing_day_clamps_to_month_end(termination, last_day):
    contributions = months("2023-01", "2025-12", 6_000_000)
    assert run(facts(termination, termination), contributions).last_filing_day == last_day


def test_entitlement_end_clamps_to_month_end():
    # 2025 law: the 11th working day after Monday 2026-03-16 is Tuesday 2026-03-31.
    contributions = months("2023-01", "2025-12", 6_000_000)  # 36 months -> 3 benefit months
    result = run(facts(date(2026, 3, 13), date(2026, 3, 16)), contributions)
    assert result.entitlement_start == date(2026, 3, 31)
    assert result.entitlement_end == date(2026, 6, 29)  # 31 Mar + 3 months = 30 Jun, - 1 day
    assert result.installment_dates == (date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31))


def test_working_days_skip_tet_and_weekends():
    # Filed Friday 2026-02-13; Tết 14–22 Feb; working days 23–27 Feb, 2–6 Mar, 9 Mar is the 11th.
    contributions = months("2024-01", "2026-01", 6_000_000)
    result = run(facts(date(2026, 1, 31), date(2026, 2, 13)), contributions)
    assert result.entitlement_start == date(2026, 3, 9)


def test_working_days_skip_hung_kings_compensation_day_and_reunification():
    # Filed Friday 2026-04-24: 26 Apr (Sun) and its compensation 27 Apr, 30 Apr, 1 May are off.
    contributions = months("2024-01", "2026-03", 6_000_000)
    result = run(facts(date(2026, 3, 31), date(2026, 4, 24)), contributions)
    # Working days: 28, 29 Apr; 4, 5, 6, 7, 8, 11, 12, 13, 14 May -> the 11th is 14 May.
    assert result.entitlement_start == date(2026, 5, 14)


@pytest.mark.parametrize(
    ("n", "duration", "reserved"),
    [
        (11, 0, 11),
        (12, 3, 0),
        (35, 3, 0),
        (36, 3, 0),
        (44, 3, 8),
        (47, 3, 11),
        (48, 4, 0),
        (143, 11, 11),
        (144, 12, 0),
        (148, 12, 4),
        (200, 12, 56),
    ],
)
def test_duration_and_reserved_months(n, duration, reserved):
    assert benefit_duration(LAW_2025, n)[0::2] == (duration, reserved)
    assert benefit_duration(LAW_2013, n)[0::2] == (duration, reserved)
    # And through calculate(), n consecutive months ending with the termination month.
    contributions = months("2000-01", "2026-03", 6_000_000)[-n:]
    result = run(facts(date(2026, 3, 20), date(2026, 3, 23)), contributions)
    assert result.contribution_months == n
    assert result.eligible is (n >= 12)
    assert (result.duration_months, result.reserved_months) == (duration, reserved)


def test_months_used_by_an_earlier_benefit_are_the_oldest_and_not_counted_again():
    contributions = months("2022-03", "2026-02", 6_000_000)  # 48 months
    fresh = run(facts(date(2026, 2, 27), date(2026, 3, 2)), contributions)
    assert (fresh.duration_months, fresh.reserved_months) == (4, 0)
    after = run(facts(date(2026, 2, 27), date(2026, 3, 2), used=36), contributions)
    assert after.contribution_months == 12
    assert after.eligible
    assert (after.duration_months, after.reserved_months) == (3, 0)
    assert "đã dùng cho lần hưởng trước" in after.checks[2].message_vi
    # 37 used leaves 11 in the window: not eligible.
    assert not run(facts(date(2026, 2, 27), date(2026, 3, 2), used=37), contributions).eligible


def test_average_uses_the_six_most_recent_paid_months_across_gaps():
    # A maternity-leave gap (not paid) between the older and the newer months.
    contributions = history(
        months("2024-01", "2025-03", 6_000_000),
        months("2025-04", "2025-09", 0, ui_paid=False),
        months("2025-10", "2026-01", 9_000_000),
    )
    result = run(facts(date(2026, 1, 31), date(2026, 2, 2)), contributions)
    # Newest six paid: 4 x 9,000,000 and 2 x 6,000,000 -> 48,000,000 / 10.
    assert result.average_salary == 8_000_000
    assert result.monthly_benefit == 4_800_000


def test_rounding_is_half_up_on_the_exact_sum():
    # Sum 45,000,005 -> x 0.6 / 6 = 4,500,000.5 -> 4,500,001.
    contributions = history(
        months("2024-01", "2025-07", 7_500_000), months("2025-08", "2025-08", 7_500_005)
    )
    contributions = [*contributions, *months("2025-09", "2026-01", 7_500_000)]
    result = run(facts(date(2026, 1, 31), date(2026, 2, 2)), contributions)
    assert result.monthly_benefit == 4_500_001
    assert result.average_salary == 7_500_001  # 45,000,005 / 6 = 7,500,000.83


def test_months_after_termination_and_unpaid_months_are_ignored():
    base = months("2024-01", "2026-01", 6_000_000)
    extra = [
        *months("2026-02", "2026-04", 90_000_000),  # after the termination month
        *months("2023-01", "2023-12", 90_000_000, ui_paid=False),
    ]
    claim = facts(date(2026, 1, 31), date(2026, 2, 2))
    assert run(claim, base) == run(claim, base + extra)


def test_several_rows_for_one_month_count_once_with_the_salaries_added():
    rows = months("2024-01", "2026-01", 3_000_000)
    doubled = rows + months("2025-08", "2026-01", 3_000_000)  # a second employer, 6 months
    result = run(facts(date(2026, 1, 31), date(2026, 2, 2)), doubled)
    assert result.contribution_months == 25
    assert result.average_salary == 6_000_000


def test_2013_enterprise_cap_uses_the_wage_on_the_termination_date():
    contributions = months("2022-01", "2024-06", 99_000_000)
    before = run(facts(date(2024, 6, 30), date(2024, 7, 2)), contributions)
    after = run(facts(date(2024, 7, 1), date(2024, 7, 2)), contributions)
    assert before.cap == 5 * 4_680_000
    assert after.cap == 5 * 4_960_000


def test_2025_cap_ignores_the_wage_regime():
    contributions = months("2023-01", "2026-02", 99_000_000)
    state = run(facts(date(2026, 2, 27), date(2026, 3, 2), regime="state"), contributions)
    assert state.cap == 5 * 5_310_000


def test_ineligible_claim_has_no_dates_but_keeps_amounts_and_deadlines():
    result = run(
        facts(date(2026, 2, 27), date(2026, 3, 2)), months("2025-06", "2026-02", 7_000_000)
    )
    assert not result.eligible
    assert result.monthly_benefit == 4_200_000
    assert result.duration_months == 0
    assert result.reserved_months == 9
    assert result.entitlement_start is None and result.entitlement_end is None
    assert result.installment_dates == ()
    assert result.decision_deadline is not None


def test_no_contributions_at_all():
    result = run(facts(date(2026, 2, 27), date(2026, 3, 2)), [])
    assert not result.eligible
    assert (result.average_salary, result.monthly_benefit, result.contribution_months) == (0, 0, 0)
    assert result.cap == 5 * 5_310_000  # the wage in force in the termination month


def test_a_rule_set_value_change_changes_the_result_without_code():
    claim, contributions = EXAMPLES[0][1:3]
    book = rulebook_for(claim.termination_date)
    seventy = replace(book, rule_set=replace(book.rule_set, replacement_rate=Decimal("0.7")))
    assert calculate(seventy, claim, contributions).monthly_benefit == 4_900_000
