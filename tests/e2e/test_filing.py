# ruff: noqa: F811 - the fixtures imported from tests/e2e/helpers.py are test arguments
"""Browser: a citizen on a 360 px phone files a claim end to end, follows it and withdraws it.

Once in Vietnamese and once in English, with an axe-core scan of every page visited,
including an error state.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims.core.transitions import Status
from claims.models import Claim
from tests.claims.filing.helpers import pdf_bytes
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import worker, worker_page  # noqa: F401 - worker is a fixture
from tests.eligibility.assessment_builders import GARMENT

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_worker_files_follows_and_withdraws_a_claim_on_a_phone(
    worker, live_server, new_page, assert_accessible, lang
):
    page = worker_page(new_page, live_server, worker, lang)

    def check(where: str) -> None:
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.lang") == lang
        # Nothing overflows a 360 px screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where
        assert_accessible(page, f"{where} ({lang})")

    def cont() -> None:
        page.locator("main button[name=action][value=continue]").click()

    page.goto(f"{live_server.url}/")
    check("home")
    page.locator("main a[href='/nop-ho-so/']").first.click()
    check("start")
    page.locator("main form button[type=submit]").click()

    # 1. The job, one question per page, prefilled from the record.
    page.wait_for_url("**/nop-ho-so/job/don-vi/")
    assert page.locator("#id_employer_tax_code").input_value() == GARMENT.tax_code
    check("job: employer")
    cont()
    page.wait_for_url("**/nop-ho-so/job/loai-hop-dong/")
    check("job: contract")
    cont()
    page.wait_for_url("**/nop-ho-so/job/ngay-cham-dut/")
    # dd/mm/yyyy, as people write dates here (issue 13).
    ended = timezone.localdate() - timedelta(days=10)
    assert page.locator("#id_termination_date").input_value() == ended.strftime("%d/%m/%Y")
    check("job: termination day")
    cont()
    page.wait_for_url("**/nop-ho-so/job/ly-do/")
    check("job: reason")
    cont()
    # 2. The center: the employer's province by default.
    page.wait_for_url("**/nop-ho-so/center/")
    assert page.locator("#id_province_code").input_value() == "24"
    check("center")
    cont()
    # 3. Payment: bank or post office first, then only that choice's fields, with an error
    # state first (account number too short).
    page.wait_for_url("**/nop-ho-so/payment/cach-nhan/")
    check("payment: choice")
    assert page.locator("#id_account_number").count() == 0
    page.locator("#id_method_0").check()
    cont()
    page.wait_for_url("**/nop-ho-so/payment/ngan-hang/")
    assert page.locator("#id_cash_province").count() == 0
    page.locator("#id_bank_code").select_option("VCB")
    page.locator("#id_account_number").fill("123")
    cont()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.locator("#id_account_number-error").is_visible()
    check("payment error")
    # The summary links to the field (following it would keep the #fragment in the URL).
    assert summary.locator("a[href='#id_account_number']").count() == 1
    page.locator("#id_account_number").fill("0123456789")
    cont()
    # 4. Contact: prefilled from the account.
    page.wait_for_url("**/nop-ho-so/contact/")
    assert page.locator("#id_phone").input_value() == "0912345001"
    check("contact")
    cont()
    # 5. Documents: the termination decision, shown with a remove button.
    page.wait_for_url("**/nop-ho-so/documents/")
    check("documents")
    page.locator("#id_termination_proof").set_input_files(
        files=[{"name": "quyet-dinh.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
    )
    page.locator("main button[name=action][value=upload]").click()
    page.wait_for_load_state()
    assert page.locator(".file-list__item").count() == 1
    check("documents uploaded")
    cont()
    # 6. Declaration and consent.
    page.wait_for_url("**/nop-ho-so/declaration/")
    check("declaration")
    page.locator("#id_truthful").check()
    page.locator("#id_consent").check()
    cont()
    # Check your answers, with the estimate; change the phone number and come back.
    page.wait_for_url("**/nop-ho-so/kiem-tra/")
    check("check answers")
    assert ("4.200.000" if lang == "vi" else "4,200,000") in page.locator("main").inner_text()
    page.locator("a[href='/nop-ho-so/contact/?doi=1']").first.click()
    page.wait_for_url("**/nop-ho-so/contact/?doi=1")
    check("change contact")
    page.locator("#id_phone").fill("0987654321")
    cont()
    page.wait_for_url("**/nop-ho-so/kiem-tra/")
    assert "0987654321" in page.locator("main").inner_text()
    page.locator("form[data-submit-once] button").click()

    # Receipt, then the claim's page, then withdraw.
    page.wait_for_url("**/bien-nhan/")
    claim = Claim.objects.get(citizen=worker)
    assert claim.status == Status.SUBMITTED
    assert claim.reference in page.locator("main").inner_text()
    check("receipt")
    page.locator(f"main a.button[href$='/ho-so-cua-toi/{claim.public_id}/']").click()
    page.wait_for_url(f"**/ho-so-cua-toi/{claim.public_id}/")
    check("claim page")
    page.locator("main a[href$='/rut/']").click()
    page.wait_for_url("**/rut/")
    check("withdraw")
    page.locator("main form button.button--warning").click()  # forgot the confirmation box
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    check("withdraw error")
    page.locator("#id_confirm").check()
    page.locator("main form button.button--warning").click()
    page.wait_for_url(f"**/ho-so-cua-toi/{claim.public_id}/")
    check("claim withdrawn")
    claim.refresh_from_db()
    assert claim.status == Status.WITHDRAWN
    page.goto(f"{live_server.url}/ho-so-cua-toi/")
    check("my claims")
    assert claim.reference in page.locator("main").inner_text()
