"""Transfer pages: the worker's one-question pages and the center's queue and actions (own
claim only, own center's side only, bad input answered in the reader's language, never 500)."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support modules

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client

from claims.models import StaffAccessLog
from claims.transfers.models import Transfer
from identity.models import User
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir
from tests.claims.transfers.support import VN, center, claim_in_period, staff_of
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
JULY_30 = datetime(2026, 7, 30, 9, 0, tzinfo=VN)


def client_for(user, language: str = "vi") -> Client:
    c = Client()
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return c


def mfa_staff(where, role=User.Role.OFFICER, **kw):
    user = staff_of(where, role, **kw)
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def world():
    hanoi, bac_ninh = center("01"), center("24")
    people = {
        "old": mfa_staff(hanoi),
        "old_signer": mfa_staff(hanoi, User.Role.SIGNER),
        "new": mfa_staff(bac_ninh),
        "new_signer": mfa_staff(bac_ninh, User.Role.SIGNER),
        "third": mfa_staff(center("79")),
    }
    claim = claim_in_period(where=hanoi, signer=people["old_signer"], officer=people["old"])
    return {"claim": claim, "hanoi": hanoi, "bac_ninh": bac_ninh, **people}


def url(claim, step: str = "") -> str:
    base = f"/ho-so-cua-toi/{claim.public_id}/chuyen-noi-huong/"
    return base + (f"{step}/" if step else "")


@pytest.fixture(autouse=True)
def _july():
    with time_machine.travel(JULY_30, tick=False):
        yield


def test_the_worker_asks_page_by_page_and_follows_it(world):
    claim = world["claim"]
    c = client_for(claim.citizen)
    assert c.get(url(claim)).status_code == 302  # nothing yet: to the first question
    page = c.get(url(claim, "noi-chuyen-den"))
    assert page.status_code == 200 and "Bắc Ninh" in page.content.decode()
    # No province chosen: the error, and nothing stored.
    page = c.post(url(claim, "noi-chuyen-den"), {"province": ""})
    assert page.status_code == 400
    assert "Chọn tỉnh, thành phố bạn muốn chuyển đến." in page.content.decode()
    assert c.post(url(claim, "noi-chuyen-den"), {"province": "24"}).status_code == 302
    page = c.post(url(claim, "noi-cu-tru"), {"new_address": "", "reason": ""})
    assert page.status_code == 400 and "Nhập nơi cư trú mới của bạn." in page.content.decode()
    assert not Transfer.objects.exists()
    c.post(url(claim, "noi-cu-tru"), {"new_address": "12 Lý Thái Tổ, Bắc Ninh", "reason": ""})
    page = c.get(url(claim, "kiem-tra"))
    assert "12 Lý Thái Tổ, Bắc Ninh" in page.content.decode()
    assert c.post(url(claim, "kiem-tra")).status_code == 302
    transfer = Transfer.objects.get()
    assert transfer.to_center == world["bac_ninh"] and transfer.requested_by == claim.citizen
    page = c.get(url(claim))
    assert page.status_code == 200 and "04/08/2026" in page.content.decode()
    # A second request is not offered: the pages send the worker to the status.
    assert c.get(url(claim, "noi-chuyen-den")).status_code == 302
    assert c.post(url(claim, "huy")).status_code == 302
    assert Transfer.objects.get().status == Transfer.Status.CANCELLED


def test_in_english(world):
    claim = world["claim"]
    c = client_for(claim.citizen, "en")
    page = c.post(url(claim, "noi-chuyen-den"), {"province": "zz"})
    assert page.status_code == 400
    assert "Choose the province or city you want to move to." in page.content.decode()


def test_another_persons_claim_is_not_found(world):
    stranger = CitizenFactory()
    c = client_for(stranger)
    for step in ("", "noi-chuyen-den", "noi-cu-tru", "kiem-tra"):
        assert c.get(url(world["claim"], step)).status_code == 404
    assert c.post(url(world["claim"], "huy")).status_code == 404
    assert c.get("/ho-so-cua-toi/not-a-uuid/chuyen-noi-huong/").status_code == 404


def test_the_centers_see_their_side_and_act(world):
    claim = world["claim"]
    c = client_for(claim.citizen)
    c.post(url(claim, "noi-chuyen-den"), {"province": "24"})
    c.post(url(claim, "noi-cu-tru"), {"new_address": "Bắc Ninh"})
    c.post(url(claim, "kiem-tra"))
    transfer = Transfer.objects.get()
    old, new, third = (client_for(world[k]) for k in ("old", "new", "third"))
    assert claim.reference in old.get("/can-bo/chuyen-noi-huong/").content.decode()
    assert claim.reference not in new.get("/can-bo/chuyen-noi-huong/").content.decode()
    assert third.get(f"/can-bo/chuyen-noi-huong/{transfer.pk}/").status_code == 404
    assert third.post(f"/can-bo/chuyen-noi-huong/{transfer.pk}/ban-giao/").status_code == 404
    assert old.post(f"/can-bo/chuyen-noi-huong/{transfer.pk}/khong-co/").status_code == 404
    # The new center may not hand over: told why, nothing changed.
    page = new.post(f"/can-bo/chuyen-noi-huong/{transfer.pk}/ban-giao/", follow=True)
    assert "Chỉ trung tâm chuyển đi mới bàn giao được hồ sơ." in page.content.decode()
    assert Transfer.objects.get().status == Transfer.Status.REQUESTED
    assert old.post(f"/can-bo/chuyen-noi-huong/{transfer.pk}/ban-giao/").status_code == 302
    assert claim.reference in new.get("/can-bo/chuyen-noi-huong/").content.decode()
    assert new.post(f"/can-bo/chuyen-noi-huong/{transfer.pk}/tiep-nhan/").status_code == 302
    claim.refresh_from_db()
    assert claim.center == world["bac_ninh"]
    assert StaffAccessLog.objects.filter(user=world["old"], page="transfers").exists()
    assert (
        StaffAccessLog.objects.filter(user=world["third"], page__startswith="transfer").count() == 0
    )
    # A citizen on a staff page is refused.
    assert client_for(claim.citizen).get("/can-bo/chuyen-noi-huong/").status_code == 403
