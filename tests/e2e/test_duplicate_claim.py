# ruff: noqa: F811 - the fixtures imported from tests/e2e/helpers.py are test arguments
"""Browser: a worker who already filed for a termination and presses "Nộp hồ sơ mới" (or comes
back to check-your-answers) sees the refusal and the way to the claim that stands, on a 360 px
phone, in Vietnamese and English, with an axe-core scan (issue 13, ADR 0012)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from claims.core.transitions import Status
from claims.models import Claim
from tests.e2e.conftest import PHONE
from tests.e2e.helpers import worker, worker_page  # noqa: F401 - worker is a fixture
from tests.eligibility.assessment_builders import GARMENT
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")

HEADING = {
    "vi": "Bạn đã có hồ sơ cho lần chấm dứt hợp đồng này",
    "en": "You already have a claim for this termination",
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_second_claim_for_the_same_termination_is_refused_with_a_link(
    worker, live_server, new_page, assert_accessible, lang
):
    ended = timezone.localdate() - timedelta(days=10)
    first = ClaimFactory(
        citizen=worker,
        status=Status.SUBMITTED,
        reference="TCTN-2026-000601",
        employer_tax_code=GARMENT.tax_code,
        employer_name=GARMENT.name,
        termination_date=ended,
        submitted_at=timezone.make_aware(
            datetime.combine(ended + timedelta(days=3), datetime.min.time())
        ),
    )
    page = worker_page(new_page, live_server, worker, lang)

    def check(where: str) -> None:
        page.wait_for_load_state()
        assert page.evaluate("document.documentElement.lang") == lang
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], where
        assert_accessible(page, f"{where} ({lang})")

    # "Nộp hồ sơ mới" from the home page.
    page.goto(f"{live_server.url}/")
    page.locator("main a[href='/nop-ho-so/']").first.click()
    page.wait_for_url("**/nop-ho-so/")
    refusal = page.locator("[data-testid=duplicate-claim]")
    assert refusal.is_visible()
    assert HEADING[lang] in refusal.inner_text()
    assert first.reference in refusal.inner_text()
    check("duplicate refused")
    # The back button to check-your-answers leads to the same refusal, never a new draft.
    page.goto(f"{live_server.url}/nop-ho-so/kiem-tra/")
    page.wait_for_url("**/nop-ho-so/")
    assert page.locator("[data-testid=duplicate-claim]").is_visible()
    assert not Claim.objects.filter(citizen=worker, status=Status.DRAFT).exists()
    # The link opens the claim that stands.
    page.locator("[data-testid=duplicate-claim-link]").click()
    page.wait_for_url(f"**/ho-so-cua-toi/{first.public_id}/")
    assert first.reference in page.locator("main").inner_text()
    check("the claim that stands")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_changing_bank_details_asks_for_a_fresh_vneid_sign_in_on_a_phone(
    worker, live_server, new_page, assert_accessible, lang
):
    from tests.claims.payments.helpers import make_approved_claim

    claim = make_approved_claim(citizen=worker)
    page = worker_page(new_page, live_server, worker, lang)  # force-login: no VNeID sign-in
    page.goto(f"{live_server.url}/ho-so-cua-toi/{claim.public_id}/thong-tin-nhan-tien/")
    page.wait_for_load_state()
    assert page.locator("[data-testid=reauthenticate]").is_visible()
    assert page.locator("#id_account_number").count() == 0
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page, f"bank details: sign in again ({lang})")
