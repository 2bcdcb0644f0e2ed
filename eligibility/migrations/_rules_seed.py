"""The rule values the portal starts with (RULES.md), frozen for migration 0002.

Underscore-prefixed, so Django's migration loader does not treat it as a migration. Used by
0002_seed_rules and by eligibility.services.rules_seed (to re-seed after a test flush). Never
edit a value here to change the rules: administrators change them in the admin (dated rows).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

LAW_2013_REFERENCE = (
    "Luật Việc làm số 38/2013/QH13, Điều 49–53 (chương bảo hiểm thất nghiệp áp dụng từ "
    "01/01/2015); Nghị định 28/2015/NĐ-CP (Điều 17, 18), sửa đổi bởi Nghị định 61/2020/NĐ-CP; "
    "Thông tư 28/2015/TT-BLĐTBXH."
)
LAW_2025_REFERENCE = (
    "Luật Việc làm số 74/2025/QH15, Điều 38–41 (hiệu lực từ 01/01/2026); Nghị định "
    "374/2025/NĐ-CP (thay thế Nghị định 28/2015/NĐ-CP và 61/2020/NĐ-CP). Thời hạn ra quyết "
    "định 20 ngày làm việc: quy ước của TroCap, cần đối chiếu với Nghị định 374/2025/NĐ-CP "
    "(docs/adr/0005)."
)

_COMMON = {
    "status": "published",
    "min_contribution_months": 12,
    "window_months_indefinite": 24,
    "window_months_fixed_term": 24,
    "window_months_seasonal": 36,
    "excluded_reasons": ["employee_unlawful_resignation", "retirement_pension"],
    "filing_deadline_months": 3,
    "replacement_rate": Decimal("0.600"),
    "averaged_months": 6,
    "cap_multiplier": 5,
    "duration_base_months": 3,
    "duration_base_threshold": 36,
    "duration_step_months": 12,
    "duration_max_months": 12,
}

RULE_SETS = [
    {
        **_COMMON,
        "identifier": "luat-viec-lam-2013",
        "name": "Luật Việc làm 2013",
        "law": "2013",
        "legal_reference": LAW_2013_REFERENCE,
        "valid_from": date(2015, 1, 1),
        "cap_base_enterprise": "regional_minimum_wage",
        "cap_base_state": "base_salary",
        "cap_wage_date": "termination_date",
        "entitlement_start_days": 15,
        "entitlement_start_unit": "calendar",
        "decision_deadline_days": 20,
        "decision_deadline_unit": "calendar",
    },
    {
        **_COMMON,
        "identifier": "luat-viec-lam-2025",
        "name": "Luật Việc làm 2025",
        "law": "2025",
        "legal_reference": LAW_2025_REFERENCE,
        "valid_from": date(2026, 1, 1),
        "cap_base_enterprise": "regional_minimum_wage",
        "cap_base_state": "regional_minimum_wage",
        "cap_wage_date": "last_contribution_month",
        "entitlement_start_days": 10,
        "entitlement_start_unit": "working",
        "decision_deadline_days": 20,
        "decision_deadline_unit": "working",
    },
]

# (valid_from, decree, I, II, III, IV). The 2015–2019 rows cover terminations judged under
# the 2013 law before 2020.
_WAGE_TABLE = [
    (date(2015, 1, 1), "Nghị định 103/2014/NĐ-CP", 3_100_000, 2_750_000, 2_400_000, 2_150_000),
    (date(2016, 1, 1), "Nghị định 122/2015/NĐ-CP", 3_500_000, 3_100_000, 2_700_000, 2_400_000),
    (date(2017, 1, 1), "Nghị định 153/2016/NĐ-CP", 3_750_000, 3_320_000, 2_900_000, 2_580_000),
    (date(2018, 1, 1), "Nghị định 141/2017/NĐ-CP", 3_980_000, 3_530_000, 3_090_000, 2_760_000),
    (date(2019, 1, 1), "Nghị định 157/2018/NĐ-CP", 4_180_000, 3_710_000, 3_250_000, 2_920_000),
    (date(2020, 1, 1), "Nghị định 90/2019/NĐ-CP", 4_420_000, 3_920_000, 3_430_000, 3_070_000),
    (date(2022, 7, 1), "Nghị định 38/2022/NĐ-CP", 4_680_000, 4_160_000, 3_640_000, 3_250_000),
    (date(2024, 7, 1), "Nghị định 74/2024/NĐ-CP", 4_960_000, 4_410_000, 3_860_000, 3_450_000),
    (date(2026, 1, 1), "Nghị định 293/2025/NĐ-CP", 5_310_000, 4_730_000, 4_140_000, 3_700_000),
]
REGIONAL_MINIMUM_WAGES = [
    {
        "valid_from": valid_from,
        "region": region,
        "amount": amount,
        "legal_reference": f"{decree}, Điều 3",
    }
    for valid_from, decree, *amounts in _WAGE_TABLE
    for region, amount in zip(("I", "II", "III", "IV"), amounts, strict=True)
]

BASE_SALARIES = [
    {
        "valid_from": date(2013, 7, 1),
        "amount": 1_150_000,
        "legal_reference": "Nghị định 66/2013/NĐ-CP",
    },
    {
        "valid_from": date(2016, 5, 1),
        "amount": 1_210_000,
        "legal_reference": "Nghị định 47/2016/NĐ-CP",
    },
    {
        "valid_from": date(2017, 7, 1),
        "amount": 1_300_000,
        "legal_reference": "Nghị định 47/2017/NĐ-CP",
    },
    {
        "valid_from": date(2018, 7, 1),
        "amount": 1_390_000,
        "legal_reference": "Nghị định 72/2018/NĐ-CP",
    },
    {
        "valid_from": date(2019, 7, 1),
        "amount": 1_490_000,
        "legal_reference": "Nghị định 38/2019/NĐ-CP",
    },
    {
        "valid_from": date(2023, 7, 1),
        "amount": 1_800_000,
        "legal_reference": "Nghị định 24/2023/NĐ-CP",
    },
    {
        "valid_from": date(2024, 7, 1),
        "amount": 2_340_000,
        "legal_reference": "Nghị định 73/2024/NĐ-CP",
    },
]

_BLLD = "Bộ luật Lao động 45/2019/QH14"
_TET_SCHEDULE = "lịch nghỉ Tết do Thủ tướng Chính phủ quyết định (Điều 112.3)"


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


PUBLIC_HOLIDAYS = [
    {
        "date": date(2025, 1, 1),
        "name": "Tết Dương lịch",
        "legal_reference": f"{_BLLD}, Điều 112.1.a",
    },
    *(
        {
            "date": day,
            "name": "Nghỉ Tết Nguyên đán Ất Tỵ",
            "legal_reference": f"{_BLLD}, Điều 112.1.b; {_TET_SCHEDULE}",
        }
        for day in _days(date(2025, 1, 25), date(2025, 2, 2))
    ),
    {
        "date": date(2025, 4, 7),
        "name": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        "legal_reference": f"{_BLLD}, Điều 112.1.e",
    },
    {
        "date": date(2025, 4, 30),
        "name": "Ngày Chiến thắng (30/4)",
        "legal_reference": f"{_BLLD}, Điều 112.1.c",
    },
    {
        "date": date(2025, 5, 1),
        "name": "Ngày Quốc tế lao động (1/5)",
        "legal_reference": f"{_BLLD}, Điều 112.1.d",
    },
    {
        "date": date(2025, 9, 1),
        "name": "Quốc khánh (ngày liền kề)",
        "legal_reference": f"{_BLLD}, Điều 112.1.đ",
    },
    {
        "date": date(2025, 9, 2),
        "name": "Quốc khánh (2/9)",
        "legal_reference": f"{_BLLD}, Điều 112.1.đ",
    },
    {
        "date": date(2026, 1, 1),
        "name": "Tết Dương lịch",
        "legal_reference": f"{_BLLD}, Điều 112.1.a",
    },
    *(
        {
            "date": day,
            "name": "Nghỉ Tết Nguyên đán Bính Ngọ",
            "legal_reference": f"{_BLLD}, Điều 112.1.b; {_TET_SCHEDULE}",
        }
        for day in _days(date(2026, 2, 14), date(2026, 2, 22))
    ),
    {
        "date": date(2026, 4, 26),
        "name": "Giỗ Tổ Hùng Vương (10/3 âm lịch)",
        "legal_reference": f"{_BLLD}, Điều 112.1.e",
    },
    {
        "date": date(2026, 4, 27),
        "name": "Nghỉ bù Giỗ Tổ Hùng Vương (trùng Chủ nhật)",
        "legal_reference": f"{_BLLD}, Điều 111.3",
    },
    {
        "date": date(2026, 4, 30),
        "name": "Ngày Chiến thắng (30/4)",
        "legal_reference": f"{_BLLD}, Điều 112.1.c",
    },
    {
        "date": date(2026, 5, 1),
        "name": "Ngày Quốc tế lao động (1/5)",
        "legal_reference": f"{_BLLD}, Điều 112.1.d",
    },
    {
        "date": date(2026, 9, 1),
        "name": "Quốc khánh (ngày liền kề, theo lịch nghỉ hằng năm)",
        "legal_reference": f"{_BLLD}, Điều 112.1.đ",
    },
    {
        "date": date(2026, 9, 2),
        "name": "Quốc khánh (2/9)",
        "legal_reference": f"{_BLLD}, Điều 112.1.đ",
    },
]


def seed(apps, *, reason: str = "Dữ liệu ban đầu (migration 0002_seed_rules)", tables=None) -> int:
    """Insert the rows above that are missing (by natural key); returns how many were added.

    Works with the migration's historical models and with the live app registry, and writes
    one history row ("+" created) per added row so the admin's history starts with the seed.
    """
    from django.utils import timezone

    now = timezone.now()
    tables = tables or [
        ("RuleSet", RULE_SETS, ("identifier",)),
        ("RegionalMinimumWage", REGIONAL_MINIMUM_WAGES, ("valid_from", "region")),
        ("BaseSalary", BASE_SALARIES, ("valid_from",)),
        ("PublicHoliday", PUBLIC_HOLIDAYS, ("date",)),
    ]
    added = 0
    for model_name, rows, key in tables:
        model = apps.get_model("eligibility", model_name)
        historical = apps.get_model("eligibility", f"Historical{model_name}")
        existing = {tuple(values) for values in model.objects.values_list(*key)}
        missing = [row for row in rows if tuple(row[k] for k in key) not in existing]
        objs = [
            model(**(row | ({"published_at": now} if model_name == "RuleSet" else {})))
            for row in missing
        ]
        # bulk_create sends no signals, so simple_history writes nothing; the rows below do.
        objs = model.objects.bulk_create(objs)
        historical.objects.bulk_create(
            historical(
                **{f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields},
                history_date=now,
                history_type="+",
                history_change_reason=reason,
            )
            for obj in objs
        )
        added += len(objs)
    return added
