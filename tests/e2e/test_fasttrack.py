"""Browser test: a signer approves a generated layoff as one batch and watches it reach 100%.

How the task runs here: the approval's task is queued (its `.delay` records the id instead of
sending it), so the run page first shows the batch waiting and its script polls the JSON
endpoint; the test then runs the queued task itself, as a worker would pick it up, while the
browser keeps polling until the bar reaches the total and the page shows the summary. A thread
worker is not used: the live server's in-memory SQLite database is shared with the test thread,
and a second connection from a worker thread would hit table locks. The real worker path is
covered by tests/claims/review/test_fasttrack_worker.py (Redis).
"""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from claims.core.transitions import Status
from claims.models import BatchApproval, Claim
from claims.tasks import batch_approval_run
from identity.models import User
from tests.claims.review.fasttrack_helpers import make_layoff, make_staff
from tests.e2e.conftest import PHONE, switch_language
from tests.e2e.helpers import login_staff, shot

PASSWORD = "CanBo@TroCap2026"


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_signer_approves_a_layoff_batch_and_the_bar_reaches_100(
    live_server, new_page, assert_accessible, monkeypatch
):
    signer = make_staff(User.Role.SIGNER, username="lanhdao.test", full_name="Phạm Minh Châu")
    signer.set_password(PASSWORD)
    signer.save()
    secret = generate_totp_secret()
    TOTP.activate(signer, secret)
    claims = make_layoff(signer.center, 30)
    make_layoff(signer.center, 2, clean=False)
    queued: list[int] = []
    monkeypatch.setattr(batch_approval_run, "delay", lambda batch_id: queued.append(batch_id))

    page = new_page()
    login_staff(page, live_server.url, "lanhdao.test", PASSWORD, secret, check=assert_accessible)

    # The list of layoffs, in Vietnamese then English.
    page.get_by_role("link", name="Duyệt theo lô").first.click()
    page.wait_for_url(re.compile(r"/can-bo/duyet-theo-lo/$"))
    assert_accessible(page, "batches vi")
    row = page.locator("table.batch-table tbody tr").first
    assert "30" in row.inner_text() and "2" in row.inner_text()
    switch_language(page, "en")
    assert_accessible(page, "batches en")

    # The batch with its sample.
    page.get_by_role("link", name="Công ty TNHH May mặc Hanwoo Vina").click()
    page.wait_for_url(re.compile(r"/can-bo/duyet-theo-lo/2300987654/"))
    assert_accessible(page, "batch en")
    assert page.locator("#batch-sample tbody tr").count() == 10
    assert page.locator("#batch-count").inner_text() == "30"
    switch_language(page, "vi")
    assert_accessible(page, "batch vi")
    # The totals and the full list (folded), each claim linked; axe with the list open too.
    assert page.locator("#batch-total").inner_text().endswith("₫")
    page.locator("#batch-all summary").click()
    assert page.locator("#batch-list tbody tr").count() == 30
    assert_accessible(page, "batch full list vi")
    shot(page, "batch-vi-1280")

    # Approving without confirming is refused, with the error summary.
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "batch error vi")
    assert not BatchApproval.objects.exists()

    # Approve; the run page polls the status while the queued task runs.
    statuses: list[str] = []
    page.on("request", lambda r: statuses.append(r.url) if "trang-thai.json" in r.url else None)
    page.locator("#id_confirm").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/can-bo/duyet-theo-lo/lo/\d+/$"))
    assert_accessible(page, "run waiting vi")
    assert page.locator("#batch-bar").get_attribute("value") == "0"
    page.wait_for_function(
        "() => document.getElementById('batch-progress').dataset.percent === '0'"
    )
    assert len(queued) == 1

    batch_approval_run(queued[0])  # as a worker would

    page.wait_for_selector("#batch-summary", timeout=20_000)
    assert statuses, "the page never polled the status endpoint"
    bar = page.locator("#batch-bar")
    assert bar.get_attribute("value") == bar.get_attribute("max") == "30"
    assert "30 / 30" in " ".join(page.locator("#batch-text").inner_text().split())
    assert_accessible(page, "run done vi")
    switch_language(page, "en")
    assert_accessible(page, "run done en")
    assert "approved" in page.locator("#batch-summary").inner_text()

    assert (
        Claim.objects.filter(pk__in=[c.pk for c in claims], status=Status.DECISION_ISSUED).count()
        == 30
    )

    # The run page works on a 360 px phone too.
    # Same signed-in session (a second TOTP login in the same 30 s window would be refused
    # as a replayed code, rightly).
    phone = new_page(PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    assert phone.locator("#batch-summary").is_visible()
    assert_accessible(phone, "run done phone")
    assert phone.locator("#batch-approved tbody tr").count() == 30
    shot(phone, "run-done-en-360")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
