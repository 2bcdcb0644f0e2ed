"""The benefit period's decisions: each kind issued by claims.decisions.kinds, rendered and
signed by the approvals' pipeline, printed in Vietnamese with its legal basis, verifiable."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support modules

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from claims.decisions import kind_content, kinds, signing
from claims.decisions.models import Decision
from claims.decisions.services import decision_issue
from claims.models import ClaimEvent, Notification
from identity.models import User
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir
from tests.claims.transfers.support import VN, center, claim_in_period, staff_of

pytestmark = pytest.mark.django_db

FACTS = {
    "suspension": {
        "month": 2,
        "month_start": "2026-06-20",
        "month_end": "2026-07-19",
        "window_first": "2026-06-22",
        "window_last": "2026-06-24",
        "amount": 26_550_000,
    },
    "resumption": {"month": 3, "resumed_from": "2026-07-20", "entitlement_end": "2027-05-19"},
    "termination": {
        "ground": "a",
        "effective_on": "2026-08-03",
        "event_date": "2026-08-03",
        "reported": False,
        "months_paid": 4,
        "reserved_months": 4,
        "overpaid": 26_550_000,
    },
    "recovery": {
        "amount": 26_550_000,
        "months": [{"index": 4, "start": "2026-08-20", "end": "2026-09-19", "amount": 26_550_000}],
        "effective_on": "2026-08-03",
        "termination_number": "7/QĐ-TTDVVL",
    },
    "transfer": {
        "from_center": "Trung tâm Dịch vụ việc làm Hà Nội",
        "to_center": "Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh",
        "to_province": "Tỉnh Bắc Ninh",
        "effective_on": "2026-07-30",
        "months_left": 9,
        "next_month": 4,
    },
    "complaint_answer": {
        "complaint_reference": "KN-2026-000001",
        "decision_number": "1/QĐ-TTDVVL",
        "decision_issued_on": "2026-05-15",
        "received_on": "2026-06-01",
        "complaint": "Mức hưởng tính thiếu tháng lương cuối.",
        "outcome": "rejected",
        "answer": "Mức hưởng đã tính đúng theo 6 tháng đóng gần nhất.",
    },
}
PRINTED = {
    "suspension": ["Về việc tạm dừng hưởng trợ cấp thất nghiệp", "khoản 2 Điều 41", "22/06/2026"],
    "resumption": ["Về việc tiếp tục hưởng trợ cấp thất nghiệp", "khoản 3 Điều 41", "20/07/2026"],
    "termination": [
        "Về việc chấm dứt hưởng trợ cấp thất nghiệp",
        "điểm a khoản 4 Điều 41",
        "03/08/2026",
    ],
    "recovery": ["Về việc thu hồi tiền trợ cấp thất nghiệp", "26.550.000", "7/QĐ-TTDVVL"],
    "transfer": ["Về việc chuyển nơi hưởng trợ cấp thất nghiệp", "khoản 1 Điều 41", "Bắc Ninh"],
    "complaint_answer": ["Về việc giải quyết khiếu nại lần đầu", "Luật Khiếu nại", "không đúng"],
}


def text_of(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def world():
    hanoi = center("01")
    officer = staff_of(hanoi, full_name="Trần Văn An")
    signer = staff_of(hanoi, User.Role.SIGNER, full_name="Phạm Minh Châu")
    claim = claim_in_period(where=hanoi, signer=signer, officer=officer)
    return {"claim": claim, "signer": signer, "officer": officer}


@pytest.mark.parametrize("kind", kind_content.PERIOD_KINDS)
def test_each_kind_is_rendered_signed_and_printed(world, kind, client):
    claim = world["claim"]
    with time_machine.travel(datetime(2026, 9, 10, 10, tzinfo=VN), tick=False):
        decision = kinds.decision_kind_issue(
            claim=claim, kind=kind, facts=FACTS[kind], key=f"{kind}:1"
        )
        decision = decision_issue(decision_id=decision.pk)
    assert decision.state == Decision.State.ISSUED, decision.last_error
    assert decision.case == claim and decision.claim is None and decision.kind == kind
    # The system decided: the center's head signs; numbers follow the approval's.
    assert decision.signer == world["signer"] and decision.number == "2/QĐ-TTDVVL"
    data = decision.file.read()
    assert signing.pdf_validate(data).ok
    text = " ".join(text_of(data).split())
    for words in PRINTED[kind]:
        assert words in text, (kind, words)
    assert "Căn cứ Quyết định số 1/QĐ-TTDVVL" in text  # the approval it follows from
    assert "Lê Văn Cường" in text
    events = ClaimEvent.objects.filter(claim=claim, kind="decision_signed")
    assert [e.data.get("decision_kind") for e in events] == [kind]
    assert Notification.objects.filter(claim=claim, kind="decision_issued").count() == 1
    # /verify/ finds it and names its kind.
    page = client.get(
        reverse("decision_verify"), {"so": decision.number, "ma": decision.verification_code}
    )
    assert page.status_code == 200
    assert str(Decision.Kind(kind).label) in page.content.decode()


def test_the_same_key_gives_the_same_decision(world):
    claim = world["claim"]
    first = kinds.decision_kind_issue(
        claim=claim, kind="suspension", facts=FACTS["suspension"], key="suspension:2"
    )
    again = kinds.decision_kind_issue(
        claim=claim, kind="suspension", facts=FACTS["suspension"], key="suspension:2"
    )
    assert first == again and Decision.objects.filter(kind="suspension").count() == 1
    assert list(kinds.decisions_of_claim(claim=claim).values_list("kind", flat=True)) == [
        "approval",
        "suspension",
    ]


@pytest.mark.parametrize(
    ("kind", "facts", "words"),
    [
        ("suspension", {**FACTS["suspension"], "month": "two"}, "month"),
        ("suspension", {k: v for k, v in FACTS["suspension"].items() if k != "amount"}, "amount"),
        ("termination", {**FACTS["termination"], "ground": "z"}, "ground"),
        ("recovery", {**FACTS["recovery"], "amount": 1}, "sum"),
        ("resumption", {**FACTS["resumption"], "resumed_from": "2026-13-01"}, "date"),
        ("transfer", {**FACTS["transfer"], "surprise": 1}, "unknown"),
        ("complaint_answer", {**FACTS["complaint_answer"], "outcome": "maybe"}, "outcome"),
        ("approval", {}, "kind"),
    ],
)
def test_facts_that_cannot_be_printed_are_refused(world, kind, facts, words):
    with pytest.raises(kinds.DecisionFactsInvalid) as caught:
        kinds.decision_kind_issue(claim=world["claim"], kind=kind, facts=facts)
    assert words in str(caught.value)
    assert Decision.objects.count() == 1  # the approval only
