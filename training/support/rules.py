"""The training-support rule in force on a day, as the pure calculator's TrainingRules."""

from __future__ import annotations

from datetime import date

from eligibility.calculator.training import TrainingRules
from training.support.models import TrainingSupportRule


class NoTrainingRule(LookupError):
    """No training-support rule starts on or before the day asked."""


def training_rules_for(day: date) -> tuple[TrainingRules, TrainingSupportRule]:
    """The rule whose `valid_from` is the latest on or before `day` (ADR 0005's model)."""
    row = TrainingSupportRule.objects.filter(valid_from__lte=day).order_by("-valid_from").first()
    if row is None:
        raise NoTrainingRule(day)
    return (
        TrainingRules(
            identifier=row.identifier,
            max_months=row.max_months,
            min_contribution_months=row.min_contribution_months,
            window_months=row.window_months,
            apply_within_months=row.apply_within_months,
            short_course_months=row.short_course_months,
            tuition_cap_short_course=row.tuition_cap_short_course,
            tuition_per_further_month=row.tuition_per_further_month,
            meal_money_per_day=row.meal_money_per_day,
            meal_days_per_month=row.meal_days_per_month,
            meal_money_provisional=row.meal_money_provisional,
            tuition_reference=row.tuition_reference,
            meal_money_reference=row.meal_money_reference,
        ),
        row,
    )
