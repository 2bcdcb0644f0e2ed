"""The employer's layoff notice in a real browser: signed in with the enterprise's VNeID
organisation account, a 50-row XLSX with 3 bad rows uploaded, the 3 rows fixed one by one,
the list confirmed. Every page passes axe, in Vietnamese and in English, on a phone."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from employers.models import LayoffNotice, NoticeWorker
from identity.mock_vneid.services import organisation_register
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import login_employer
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
    login_employer(page, base, world.employer_a.tax_code, PASSWORD, check=assert_accessible)
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


def test_a_long_list_shows_its_progress_and_the_rows_when_checked(
    vneid_live, new_page, assert_accessible, monkeypatch, tmp_path
):
    """A list too long to check at once is checked by a worker: the page's progress bar follows
    the check (static/js/employer_list.js polls its status) and the page shows the rows when
    it ends. The worker is played by the test: nothing checks the list until it says so."""
    from employers import services  # noqa: PLC0415 (monkeypatched below)
    from employers.models import WorkerListDraft  # noqa: PLC0415

    monkeypatch.setattr(services, "SYNC_CHECK_ROWS", 5)
    monkeypatch.setattr(services, "_schedule", lambda *args: None)  # the worker comes later
    world = scenario(workers=12)
    organisation_register(
        tax_code=world.employer_a.tax_code,
        name=world.employer_a.name,
        representative=PopulationRecordFactory(full_name="Kim Min Jun"),
        password=PASSWORD,
    )
    upload = tmp_path / "danh-sach.xlsx"
    upload.write_bytes(
        xlsx_bytes([row_of(p, termination_date="30/10/2026") for p in world.workers_a])
    )

    page = new_page(viewport=PHONE, lang="vi")
    base = vneid_live.url
    login_employer(page, base, world.employer_a.tax_code, PASSWORD)
    page.locator("#notice-new").click()
    page.locator("input[name=reason][value=closure]").check()
    page.locator("#id_planned_termination_date").fill("30/10/2026")
    page.locator("#notice-create").click()
    page.wait_for_url(re.compile(r"/doanh-nghiep/thong-bao/\d+/$"))
    page.locator("#id_file").set_input_files(str(upload))
    page.locator("#upload-submit").click()
    page.wait_for_url(re.compile(r"/kiem-tra/\d+/"))

    draft = WorkerListDraft.objects.get()
    assert draft.status == WorkerListDraft.Status.CHECKING
    assert page.locator("#list-bar").get_attribute("value") == "0"
    assert_accessible(page, "list being checked")

    WorkerListDraft.objects.filter(pk=draft.pk).update(done=7)  # the worker's progress so far
    expect(page.locator("#list-text [data-done]")).to_have_text("7")  # polls, no reload
    assert page.locator("#list-bar").evaluate("bar => bar.value") == 7
    assert page.locator("#list-text [data-total]").inner_text() == "12"

    services.draft_check(draft_id=draft.pk)  # the worker ends the check: the page reloads
    page.wait_for_selector("#good-count")
    assert page.locator("#good-count").inner_text() == "12"
    assert page.locator("#list-progress").count() == 0
    assert_accessible(page, "list checked")
