"""The citizen's social-insurance record page: who sees what, and the counts it shows."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.db import connections
from django.urls import reverse

from tests.eligibility.factories import (
    STORE,
    BenefitFactory,
    ContributionFactory,
    EmployerFactory,
    PersonFactory,
    citizen_user,
    employment,
    snapshot,
)

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])
URL = "/ho-so-bhxh/"


def _gaps_worker():
    """RULES.md example 4: 2023-01..2023-12 and 2025-11..2026-02, terminated 2026-02-27."""
    person = PersonFactory(personal_id="001192000003", full_name="Lê Thị Mai")
    employment(
        person,
        EmployerFactory(name="Công ty Cổ phần Thực phẩm Hà Thành", wage_region="I"),
        start=date(2023, 1, 1),
        end=date(2023, 12, 31),
        months=12,
        salary=6_000_000,
        reason="contract_expired",
        contract="fixed_term",
    )
    employment(
        person,
        EmployerFactory(name="Công ty TNHH Dịch vụ Logistics Sao Mai", wage_region="I"),
        start=date(2025, 11, 1),
        end=date(2026, 2, 27),
        months=4,
        salary=7_200_000,
        reason="employer_dismissal",
    )
    snapshot()
    return person


def test_url_name():
    assert reverse("eligibility:record") == URL


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_owner_sees_their_own_record_and_nobody_elses(client):
    person = _gaps_worker()
    other = PersonFactory(full_name="Trần Văn Người Khác")
    employment(
        other,
        EmployerFactory(name="Công ty Không Liên Quan"),
        start=date(2024, 1, 1),
        end=None,
        months=5,
    )
    client.force_login(citizen_user(person.personal_id, name=person.full_name))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lê Thị Mai" in html
    assert "Công ty TNHH Dịch vụ Logistics Sao Mai" in html
    assert "Công ty Cổ phần Thực phẩm Hà Thành" in html
    assert "Trần Văn Người Khác" not in html
    assert "Công ty Không Liên Quan" not in html
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )


def test_counts_follow_the_window_from_the_termination_month(client):
    person = _gaps_worker()
    client.force_login(citizen_user(person.personal_id))
    page = client.get(URL).context["page"]
    assert page.reference_month == date(2026, 2, 1)
    assert (page.ui_short, page.ui_long, page.ui_total) == (4, 14, 16)
    html = client.get(URL).content.decode()
    assert 'data-testid="ui-24">\n    <span class="figure__value">4</span>' in html
    assert "02/2026" in html and "03/2024" in html  # the convention, with its months
    assert "7.200.000\u00a0₫" in html  # latest insured salary, Vietnamese grouping
    assert "Hết hạn hợp đồng" in html and "Xác định thời hạn" in html


def test_timeline_has_a_labelled_cell_for_every_month(client):
    person = _gaps_worker()
    client.force_login(citizen_user(person.personal_id))
    response = client.get(URL)
    page = response.context["page"]
    assert [row.year for row in page.years] == [2023, 2024, 2025, 2026]
    cells = [cell for row in page.years for cell in row.cells]
    assert sum(cell.status == "ui" for cell in cells) == 16
    assert sum(cell.is_termination for cell in cells) == 1
    assert [c.month for c in cells if c.is_termination] == [date(2026, 2, 1)]
    assert all(c.status == "nodata" for c in cells if c.month > date(2026, 4, 1))
    html = response.content.decode()
    assert html.count('class="timeline__cell"') == 48
    assert html.count('title="') >= 48
    assert "<caption" in html


def test_still_employed_counts_to_the_last_reported_month(client):
    person = PersonFactory()
    employer = EmployerFactory()
    employment(person, employer, start=date(2024, 1, 1), end=None, months=28)  # 2024-01..2026-04
    ContributionFactory(
        person=person, employer=EmployerFactory(), month=date(2024, 1, 1), ui_paid=False
    )
    snapshot(date(2026, 4, 1))
    client.force_login(citizen_user(person.personal_id))
    with time_machine.travel(date(2026, 11, 23), tick=False):
        page = client.get(URL).context["page"]
    assert page.reference_month == date(2026, 4, 1)
    assert not page.reference_is_termination
    assert (page.ui_short, page.ui_long) == (24, 28)


def test_past_benefit_and_pension_are_shown(client):
    person = PersonFactory(pension_since=date(2026, 2, 1))
    employment(
        person,
        EmployerFactory(),
        start=date(2020, 1, 1),
        end=date(2026, 1, 31),
        months=73,
        reason="retirement_pension",
    )
    BenefitFactory(person=person, decision_number="1234/QĐ-SLĐTBXH")
    client.force_login(citizen_user(person.personal_id))
    with time_machine.travel(date(2026, 3, 10), tick=False):
        html = client.get(URL).content.decode()
    assert "1234/QĐ-SLĐTBXH" in html
    assert "Đang hưởng từ ngày 01/02/2026" in html
    assert "Nghỉ hưởng lương hưu hằng tháng" in html


def test_a_person_without_a_record_gets_an_explanation(client):
    client.force_login(citizen_user("040099000011"))
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chưa tìm thấy quá trình đóng bảo hiểm xã hội của bạn" in html
    assert "040099000011" in html


def test_level_one_citizen_is_told_to_upgrade(client):
    person = _gaps_worker()
    client.force_login(citizen_user(person.personal_id, level=1))
    response = client.get(URL)
    assert response.status_code == 403
    html = response.content.decode()
    assert "mức độ 2" in html
    assert "Lê Thị Mai" not in html


def test_staff_are_refused(client):
    from allauth.mfa.totp.internal.auth import TOTP

    from identity.models import User

    _gaps_worker()
    officer = User.objects.create_user(username="officer", role=User.Role.OFFICER)
    TOTP.activate(officer, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    client.force_login(officer)
    assert client.get(URL).status_code == 403


def test_english_formats_money_and_months_the_english_way(client):
    person = _gaps_worker()
    client.force_login(citizen_user(person.personal_id))
    client.cookies["trocap_language"] = "en"
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "7,200,000\u00a0₫" in html
    assert "Feb 2026" in html
    assert "27/02/2026" in html  # dd/mm/yyyy in both languages


def test_the_page_reads_the_store_in_constant_queries_and_never_writes(
    client, django_assert_max_num_queries
):
    person = _gaps_worker()
    client.force_login(citizen_user(person.personal_id))
    store = connections[STORE]
    writes = []

    def spy(execute, sql, params, many, context):
        if not sql.lstrip().upper().startswith(("SELECT", "SAVEPOINT", "RELEASE")):
            writes.append(sql)
        return execute(sql, params, many, context)

    with store.execute_wrapper(spy), django_assert_max_num_queries(5, connection=store):
        assert client.get(URL).status_code == 200
    assert writes == []
