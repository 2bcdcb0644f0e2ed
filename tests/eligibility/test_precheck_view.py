"""The citizen's "Am I eligible?" page (eligibility:precheck)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.conf import settings as django_settings
from django.urls import reverse

from identity.models import User
from tests.eligibility.assessment_builders import (
    FAKE_REGISTRY_PATH,
    GARMENT,
    FakeRegistry,
    garment_worker,
    months,
    record,
    spell,
)
from tests.eligibility.rules_factories import StaffUserFactory
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

ELIGIBLE_ID, SHORT_ID, EMPLOYED_ID, UNKNOWN_ID = (
    "200000000001",
    "200000000002",
    "200000000003",
    "200000000009",
)
URL = reverse("eligibility:precheck")


@pytest.fixture(autouse=True)
def registry(settings):
    settings.SOCIAL_SECURITY_REGISTRY = FAKE_REGISTRY_PATH
    previous = FakeRegistry.records
    FakeRegistry.records = {
        ELIGIBLE_ID: garment_worker(personal_id=ELIGIBLE_ID),
        # RULES.md example 4: 16 months, only 4 in the window -> not eligible.
        SHORT_ID: record(
            personal_id=SHORT_ID,
            spells=(spell(GARMENT, date(2023, 1, 2), date(2026, 2, 27)),),
            contributions=months(date(2023, 1, 1), 12, GARMENT, 6_000_000)
            + months(date(2025, 11, 1), 4, GARMENT, 6_000_000),
        ),
        EMPLOYED_ID: record(
            personal_id=EMPLOYED_ID,
            spells=(spell(GARMENT, date(2020, 1, 2), None),),
            contributions=months(date(2020, 1, 1), 74, GARMENT, 6_500_000),
        ),
    }
    with time_machine.travel(date(2026, 3, 2), tick=False):
        yield
    FakeRegistry.records = previous


def _citizen(personal_id: str) -> User:
    return User.objects.filter(personal_id=personal_id).first() or CitizenFactory(
        personal_id=personal_id
    )


def _page(client, personal_id: str, lang: str = "vi") -> str:
    client.force_login(_citizen(personal_id))
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = lang
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_an_eligible_worker_sees_the_estimate_every_check_and_the_numbers_in_vietnamese(client):
    html = _page(client, ELIGIBLE_ID)
    assert "Đây chỉ là ước tính." in html
    assert (
        "bạn có thể được hưởng trợ cấp thất nghiệp khoảng 4.200.000\u00a0₫ mỗi tháng trong 6 tháng"
        in html
    )
    assert html.count('class="tag tag--ok"') == 4  # reason, pension, months, deadline
    assert "Xác minh sau khi nộp" in html  # still unemployed: checked after filing
    assert "Bạn có 74 tháng đóng BHTN" in html  # the calculator's own explanation, in Vietnamese
    assert "24 tháng trong 24 tháng (03/2024 – 02/2026); cần ít nhất 12 tháng" in html
    assert (
        "23.650.000\u00a0₫ — 5 lần lương tối thiểu vùng (4.730.000\u00a0₫, áp dụng tháng 02/2026, vùng II)"
        in html
    )
    assert "7.000.000\u00a0₫" in html and "6 tháng đóng gần nhất dùng để tính bình quân" in html
    assert "17/03/2026 – 16/09/2026" in html
    assert "27/05/2026" in html  # last filing day
    assert "Luật Việc làm 2025" in html
    assert "Điểm cần lưu ý" not in html


def test_the_same_page_in_english_uses_the_english_explanations(client):
    html = _page(client, ELIGIBLE_ID, lang="en")
    assert "You have 74 months of unemployment-insurance contributions" in html
    assert "4,200,000\u00a0₫" in html
    assert "17/03/2026 – 16/09/2026" in html  # dd/mm/yyyy in both languages
    assert "Bạn có 74 tháng đóng BHTN" not in html


def test_a_worker_with_too_few_months_in_the_window_is_told_why(client):
    html = _page(client, SHORT_ID)
    assert "bạn chưa đủ điều kiện hưởng trợ cấp thất nghiệp" in html
    assert html.count('class="tag tag--error"') == 1
    assert "4 tháng trong 24 tháng (03/2024 – 02/2026); cần ít nhất 12 tháng" in html
    assert 'data-testid="monthly-benefit"' not in html
    html_en = _page(client, SHORT_ID, lang="en")
    assert "but only 4 in the 24 months before your job ended" in html_en


def test_flags_are_shown_with_their_severity_in_the_readers_language(client):
    FakeRegistry.records[ELIGIBLE_ID] = garment_worker(
        personal_id=ELIGIBLE_ID, pension_since=date(2026, 1, 1)
    )
    html = _page(client, ELIGIBLE_ID)
    assert 'data-flag="receiving_pension"' in html
    assert "Không thể hưởng nếu đúng như vậy" in html
    assert "Người lao động đang hưởng lương hưu hằng tháng" in html
    html_en = _page(client, ELIGIBLE_ID, lang="en")
    assert "The worker receives a monthly pension" in html_en


def test_a_citizen_without_a_record_gets_a_plain_message(client):
    html = _page(client, UNKNOWN_ID)
    assert "Không tìm thấy dữ liệu bảo hiểm xã hội của bạn" in html
    assert 'data-testid="checks"' not in html


def test_a_citizen_still_employed_is_told_benefit_needs_an_ended_contract(client):
    html = _page(client, EMPLOYED_ID)
    assert "Trợ cấp thất nghiệp chỉ xét khi hợp đồng lao động đã chấm dứt" in html


def test_a_level_1_identity_is_refused_with_how_to_upgrade(client):
    client.force_login(CitizenFactory(personal_id=ELIGIBLE_ID, identity_level=1))
    response = client.get(URL)
    assert response.status_code == 403
    assert "4.200.000" not in response.content.decode()


def test_staff_are_refused_and_anonymous_visitors_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    client.force_login(StaffUserFactory(role=User.Role.OFFICER, is_superuser=False))
    assert client.get(URL).status_code == 403


def test_the_home_page_links_a_level_2_citizen_to_the_check(client):
    client.force_login(CitizenFactory(personal_id=ELIGIBLE_ID))
    assert URL in client.get(reverse("home")).content.decode()
