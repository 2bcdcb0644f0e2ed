"""Browser: job offers at 360 px in Vietnamese and English, every page scanned with axe. An
officer offers a vacancy from a benefit recipient's matches page; the worker sees the offer
and declines it with a reason of their own ("other"); the officer judges it not a good reason;
the same again for a second vacancy; the second refusal without a good reason proposes the end
of the benefit on ground d (Law 74/2025 Art. 41.4.d), which the signer finds in the queue of
proposed ends (/can-bo/cham-dut-cho-ky/). Screenshots land in $TROCAP_VAR_DIR/screenshots."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

import claims.tasks  # noqa: F401 - registers the tasks the fixtures' on_commit callbacks send
from claims.models import Termination
from identity.models import User
from jobs.offers.models import JobOffer
from tests.claims.period.support import at
from tests.e2e.helpers import (
    PASSWORD,
    phone_check,
    staff_member,
    staff_page,
    travel,
    worker_page,
)
from tests.jobs.matching_factories import garment_recipient, vacancy

pytestmark = [pytest.mark.django_db(transaction=True, databases="__all__")]
TITLES = ("Công nhân may công nghiệp", "Thợ may mẫu")


@pytest.fixture
def look(assert_accessible):
    return phone_check(assert_accessible, "offers")


@pytest.fixture(autouse=True)
def no_settlement_office(settings):
    """No settlement office here: an order is refused at once and waits for a retry."""
    settings.SETTLEMENT_OFFICE_URL = "http://127.0.0.1:9498"
    settings.SETTLEMENT_MAX_ATTEMPTS = 1


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_offer_declined_twice_without_good_reason_goes_to_the_signer(
    live_server, new_page, look, lang
):
    officer, officer_secret = staff_member("canbo.offers", User.Role.OFFICER)
    signer, signer_secret = staff_member("lanhdao.offers", User.Role.SIGNER)
    with time_machine.travel(at(date(2026, 3, 13), 11), tick=False):
        claim = garment_recipient(province=officer.center.province_code)
    assert claim.center_id == officer.center_id == signer.center_id
    for title in TITLES:
        vacancy(title=title, province_code=claim.center.province_code, posted_by=officer)
    base = live_server.url
    with travel(date(2026, 4, 20)):
        officer_page = staff_page(new_page, base, lang, officer, PASSWORD, officer_secret)
        worker = worker_page(new_page, live_server, claim.citizen, lang)
        for round_, title in enumerate(TITLES, start=1):
            # The officer offers the vacancy from the recipient's matches page.
            officer_page.goto(f"{base}/can-bo/viec-lam/phu-hop/{claim.public_id}/")
            look(officer_page, f"matches {round_}", lang)
            matches = officer_page.locator("main").inner_text()
            assert all(t in matches for t in TITLES)
            if round_ == 2:  # the job refused once shows its answer, not the offer button
                assert officer_page.locator("main form button", has_text=TITLES[0]).count() == 0
                with translation.override(lang):
                    refused = str(JobOffer.State.DECLINED_UNJUSTIFIED.label)
                assert refused in matches
            officer_page.locator("main form button", has_text=title).click()
            officer_page.wait_for_url(re.compile(r"/can-bo/viec-lam/gioi-thieu/\d+/$"))
            look(officer_page, f"offer made {round_}", lang)
            # The worker is told in their inbox, opens the offer and declines it with a reason
            # of their own; their list of offers shows it.
            worker.goto(f"{base}{reverse('claims:inbox')}")
            look(worker, f"inbox {round_}", lang)
            worker.locator("main .inbox a", has_text=title).first.click()
            worker.wait_for_url(re.compile(r"/viec-lam/gioi-thieu/\d+/$"))
            look(worker, f"offer {round_}", lang)
            assert "41" in worker.locator("main").inner_text()  # the warning cites Art. 41.4.d
            worker.locator("main a[href$='/tu-choi/']").click()
            worker.wait_for_url(re.compile(r"/tu-choi/$"))
            look(worker, f"decline {round_}", lang)
            worker.locator("main form button[type=submit]").click()  # no reason chosen
            look(worker, f"decline with an error {round_}", lang)
            assert worker.locator(".error-summary").is_visible()
            worker.locator("input[name=reason][value=other]").check()
            worker.locator("#id_text").fill("Tôi muốn tìm việc khác.")
            worker.locator("main form button[type=submit]").click()
            worker.wait_for_url(re.compile(r"/viec-lam/gioi-thieu/\d+/$"))
            look(worker, f"offer declined {round_}", lang)
            worker.goto(f"{base}{reverse('jobs:offers_mine')}")
            look(worker, f"my offers {round_}", lang)
            assert len(worker.locator("main .claim-list__item").all()) == round_
            # The officer finds it awaiting a judgement and judges it not a good reason.
            officer_page.goto(f"{base}/can-bo/viec-lam/gioi-thieu/")
            look(officer_page, f"offers awaiting a judgement {round_}", lang)
            officer_page.locator("main a", has_text=title).first.click()
            officer_page.wait_for_url(re.compile(r"/can-bo/viec-lam/gioi-thieu/\d+/$"))
            look(officer_page, f"offer to judge {round_}", lang)
            assert "Tôi muốn tìm việc khác." in officer_page.locator("main").inner_text()
            officer_page.locator("input[name=good][value=no]").check()
            officer_page.locator("#id_note").fill("Việc cùng ngành, gần nhà, lương cao hơn.")
            officer_page.locator("main form button[type=submit]").click()
            officer_page.wait_for_load_state()
            look(officer_page, f"offer judged {round_}", lang)
            ended = Termination.objects.filter(claim=claim).count()
            assert ended == (1 if round_ == 2 else 0), f"round {round_}: {ended} terminations"
        signer_page = staff_page(new_page, base, lang, signer, PASSWORD, signer_secret)
        signer_page.goto(f"{base}/can-bo/cham-dut-cho-ky/")
        look(signer_page, "terminations to sign", lang)
        with translation.override(lang):
            ground = str(Termination.Ground.D.label)
        queue = signer_page.locator("main").inner_text()
        assert claim.reference in queue and ground in queue
        signer_page.locator(f"main a:text('{claim.reference}')").click()
        signer_page.wait_for_load_state()
        look(signer_page, "termination to sign", lang)
        assert ground in signer_page.locator("main").inner_text()
    offers = JobOffer.objects.filter(claim=claim)
    assert set(offers.values_list("state", flat=True)) == {JobOffer.State.DECLINED_UNJUSTIFIED}
    termination = Termination.objects.get(claim=claim)
    assert termination.ground == "d" and termination.state == "proposed"
