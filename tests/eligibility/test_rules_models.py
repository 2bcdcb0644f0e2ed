"""Contradictory rules are refused with a clear message on the field at fault."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from eligibility.exceptions import RuleSetStateError
from eligibility.models import BaseSalary, RuleSet
from eligibility.services import rule_set_draft_from, rule_set_publish
from tests.eligibility.rules_factories import (
    PublicHolidayFactory,
    RegionalMinimumWageFactory,
    RuleSetFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def test_a_valid_draft_passes():
    RuleSetFactory().full_clean()


@pytest.mark.parametrize("rate", ["0", "-0.1", "1.001", "1.5"])
def test_a_replacement_rate_outside_0_1_is_refused(rate):
    errors = errors_of(RuleSetFactory.build(replacement_rate=Decimal(rate)))
    assert errors["replacement_rate"] == ["Tỷ lệ hưởng phải lớn hơn 0 và không quá 1 (ví dụ 0,60)."]


def test_a_replacement_rate_of_exactly_1_is_allowed():
    RuleSetFactory.build(replacement_rate=Decimal("1")).full_clean()


@pytest.mark.parametrize("field", ["cap_base_enterprise", "cap_base_state"])
def test_a_cap_multiplier_without_its_base_is_refused(field):
    errors = errors_of(RuleSetFactory.build(**{field: ""}))
    assert errors[field] == [
        "Đã có hệ số mức trần thì phải chọn mức lương làm căn cứ mức trần cho chế độ tiền "
        "lương này."
    ]


@pytest.mark.parametrize(
    "field",
    [
        "min_contribution_months",
        "window_months_indefinite",
        "averaged_months",
        "duration_base_months",
        "duration_max_months",
        "filing_deadline_months",
    ],
)
def test_zero_months_are_refused(field):
    errors = errors_of(RuleSetFactory.build(**{field: 0}))
    assert "Số tháng phải lớn hơn 0." in errors[field]


def test_zero_days_are_refused():
    errors = errors_of(RuleSetFactory.build(entitlement_start_days=0))
    assert errors["entitlement_start_days"] == ["Số ngày phải lớn hơn 0."]


def test_a_window_shorter_than_the_minimum_months_is_refused():
    errors = errors_of(RuleSetFactory.build(window_months_seasonal=10))
    assert errors["window_months_seasonal"] == [
        "Khoảng thời gian xét (10 tháng) không được ngắn hơn số tháng đóng tối thiểu (12 tháng)."
    ]


def test_a_maximum_duration_below_the_base_duration_is_refused():
    errors = errors_of(RuleSetFactory.build(duration_base_months=3, duration_max_months=2))
    assert "duration_max_months" in errors


def test_an_unknown_termination_reason_code_is_refused():
    errors = errors_of(RuleSetFactory.build(excluded_reasons=["retirement_pension", "bo_viec"]))
    assert errors["excluded_reasons"] == ["Mã lý do chấm dứt không tồn tại: bo_viec."]


def test_a_duplicate_regional_minimum_wage_is_refused():
    RegionalMinimumWageFactory(valid_from=date(2027, 1, 1), region="I")
    errors = errors_of(RegionalMinimumWageFactory.build(valid_from=date(2027, 1, 1), region="I"))
    assert errors["__all__"] == ["Đã có mức lương tối thiểu của vùng này áp dụng từ ngày này."]
    RegionalMinimumWageFactory.build(valid_from=date(2027, 1, 1), region="II").full_clean()


def test_a_holiday_on_the_same_date_twice_is_refused():
    PublicHolidayFactory(date=date(2027, 3, 9))
    errors = errors_of(PublicHolidayFactory.build(date=date(2027, 3, 9), name="Trùng"))
    assert errors["date"] == ["Ngày này đã có trong lịch nghỉ lễ, Tết."]


def test_a_duplicate_base_salary_date_is_refused():
    errors = errors_of(
        BaseSalary(valid_from=date(2024, 7, 1), amount=2_500_000, legal_reference="x")
    )
    assert errors["valid_from"] == ["Đã có mức lương cơ sở áp dụng từ ngày này."]


def test_publishing_a_draft_records_who_and_when():
    admin = StaffUserFactory()
    draft = RuleSetFactory(valid_from=date(2027, 1, 1))
    published = rule_set_publish(rule_set=draft, actor=admin)
    assert published.status == RuleSet.Status.PUBLISHED
    assert published.published_by == admin and published.published_at is not None
    last = published.history.latest()
    assert last.history_user == admin
    assert last.history_change_reason == "Công bố bộ quy định"
    assert last.prev_record.status == "draft" and last.status == "published"


def test_publishing_on_the_start_date_of_a_published_rule_set_is_refused():
    draft = RuleSetFactory(valid_from=date(2026, 1, 1))
    with pytest.raises(ValidationError) as caught:
        rule_set_publish(rule_set=draft, actor=StaffUserFactory())
    assert (
        "Đã có một bộ quy định đã công bố bắt đầu áp dụng từ ngày này; hai bộ quy định không "
        "thể cùng áp dụng cho một ngày." in caught.value.messages
    )
    draft.refresh_from_db()
    assert draft.status == RuleSet.Status.DRAFT


def test_publishing_a_contradictory_draft_is_refused_and_changes_nothing():
    draft = RuleSetFactory(valid_from=date(2027, 1, 1))
    RuleSet.objects.filter(pk=draft.pk).update(window_months_indefinite=6)
    with pytest.raises(ValidationError):
        rule_set_publish(rule_set=draft, actor=StaffUserFactory())
    assert RuleSet.objects.get(pk=draft.pk).status == RuleSet.Status.DRAFT


def test_publishing_twice_is_refused():
    published = RuleSet.objects.get(identifier="luat-viec-lam-2025")
    with pytest.raises(RuleSetStateError):
        rule_set_publish(rule_set=published, actor=StaffUserFactory())


def test_a_draft_from_a_published_rule_set_copies_every_parameter():
    source = RuleSet.objects.get(identifier="luat-viec-lam-2025")
    admin = StaffUserFactory()
    draft = rule_set_draft_from(source=source, actor=admin, valid_from=date(2027, 7, 1))
    assert draft.status == RuleSet.Status.DRAFT
    assert draft.identifier == "luat-viec-lam-2025-ban-nhap"
    assert draft.valid_from == date(2027, 7, 1)
    assert draft.window_months() == source.window_months()
    assert draft.excluded_reasons == source.excluded_reasons
    assert draft.history.latest().history_user == admin
    second = rule_set_draft_from(source=source, actor=admin)
    assert second.identifier == "luat-viec-lam-2025-ban-nhap-2"
