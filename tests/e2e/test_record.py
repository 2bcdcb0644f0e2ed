"""Browser: a citizen logs in with VNeID and reads their social-insurance record,
on a 360 px phone and on a desktop, in Vietnamese and English, with axe on every page."""

from __future__ import annotations

from datetime import date

import pytest

from demo import dataset
from eligibility.records.models import Contribution
from eligibility.registry import add_months
from identity.mock_vneid.models import PopulationRecord
from tests.e2e.conftest import DESKTOP, PHONE, switch_language
from tests.e2e.helpers import login_citizen
from tests.eligibility.factories import EmployerFactory, PersonFactory, employment, snapshot

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

PERSONAL_ID = "024188000777"


@pytest.fixture
def garment_worker():
    """The garment worker of RULES.md example 1, known to VNeID and to social security."""
    citizen = PopulationRecord(
        personal_id=PERSONAL_ID,
        full_name="Nguyễn Thị Hoa",
        birth_date=date(1988, 5, 14),
        sex="F",
        address="Số 12, đường Lý Thái Tổ, Tỉnh Bắc Ninh",
        province_code="24",
        phone="0912345001",
        identity_level=2,
    )
    citizen.set_password(dataset.DEMO_PASSWORD)
    citizen.save()
    person = PersonFactory(
        personal_id=PERSONAL_ID, full_name="Nguyễn Thị Hoa", birth_date=date(1988, 5, 14), sex="F"
    )
    factory = EmployerFactory(name=dataset.FACTORY_NAME, tax_code="2300987654", ownership="foreign")
    employment(
        person,
        factory,
        start=date(2020, 1, 1),
        end=date(2026, 2, 27),
        months=68,
        salary=6_500_000,
        reason="business_closure",
    )
    # 2025-09..2026-02 at 7,000,000: the spell above covered 2020-01..2025-08.
    Contribution.objects.using("social_security").bulk_create(
        Contribution(
            person=person,
            employer=factory,
            month=add_months(date(2025, 9, 1), i),
            insured_salary=7_000_000,
        )
        for i in range(6)
    )
    snapshot(date(2026, 4, 1))
    return person


def _no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_citizen_reads_their_record_in_both_languages(
    garment_worker, vneid_live, new_page, assert_accessible, viewport
):
    page = new_page(viewport)
    login_citizen(page, vneid_live.url, PERSONAL_ID, dataset.DEMO_PASSWORD, check=assert_accessible)

    page.get_by_role("link", name="Hồ sơ bảo hiểm xã hội").first.click()
    page.wait_for_url(f"{vneid_live.url}/ho-so-bhxh/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hồ sơ bảo hiểm xã hội"
    assert page.get_by_test_id("ui-24").locator(".figure__value").inner_text() == "24"
    assert page.get_by_test_id("ui-36").locator(".figure__value").inner_text() == "36"
    assert "02/2026" in page.get_by_test_id("count-convention").inner_text()
    assert page.locator(".timeline__year").count() == 7  # 2020..2026
    assert page.locator(".month--ui").count() >= 74
    assert "7.000.000\u00a0₫" in page.locator("main").inner_text()
    assert "Doanh nghiệp chấm dứt hoạt động" in page.get_by_test_id("spells-table").inner_text()
    assert _no_horizontal_scroll(page)
    assert_accessible(page, "record vi")

    # The month-by-month details open with the keyboard and list salaries.
    page.locator("details summary").focus()
    page.keyboard.press("Enter")
    assert page.get_by_test_id("months-table").locator("tbody tr").count() == 74
    assert_accessible(page, "record vi, details open")

    switch_language(page, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "7,000,000\u00a0₫" in page.locator("main").inner_text()
    assert "Feb 2026" in page.get_by_test_id("count-convention").inner_text()
    assert _no_horizontal_scroll(page)
    assert_accessible(page, "record en")
