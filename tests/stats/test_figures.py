"""Every figure of the summaries against a hand-built set of claims (gender gap included)."""

from __future__ import annotations

from datetime import date

import pytest

from stats.refresh import summaries_refresh
from stats.selectors import percentile_of_counts, summary_table
from tests.stats.support import TODAY, claim, pay

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def hand_set():
    """Province 24 (Bắc Ninh): 3 women, 2 men; province 01 (Hà Nội): 1 woman, 1 man.

    woman A: approved (paying), filed 2026-09-01, decided 09-11 (10 days, in time), 5.0 M x 3
    woman B: approved (paying), filed 09-02, decided 10-02 (30 days, late), 4.0 M x 5
    woman C: refused (not_enough_months + other), filed 09-03, decided 09-23 (20 days)
    man D:   approved, filed 09-04, decided 09-08 (4 days), 6.0 M x 4
    man E:   in review (pipeline), filed 10-05
    woman F (01): refused (filed_late), filed 10-06, decided 10-16 (10 days)
    man G (01): approved, filed 10-07, decided 10-09 (2 days), 7.0 M x 6
    """
    a = claim(
        status="paying",
        sex="F",
        filed=date(2026, 9, 1),
        decided=date(2026, 9, 11),
        due=date(2026, 9, 29),
        benefit=5_000_000,
        months=3,
        birth=date(2000, 5, 1),
    )
    b = claim(
        status="paying",
        sex="F",
        filed=date(2026, 9, 2),
        decided=date(2026, 10, 2),
        due=date(2026, 9, 30),
        benefit=4_000_000,
        months=5,
        birth=date(1980, 5, 1),
    )
    claim(
        status="rejected",
        sex="F",
        filed=date(2026, 9, 3),
        decided=date(2026, 9, 23),
        due=date(2026, 10, 1),
        refusal_codes=["not_enough_months", "other"],
    )
    d = claim(
        status="paying",
        sex="M",
        filed=date(2026, 9, 4),
        decided=date(2026, 9, 8),
        due=date(2026, 10, 2),
        benefit=6_000_000,
        months=4,
        sector="Điện tử",
    )
    claim(status="in_review", sex="M", filed=date(2026, 10, 5), benefit=3_000_000, months=3)
    claim(
        status="rejected",
        sex="F",
        province="01",
        filed=date(2026, 10, 6),
        decided=date(2026, 10, 16),
        due=date(2026, 11, 3),
        refusal_codes=["filed_late"],
    )
    claim(
        status="paying",
        sex="M",
        province="01",
        filed=date(2026, 10, 7),
        decided=date(2026, 10, 9),
        due=date(2026, 11, 4),
        benefit=7_000_000,
        months=6,
    )
    pay(a, number=1, amount=5_000_000, paid=date(2026, 9, 11), start=date(2026, 9, 12))
    pay(a, number=2, amount=5_000_000, paid=date(2026, 10, 7), start=date(2026, 10, 12))
    pay(b, number=1, amount=4_000_000, paid=date(2026, 10, 2), start=date(2026, 10, 3))
    pay(d, number=1, amount=6_000_000, paid=date(2026, 9, 8), start=date(2026, 9, 9))
    summaries_refresh(today=TODAY)


def test_counts_by_province_and_sex(hand_set):
    table = summary_table(dimension="province")
    rows = {r.value: r for r in table.rows}
    bac_ninh, ha_noi = rows["24"], rows["01"]
    assert (bac_ninh.women.filed, bac_ninh.men.filed, bac_ninh.everyone.filed) == (3, 2, 5)
    assert (bac_ninh.women.decided, bac_ninh.men.decided) == (3, 1)
    assert (bac_ninh.women.approved, bac_ninh.women.refused) == (2, 1)
    assert (bac_ninh.men.approved, bac_ninh.men.refused) == (1, 0)
    assert (ha_noi.women.refused, ha_noi.men.approved) == (1, 1)
    assert table.total.everyone.filed == 7
    assert table.total.everyone.decided == 6
    assert table.total.everyone.approved == 4
    assert table.total.everyone.active == 4
    # Hà Nội comes first (code order), then Bắc Ninh.
    assert [r.value for r in table.rows] == ["01", "24"]


def test_the_gender_gap(hand_set):
    total = summary_table(dimension="province").total
    women, men = total.women, total.men
    # Women: 2 approved of 4 decided; men: 2 of 2.
    assert women.approval_rate == pytest.approx(0.5)
    assert men.approval_rate == pytest.approx(1.0)
    assert total.gap.approval_rate == pytest.approx(-0.5)
    # Average benefit: women (5.0 + 4.0) / 2 = 4.5 M; men (6.0 + 7.0) / 2 = 6.5 M.
    assert women.average_benefit == 4_500_000
    assert men.average_benefit == 6_500_000
    assert total.gap.average_benefit == -2_000_000
    # Duration: women (3 + 5) / 2 = 4; men (4 + 6) / 2 = 5.
    assert total.gap.average_duration == pytest.approx(-1.0)
    # Days to decision: women 10, 30, 20, 10 -> median 15; men 4, 2 -> median 3.
    assert women.median_days == pytest.approx(15)
    assert men.median_days == pytest.approx(3)
    assert total.gap.median_days == pytest.approx(12)


def test_time_to_decision_and_deadline(hand_set):
    everyone = summary_table(dimension="province").total.everyone
    # Days: 10, 30, 20, 4, 10, 2 -> sorted 2, 4, 10, 10, 20, 30.
    assert everyone.median_days == pytest.approx(10)
    # PERCENTILE.INC 0.9: position 4.5 between 20 and 30.
    assert everyone.p90_days == pytest.approx(25)
    # Only B (decided 10-02, due 09-30) was late: 5 of 6 in time.
    assert everyone.in_time_share == pytest.approx(5 / 6)


def test_months_count_filing_and_decision_in_their_own_month(hand_set):
    rows = {r.value: r for r in summary_table(dimension="month").rows}
    assert rows["2026-09"].everyone.filed == 4
    assert rows["2026-10"].everyone.filed == 3
    # Decided in September: A, C, D; in October: B, F, G.
    assert rows["2026-09"].everyone.decided == 3
    assert rows["2026-10"].everyone.decided == 3
    assert rows["2026-09"].everyone.paid_amount == 11_000_000
    assert rows["2026-10"].everyone.paid_amount == 9_000_000
    assert rows["2026-10"].everyone.paid_claims == 2
    # Benefit periods running: September A, D; October A, B.
    assert rows["2026-09"].everyone.active == 2


def test_refusal_reasons_age_bands_and_sectors(hand_set):
    reasons = {r.value: r for r in summary_table(dimension="refusal_reason").rows}
    assert reasons["not_enough_months"].women.refused == 1
    assert reasons["other"].everyone.refused == 1
    assert reasons["filed_late"].women.refused == 1
    assert "Chưa đủ số tháng" in reasons["not_enough_months"].label
    ages = {r.value: r for r in summary_table(dimension="age_band").rows}
    # A born 2000 (26 on filing), B born 1980 (46), the others born 1990 (36).
    assert ages["25_34"].everyone.filed == 1
    assert ages["45_54"].everyone.filed == 1
    assert ages["35_44"].everyone.filed == 5
    sectors = {r.value: r for r in summary_table(dimension="sector").rows}
    assert sectors["Điện tử"].men.approved == 1
    assert sectors["Dệt may"].everyone.filed == 6
    # The store's contract type (indefinite), not the declared one (fixed_term).
    contracts = {r.value: r for r in summary_table(dimension="contract_type").rows}
    assert set(contracts) == {"indefinite"}


def test_a_provincial_table_holds_only_that_province(hand_set):
    table = summary_table(dimension="month", province="01")
    assert table.total.everyone.filed == 2
    assert table.total.men.approved == 1


def test_a_second_refresh_changes_nothing(hand_set):
    before = summary_table(dimension="sector").total
    state = summaries_refresh(today=TODAY)
    after = summary_table(dimension="sector").total
    assert state.profiles_added == 0
    assert (before.everyone.filed, before.everyone.paid_amount) == (
        after.everyone.filed,
        after.everyone.paid_amount,
    )


def test_percentile_of_counts_matches_the_expanded_list():
    counts = {2: 1, 4: 1, 10: 2, 20: 1, 30: 1}
    assert percentile_of_counts(counts, 0.5) == 10
    assert percentile_of_counts(counts, 0.9) == 25
    assert percentile_of_counts({}, 0.5) is None
    assert percentile_of_counts({7: 3}, 0.9) == 7
