"""The rule values migration 0006 adds (RULES.md as corrected on 2026-12-01), frozen.

Underscore-prefixed, so Django's migration loader does not treat it as a migration. Used by
0006_decree_61_and_holiday_years and by eligibility.services.rules_seed (after a test flush).

- The 2013 law as amended by Decree 61/2020/ND-CP (in force 2020-07-15): the benefit starts on
  the 16th *working* day after filing (Decree 28/2015 Art. 18.1 as amended) and the decision is
  due within 20 working days of a complete dossier. It is a rule set of its own, dated by the
  decision date: decisions before 2020-07-15 keep the 16th calendar day (luat-viec-lam-2013).
- The holiday years: 2025 and 2026 as announced by the government (confirmed; 2026 with the
  31 August swap and 24 November, Vietnamese Culture Day, as RULES.md lists them), 2020–2024
  computed from the `holidays` package (provisional: working days from 2020-07-15 need them),
  2027–2028 likewise, and whatever the current year and the next two are when it runs.
"""

from __future__ import annotations

from datetime import date

from eligibility.migrations._rules_seed import RULE_SETS, seed

_LAW_2013 = next(r for r in RULE_SETS if r["identifier"] == "luat-viec-lam-2013")

LAW_2013_DECREE_61_REFERENCE = (
    "Luật Việc làm số 38/2013/QH13, Điều 49–53; Nghị định 28/2015/NĐ-CP Điều 18 khoản 1 "
    "sửa đổi bởi Nghị định 61/2020/NĐ-CP (hiệu lực 15/07/2020): hưởng từ ngày làm việc thứ 16 "
    "sau ngày nộp đủ hồ sơ; quyết định trong 20 ngày làm việc; Thông tư 28/2015/TT-BLĐTBXH."
)

RULE_SETS_0006 = [
    {
        **_LAW_2013,
        "identifier": "luat-viec-lam-2013-nd61",
        "name": "Luật Việc làm 2013 (Nghị định 61/2020/NĐ-CP)",
        "legal_reference": LAW_2013_DECREE_61_REFERENCE,
        "valid_from": date(2020, 7, 15),
        "entitlement_start_days": 15,
        "entitlement_start_unit": "working",
        "decision_deadline_days": 20,
        "decision_deadline_unit": "working",
    },
]

_BLLD = "Bộ luật Lao động 45/2019/QH14"

#: Days of the 2026 schedule missing from migration 0002 (RULES.md's 2026 calendar).
PUBLIC_HOLIDAYS_0006 = [
    {
        "date": date(2026, 8, 31),
        "name": "Nghỉ hoán đổi dịp Quốc khánh (làm bù thứ Bảy 22/08/2026)",
        "legal_reference": f"{_BLLD}, Điều 112.3; lịch nghỉ năm 2026 của Chính phủ",
    },
    {
        "date": date(2026, 11, 24),
        "name": "Ngày Văn hóa Việt Nam (24/11)",
        "legal_reference": f"{_BLLD}, Điều 112.1 (sửa đổi); lịch nghỉ năm 2026 của Chính phủ",
    },
]

CONFIRMED_YEARS = {
    2025: "Lịch nghỉ năm 2025 do Chính phủ thông báo (migration 0002)",
    2026: "Lịch nghỉ năm 2026 do Chính phủ thông báo (migration 0002, 0006)",
}
#: Past years computed from the package (their swapped days are not in it: provisional).
PROVISIONAL_PAST_YEARS = range(2020, 2025)
#: The two years after this migration was written (2026-12): always seeded, provisional, so a
#: database migrated later still holds them; `calendar_extend` adds the current year and the
#: next two on top of these.
PROVISIONAL_AHEAD_YEARS = (2027, 2028)


def seed_0006(apps, *, today: date | None = None, reason: str = "Migration 0006") -> int:
    """Add the rows above that are missing, the year statuses, and the coming years."""
    from eligibility.holiday_calendar import SOURCE, calendar_extend, computed_year

    past = [
        {"date": row.day, "name": row.name, "legal_reference": row.legal_reference}
        for year in (*PROVISIONAL_PAST_YEARS, *PROVISIONAL_AHEAD_YEARS)
        for row in computed_year(year)
    ]
    years = [
        {"year": year, "status": "confirmed", "source": source}
        for year, source in CONFIRMED_YEARS.items()
    ] + [
        {"year": year, "status": "provisional", "source": SOURCE}
        for year in (*PROVISIONAL_PAST_YEARS, *PROVISIONAL_AHEAD_YEARS)
    ]
    added = seed(
        apps,
        reason=reason,
        tables=[
            ("RuleSet", RULE_SETS_0006, ("identifier",)),
            ("PublicHoliday", PUBLIC_HOLIDAYS_0006 + past, ("date",)),
            ("HolidayYear", years, ("year",)),
        ],
    )
    return added + len(calendar_extend(today=today, apps=apps))
