"""Browser: an officer opens the queue, filters it, and opens the dashboard (vi and en, axe)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.utils import timezone

from claims.core.transitions import Status
from claims.models import ClaimFlag
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.helpers import login_staff
from tests.factories import PASSWORD, CenterFactory, CitizenFactory, ClaimFactory, StaffFactory

pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")


def make_queue(center):
    today = timezone.localdate()
    claims = []
    for i, (name, status, days) in enumerate(
        [
            ("Nguyễn Thị Hoa", Status.SUBMITTED, 5),
            ("Trần Văn Nam", Status.IN_REVIEW, -2),
            ("Lê Thị Mai", Status.SUBMITTED, 12),
        ]
    ):
        claims.append(
            ClaimFactory(
                citizen=CitizenFactory(full_name=name, province_code="24"),
                center=center,
                status=status,
                reference=f"TCTN-2026-{i + 1:06d}",
                decision_due=today + timedelta(days=days),
                submitted_at=timezone.now() - timedelta(days=3),
                employer_tax_code="2300987654",
                employer_name="Công ty TNHH May mặc Hanwoo Vina",
            )
        )
    ClaimFlag.objects.create(claim=claims[2], code="employer_differs", severity="needs_review")
    return claims


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_officer_filters_the_queue_and_opens_the_dashboard(
    vneid_live, new_page, assert_accessible, viewport, lang
):
    center = CenterFactory(province_code="24")
    officer = StaffFactory(username="canbo.queue", center=center)
    secret = generate_totp_secret()
    TOTP.activate(officer, secret)
    make_queue(center)
    page = new_page(viewport=viewport, lang=lang)
    page.goto(f"{vneid_live.url}/")
    page.context.add_cookies([{"name": "trocap_language", "value": lang, "url": vneid_live.url}])

    login_staff(page, vneid_live.url, "canbo.queue", PASSWORD, secret)
    queue_link = "Hàng đợi hồ sơ" if lang == "vi" else re.compile("queue|Hàng đợi", re.I)
    page.locator("header").get_by_role("link", name=queue_link).first.click()
    page.wait_for_url(re.compile(r"/can-bo/hang-doi/"))
    assert page.locator("html").get_attribute("lang") == lang
    rows = page.locator("main table tbody tr")
    assert rows.count() == 3
    # Sorted by deadline: the overdue claim first, its delay in words.
    assert "Trần Văn Nam" in rows.nth(0).inner_text()
    assert_accessible(page, "queue")

    fold = page.locator("details#queue-filters")
    # Folded away on a phone, open on a wide screen (static/js/queue.js).
    assert (fold.get_attribute("open") is not None) == (viewport == DESKTOP)
    if viewport == PHONE:
        fold.locator("summary").click()
    page.locator("#id_canh_bao").select_option("employer_differs")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"canh_bao=employer_differs"))
    assert rows.count() == 1 and "Lê Thị Mai" in rows.first.inner_text()
    assert_accessible(page, "queue filtered")

    page.goto(f"{vneid_live.url}/can-bo/hang-doi/?nop_tu=2026-02-31")
    assert page.locator(".error-summary").is_visible()
    assert_accessible(page, "queue with an error")

    page.goto(f"{vneid_live.url}/can-bo/tong-quan/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("h1").count() == 1
    assert_accessible(page, "dashboard")
