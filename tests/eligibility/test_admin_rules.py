"""The rules in the admin: only administrators, contradictions refused, history, publishing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from eligibility.models import PublicHoliday, RegionalMinimumWage, RuleSet
from identity.models import User
from tests.eligibility.rules_factories import RuleSetFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

VALID_RULE_SET = {
    "identifier": "thu-nghiem-2027",
    "name": "Thử nghiệm 2027",
    "law": "2025",
    "legal_reference": "Luật Việc làm 74/2025/QH15",
    "valid_from": "2027-01-01",
    "min_contribution_months": "12",
    "window_months_indefinite": "24",
    "window_months_fixed_term": "24",
    "window_months_seasonal": "36",
    "excluded_reasons": ["employee_unlawful_resignation", "retirement_pension"],
    "filing_deadline_months": "3",
    "replacement_rate": "0.65",
    "averaged_months": "6",
    "cap_multiplier": "5",
    "cap_base_enterprise": "regional_minimum_wage",
    "cap_base_state": "regional_minimum_wage",
    "cap_wage_date": "last_contribution_month",
    "duration_base_months": "3",
    "duration_base_threshold": "36",
    "duration_step_months": "12",
    "duration_max_months": "12",
    "entitlement_start_days": "10",
    "entitlement_start_unit": "working",
    "decision_deadline_days": "20",
    "decision_deadline_unit": "working",
}


@pytest.fixture
def admin_user():
    return StaffUserFactory()


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.mark.parametrize(
    "name",
    [
        "admin:eligibility_ruleset_changelist",
        "admin:eligibility_regionalminimumwage_changelist",
        "admin:eligibility_basesalary_changelist",
        "admin:eligibility_publicholiday_changelist",
        "admin:eligibility_ruleset_add",
    ],
)
def test_an_administrator_reaches_the_rules_pages(admin_client, name):
    response = admin_client.get(reverse(name))
    assert response.status_code == 200


@pytest.mark.parametrize("role", [User.Role.OFFICER, User.Role.SIGNER])
def test_center_staff_do_not_reach_the_admin(client, role):
    client.force_login(StaffUserFactory(role=role, is_superuser=False))
    for name in ("admin:index", "admin:eligibility_ruleset_changelist"):
        assert client.get(reverse(name), follow=True).status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_mfa_sign_in(client):
    response = client.get(reverse("admin:eligibility_ruleset_changelist"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_an_admin_without_totp_is_sent_to_set_it_up(client):
    user = User.objects.create_user("khongmfa", role=User.Role.ADMIN, is_staff=True)
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_a_valid_rule_set_is_added_as_a_draft_with_its_history(admin_client, admin_user):
    response = admin_client.post(reverse("admin:eligibility_ruleset_add"), VALID_RULE_SET)
    assert response.status_code == 302, response.context["adminform"].form.errors
    rule_set = RuleSet.objects.get(identifier="thu-nghiem-2027")
    assert rule_set.status == RuleSet.Status.DRAFT
    assert rule_set.excluded_reasons == ["employee_unlawful_resignation", "retirement_pension"]
    created = rule_set.history.latest()
    assert (created.history_type, created.history_user) == ("+", admin_user)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"replacement_rate": "0"}, "Tỷ lệ hưởng phải lớn hơn 0 và không quá 1"),
        ({"replacement_rate": "1.2"}, "Tỷ lệ hưởng phải lớn hơn 0 và không quá 1"),
        (
            {"cap_base_state": ""},
            "Đã có hệ số mức trần thì phải chọn mức lương làm căn cứ mức trần",
        ),
        ({"duration_max_months": "0"}, "Số tháng phải lớn hơn 0."),
        ({"min_contribution_months": "-3"}, "Số tháng phải lớn hơn 0."),
        (
            {"window_months_indefinite": "6"},
            "Khoảng thời gian xét (6 tháng) không được ngắn hơn số tháng đóng tối thiểu",
        ),
        ({"excluded_reasons": ["bo_viec"]}, "bo_viec"),
        ({"identifier": "luat-viec-lam-2025"}, "identifier"),
    ],
)
def test_a_contradictory_rule_set_is_refused_with_its_message(admin_client, changes, message):
    response = admin_client.post(
        reverse("admin:eligibility_ruleset_add"), {**VALID_RULE_SET, **changes}
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors
    page = response.content.decode()
    if message == "identifier":
        assert "identifier" in form.errors
    else:
        assert message in page
    assert not RuleSet.objects.filter(identifier="thu-nghiem-2027").exists()


def test_a_duplicate_regional_minimum_wage_is_refused_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:eligibility_regionalminimumwage_add"),
        {
            "valid_from": "2026-01-01",
            "region": "II",
            "amount": "4800000",
            "legal_reference": "Nghị định trùng",
        },
    )
    assert response.status_code == 200
    assert (
        "Đã có mức lương tối thiểu của vùng này áp dụng từ ngày này." in response.content.decode()
    )
    assert RegionalMinimumWage.objects.filter(valid_from=date(2026, 1, 1), region="II").count() == 1


def test_a_duplicate_holiday_is_refused_in_the_admin(admin_client):
    response = admin_client.post(
        reverse("admin:eligibility_publicholiday_add"),
        {"date": "2026-09-02", "name": "Quốc khánh", "legal_reference": "BLLĐ"},
    )
    assert response.status_code == 200
    assert "Ngày này đã có trong lịch nghỉ lễ, Tết." in response.content.decode()


def test_changing_a_wage_keeps_who_old_and_new(admin_client, admin_user):
    wage = RegionalMinimumWage.objects.get(valid_from=date(2026, 1, 1), region="IV")
    response = admin_client.post(
        reverse("admin:eligibility_regionalminimumwage_change", args=[wage.pk]),
        {
            "valid_from": "2026-01-01",
            "region": "IV",
            "amount": "3710000",
            "legal_reference": wage.legal_reference,
        },
    )
    assert response.status_code == 302
    latest = wage.history.latest()
    assert latest.history_user == admin_user
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("amount", 3_700_000, 3_710_000)]
    history_page = admin_client.get(
        reverse("admin:eligibility_regionalminimumwage_history", args=[wage.pk])
    )
    assert history_page.status_code == 200
    assert admin_user.username in history_page.content.decode()


def test_a_published_rule_set_keeps_its_parameters_but_takes_a_typo_fix(admin_client):
    rule_set = RuleSet.objects.get(identifier="luat-viec-lam-2025")
    url = reverse("admin:eligibility_ruleset_change", args=[rule_set.pk])
    page = admin_client.get(url).content.decode()
    assert "các tham số không sửa được nữa" in page
    response = admin_client.post(
        url,
        {
            **VALID_RULE_SET,
            "name": "Luật Việc làm năm 2025",
            "legal_reference": rule_set.legal_reference,
        },
    )
    assert response.status_code == 302
    rule_set.refresh_from_db()
    assert rule_set.name == "Luật Việc làm năm 2025"
    assert rule_set.replacement_rate == Decimal("0.6")  # the posted 0.65 was ignored: read-only
    assert rule_set.identifier == "luat-viec-lam-2025"
    assert rule_set.valid_from == date(2026, 1, 1)


def test_a_published_rule_set_cannot_be_deleted(admin_client):
    rule_set = RuleSet.objects.get(identifier="luat-viec-lam-2013")
    response = admin_client.post(
        reverse("admin:eligibility_ruleset_delete", args=[rule_set.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert RuleSet.objects.filter(pk=rule_set.pk).exists()


def test_the_publish_action_publishes_a_draft(admin_client, admin_user):
    draft = RuleSetFactory(valid_from=date(2027, 1, 1))
    response = admin_client.post(
        reverse("admin:eligibility_ruleset_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "Đã công bố" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == RuleSet.Status.PUBLISHED
    assert draft.published_by == admin_user
    assert draft.history.latest().history_user == admin_user


def test_the_publish_action_refuses_a_draft_overlapping_a_published_start(admin_client):
    draft = RuleSetFactory(valid_from=date(2026, 1, 1))
    response = admin_client.post(
        reverse("admin:eligibility_ruleset_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert "hai bộ quy định không thể cùng áp dụng cho một ngày" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == RuleSet.Status.DRAFT


def test_the_publish_button_on_a_draft_publishes_it(admin_client):
    draft = RuleSetFactory(valid_from=date(2027, 1, 1))
    change_url = reverse("admin:eligibility_ruleset_change", args=[draft.pk])
    assert "Công bố" in admin_client.get(change_url).content.decode()
    response = admin_client.post(reverse("admin:eligibility_ruleset_publish", args=[draft.pk]))
    assert response.status_code == 302 and response.url == change_url
    draft.refresh_from_db()
    assert draft.status == RuleSet.Status.PUBLISHED


def test_the_publish_url_does_nothing_on_get(admin_client):
    draft = RuleSetFactory(valid_from=date(2027, 1, 1))
    admin_client.get(reverse("admin:eligibility_ruleset_publish", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == RuleSet.Status.DRAFT


def test_the_draft_action_starts_a_new_version(admin_client):
    source = RuleSet.objects.get(identifier="luat-viec-lam-2025")
    admin_client.post(
        reverse("admin:eligibility_ruleset_changelist"),
        {"action": "draft_from_selected", "_selected_action": [source.pk]},
    )
    draft = RuleSet.objects.get(identifier="luat-viec-lam-2025-ban-nhap")
    assert draft.status == RuleSet.Status.DRAFT


def test_holidays_are_listed_with_their_weekday(admin_client):
    page = admin_client.get(reverse("admin:eligibility_publicholiday_changelist")).content.decode()
    assert PublicHoliday.objects.get(date=date(2026, 4, 27)).name in page
