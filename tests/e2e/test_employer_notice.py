"""The employer's layoff notice in a real browser: signed in with the enterprise's VNeID
organisation account, a 50-row XLSX with 3 bad rows uploaded, the 3 rows fixed one by one,
the list confirmed. Every page passes axe, in Vietnamese and in English, on a phone."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from employers.models import LayoffNotice, NoticeWorker
from identity.mock_vneid.services import organisation_register
from tests.e2e.conftest import PHONE
from tests.employers.support import row_of, scenario, xlsx_bytes
from tests.factories import PASSWORD, PopulationRecordFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

SHOTS = os.environ.get("E2E_SCREENSHOTS")  # a folder: save a screenshot of each step


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_employer_uploads_fixes_three_rows_and_confirms(
    vneid_live, new_page, assert_accessible, tmp_path, lang
):
    world = scenario(workers=50)
    representative = PopulationRecordFactory(full_name="Kim Min Jun")
    organisation_register(
        tax_code=world.employer_a.tax_code,
        name=world.employer_a.name,
        representative=representative,
        password=PASSWORD,
    )
    closure = "30/10/2026"
    rows = [row_of(p, termination_date=closure) for p in world.workers_a]
    rows[4] = {**rows[4], "last_salary": "bảy triệu"}  # not a number
    rows[17] = row_of(world.worker_b, termination_date=closure)  # not insured with this employer
    rows[30] = {**rows[30], "termination_date": "31/02/2026"}  # not a date
    fixes = {
        "6": {"id_last_salary": "7000000"},
        "19": {
            "id_personal_id": world.workers_a[17].personal_id,
            "id_full_name": world.workers_a[17].full_name,
        },
        "32": {"id_termination_date": closure},
    }
    upload = tmp_path / "danh-sach.xlsx"
    upload.write_bytes(xlsx_bytes(rows))

    page = new_page(viewport=PHONE, lang=lang)
    base = vneid_live.url
    if lang == "en":
        page.context.add_cookies([{"name": "trocap_language", "value": "en", "url": base}])
    page.goto(f"{base}/doanh-nghiep/")
    page.wait_for_url(re.compile(r"/doanh-nghiep/dang-nhap/"))
    assert_accessible(page, "employer login")
    page.locator("#employer-login").click()
    page.wait_for_url(re.compile(r"/mock-vneid/to-chuc/dang-nhap/"))
    assert_accessible(page, "mock organisation login")
    page.locator("#id_tax_code").fill(world.employer_a.tax_code)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/mock-vneid/authorize/"))
    assert_accessible(page, "consent")
    assert world.employer_a.tax_code in page.locator("main").inner_text()
    page.locator("main button[name=allow]").click()
    page.wait_for_url(re.compile(r"/doanh-nghiep/$"))
    assert_accessible(page, "employer home")
    _shot(page, f"{lang}-1-home")

    page.locator("#notice-new").click()
    page.locator("input[name=reason][value=closure]").check()
    page.locator("#id_planned_termination_date").fill(closure)
    assert_accessible(page, "new notice")
    page.locator("#notice-create").click()
    page.wait_for_url(re.compile(r"/doanh-nghiep/thong-bao/\d+/$"))
    assert_accessible(page, "notice")

    page.locator("#id_file").set_input_files(str(upload))
    page.locator("#upload-submit").click()
    page.wait_for_url(re.compile(r"/kiem-tra/\d+/"))
    assert page.locator("#bad-count").inner_text() == "3"
    assert page.locator("#good-count").inner_text() == "47"
    assert page.locator("#list-confirm").count() == 0
    assert_accessible(page, "list with errors")
    _shot(page, f"{lang}-2-errors")
    assert NoticeWorker.objects.count() == 0

    for row, values in fixes.items():
        page.locator(f"#row-{row} a").click()
        page.wait_for_url(re.compile(rf"/dong/{row}/$"))
        assert page.locator(".error-summary").is_visible()
        assert_accessible(page, f"fix row {row}")
        for field, value in values.items():
            page.locator(f"#{field}").fill(value)
        page.locator("#row-save").click()
        page.wait_for_url(re.compile(r"/kiem-tra/\d+/"))

    assert page.locator("#bad-count").inner_text() == "0"
    assert_accessible(page, "list without errors")
    _shot(page, f"{lang}-3-ready")
    page.locator("#list-confirm").click()
    page.wait_for_url(re.compile(r"/doanh-nghiep/thong-bao/\d+/$"))
    assert_accessible(page, "confirmed notice")
    _shot(page, f"{lang}-4-confirmed")

    notice = LayoffNotice.objects.get()
    assert notice.status == LayoffNotice.Status.CONFIRMED
    assert notice.workers.count() == 50
    assert page.locator("html").get_attribute("lang") == lang
