"""Complaint pages: the worker's one-question pages with the deadlines, the center's queue and
the answer (own claim only, the deciding center only, bad input in the reader's language)."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support modules

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine

from claims.complaints.models import Complaint
from claims.decisions.models import Decision
from claims.models import StaffAccessLog
from identity.models import User
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir
from tests.claims.transfers.support import VN, center, claim_in_period
from tests.claims.transfers.test_transfer_views import client_for, mfa_staff
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db
JUNE_1 = datetime(2026, 6, 1, 9, 0, tzinfo=VN)


@pytest.fixture
def world():
    hanoi = center("01")
    people = {
        "officer": mfa_staff(hanoi),
        "signer": mfa_staff(hanoi, User.Role.SIGNER),
        "other": mfa_staff(center("24"), User.Role.SIGNER),
    }
    claim = claim_in_period(where=hanoi, signer=people["signer"], officer=people["officer"])
    return {"claim": claim, "approval": Decision.objects.get(claim=claim), **people}


@pytest.fixture(autouse=True)
def _june():
    with time_machine.travel(JUNE_1, tick=False):
        yield


def url(claim, step: str = "") -> str:
    return f"/ho-so-cua-toi/{claim.public_id}/khieu-nai/" + (f"{step}/" if step else "")


def file_one(world):
    claim, c = world["claim"], client_for(world["claim"].citizen)
    c.post(url(claim, "quyet-dinh"), {"decision": world["approval"].pk})
    c.post(
        url(claim, "noi-dung"), {"text": "Mức hưởng tính thiếu tháng lương cuối.", "request": ""}
    )
    return c, c.post(url(claim, "kiem-tra"))


def test_the_worker_complains_page_by_page(world):
    claim = world["claim"]
    c = client_for(claim.citizen)
    page = c.get(url(claim))
    assert page.status_code == 200 and "13/08/2026" in page.content.decode()  # 90 days
    page = c.post(url(claim, "quyet-dinh"), {"decision": "abc"})
    assert page.status_code == 400
    assert "Chọn quyết định bạn muốn khiếu nại." in page.content.decode()
    assert c.post(url(claim, "quyet-dinh"), {"decision": world["approval"].pk}).status_code == 302
    page = c.post(url(claim, "noi-dung"), {"text": "ngắn"})
    assert page.status_code == 400 and "ít nhất" in page.content.decode()
    c.post(url(claim, "noi-dung"), {"text": "Mức hưởng tính thiếu tháng lương cuối."})
    page = c.get(url(claim, "kiem-tra"))
    assert "01/07/2026" in page.content.decode()  # the answer's deadline if sent today
    assert not Complaint.objects.exists()
    response = c.post(url(claim, "kiem-tra"))
    complaint = Complaint.objects.get()
    assert response.status_code == 302 and complaint.reference in response["Location"]
    page = c.get(response["Location"])
    assert page.status_code == 200 and complaint.reference in page.content.decode()


def test_in_english(world):
    claim = world["claim"]
    c = client_for(claim.citizen, "en")
    c.post(url(claim, "quyet-dinh"), {"decision": world["approval"].pk})
    page = c.post(url(claim, "noi-dung"), {"text": ""})
    assert page.status_code == 400
    assert "Write your complaint" in page.content.decode()


def test_another_persons_claim_is_not_found(world):
    c = client_for(CitizenFactory())
    for step in ("", "quyet-dinh", "noi-dung", "kiem-tra", "KN-2026-000001"):
        assert c.get(url(world["claim"], step)).status_code == 404


def test_the_deciding_center_answers(world):
    _c, response = file_one(world)
    complaint = Complaint.objects.get()
    officer, signer, other = (client_for(world[k]) for k in ("officer", "signer", "other"))
    assert complaint.reference in officer.get("/can-bo/khieu-nai/").content.decode()
    assert complaint.reference not in other.get("/can-bo/khieu-nai/").content.decode()
    assert other.get(f"/can-bo/khieu-nai/{complaint.pk}/").status_code == 404
    page = officer.post(f"/can-bo/khieu-nai/{complaint.pk}/phuc-tap/", {"reason": ""})
    assert page.status_code == 400 and "Ghi lý do vụ việc phức tạp." in page.content.decode()
    officer.post(f"/can-bo/khieu-nai/{complaint.pk}/phuc-tap/", {"reason": "Cần xác minh"})
    complaint.refresh_from_db()
    assert complaint.is_complex and str(complaint.answer_due) == "2026-07-16"
    # An officer cannot answer; a signer can, with the outcome and the reasons.
    page = officer.post(
        f"/can-bo/khieu-nai/{complaint.pk}/tra-loi/",
        {"outcome": "rejected", "answer": "Đã tính đúng theo quy định."},
        follow=True,
    )
    assert Complaint.objects.get().is_open
    page = signer.post(f"/can-bo/khieu-nai/{complaint.pk}/tra-loi/", {"outcome": "", "answer": ""})
    assert page.status_code == 400
    signer.post(
        f"/can-bo/khieu-nai/{complaint.pk}/tra-loi/",
        {"outcome": "rejected", "answer": "Đã tính đúng theo quy định."},
    )
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.ANSWERED
    assert complaint.answer.kind == Decision.Kind.COMPLAINT_ANSWER
    assert StaffAccessLog.objects.filter(user=world["officer"], page="complaint").exists()
