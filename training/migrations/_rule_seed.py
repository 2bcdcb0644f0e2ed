"""The first training-support rule (Law 74/2025 Art. 37, in force from 2026-01-01), with its
references (RULES.md "training support"; docs/adr/0022): written by migration 0002 and again by
training's post_migrate hook after a flush (transactional tests) emptied the table. Meal money
is provisional: Decree 374/2025's figure is not entered yet, so Decision 46/2015/QĐ-TTg's
30,000 dong per day of training is seeded and marked "to be confirmed"."""

from datetime import date

from django.utils import timezone

RULE = {
    "identifier": "ho-tro-hoc-nghe-2026",
    "name": "Hỗ trợ học nghề theo Luật Việc làm 2025",
    "valid_from": date(2026, 1, 1),
    "legal_reference": (
        "Luật Việc làm số 74/2025/QH15, Điều 37 (hỗ trợ đào tạo nâng cao trình độ kỹ năng nghề: "
        "người đang hưởng trợ cấp thất nghiệp; người đã đóng bảo hiểm thất nghiệp từ đủ 9 tháng "
        "trong 36 tháng trước khi chấm dứt hợp đồng và đề nghị trong 12 tháng kể từ ngày chấm "
        "dứt; tối đa 6 tháng). Mức học phí: Quyết định 17/2021/QĐ-TTg, Điều 3 (tạm áp dụng đến "
        "khi có mức của Nghị định 374/2025/NĐ-CP)."
    ),
    "max_months": 6,
    "min_contribution_months": 9,
    "window_months": 36,
    "apply_within_months": 12,
    "short_course_months": 3,
    "tuition_cap_short_course": 4_500_000,
    "tuition_per_further_month": 1_500_000,
    "tuition_reference": "Quyết định 17/2021/QĐ-TTg, Điều 3",
    "meal_money_per_day": 30_000,
    "meal_days_per_month": 22,
    "meal_money_provisional": True,
    "meal_money_reference": (
        "Tạm tính theo Quyết định 46/2015/QĐ-TTg, Điều 5 (30.000 đồng/ngày thực học), 22 ngày "
        "học mỗi tháng; chờ mức của Nghị định 374/2025/NĐ-CP"
    ),
}


def seed(apps, schema_editor=None):
    Rule = apps.get_model("training", "TrainingSupportRule")
    History = apps.get_model("training", "HistoricalTrainingSupportRule")
    rule, created = Rule.objects.get_or_create(identifier=RULE["identifier"], defaults=RULE)
    # With the real models (after a flush) simple_history has written the row already.
    if created and not History.objects.filter(id=rule.id).exists():
        History.objects.create(
            id=rule.id,
            **RULE,
            created_at=rule.created_at,
            history_date=timezone.now(),
            history_type="+",
            history_change_reason="Dữ liệu ban đầu (RULES.md)",
        )
