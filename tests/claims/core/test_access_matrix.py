"""Who may do what, walked as a table: citizen vs staff URLs, center A vs center B, officer vs
signer actions, a signer on their own proposal; in the pages and in the API.

Every forbidden cell is refused and leaves the claim as it was; every allowed cell works.
"""

from __future__ import annotations

import itertools

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

import claims.review.services as review
from claims.core.transitions import Status
from claims.models import Claim
from identity.models import User
from tests.claims.review.helpers import make_staff
from tests.factories import CitizenFactory, ClaimFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])
_serial = itertools.count(1)


@pytest.fixture
def people():
    citizen = CitizenFactory()
    return {
        "anonymous": None,
        "citizen": citizen,
        "officer_a": make_staff(mfa=True),
        "officer_a2": make_staff(mfa=True),
        "signer_a": make_staff(User.Role.SIGNER, mfa=True),
        "officer_b": make_staff(province="01", mfa=True),
        "signer_b": make_staff(User.Role.SIGNER, province="01", mfa=True),
    }


def client_for(user) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return c


def claim_in(state: str, people) -> Claim:
    """A claim of center A (province 24) in `state`, moved there by the services."""
    claim = ClaimFactory(
        citizen=people["citizen"],
        center=people["officer_a"].center,
        status=Status.SUBMITTED,
        reference=f"TCTN-2026-{next(_serial):06d}",
    )
    officer = people["officer_a"]
    if state == Status.SUBMITTED:
        return claim
    claim = review.claim_assign(
        claim_id=claim.pk, actor=officer, assignee=officer, expected_version=claim.version
    )
    if state == Status.PROPOSED:
        review.claim_propose_refusal(
            claim_id=claim.pk,
            officer=officer,
            reason_codes=["re_employed"],
            explanation="Đã có việc làm mới.",
            expected_version=claim.version,
        )
        claim.refresh_from_db()
    return claim


# --- Reading: citizen vs staff URLs, center A vs center B -------------------------------------

OK, LOGIN, FORBIDDEN, MISSING = 200, 302, 403, 404
READ_CELLS = [
    # (url name, who, expected)
    *[("staff:claim", who, code) for who, code in [
        ("anonymous", LOGIN), ("citizen", FORBIDDEN), ("officer_a", OK), ("signer_a", OK),
        ("officer_b", MISSING), ("signer_b", MISSING),
    ]],
    *[("staff:proposals", who, code) for who, code in [
        ("anonymous", LOGIN), ("citizen", FORBIDDEN), ("officer_a", FORBIDDEN), ("signer_a", OK),
        ("signer_b", OK),
    ]],
    *[("api:staff-claim-detail", who, code) for who, code in [
        ("anonymous", FORBIDDEN), ("citizen", FORBIDDEN), ("officer_a", OK), ("signer_a", OK),
        ("officer_b", MISSING), ("signer_b", MISSING),
    ]],
    # The citizen's own pages and API are not for staff.
    *[("claims:claim_detail", who, code) for who, code in [
        ("citizen", OK), ("officer_a", FORBIDDEN), ("signer_a", FORBIDDEN),
    ]],
    *[("api:claim-detail", who, code) for who, code in [
        ("citizen", OK), ("officer_a", FORBIDDEN), ("signer_a", FORBIDDEN),
    ]],
]  # fmt: skip


@pytest.mark.parametrize(("name", "who", "expected"), READ_CELLS)
def test_reading(people, name, who, expected):
    claim = claim_in(Status.SUBMITTED, people)
    if name == "staff:proposals":
        url = reverse(name)
    elif name.startswith("api:"):
        url = reverse(f"v1:{name[4:]}", kwargs={"claim_id": claim.public_id})
    else:
        url = reverse(name, args=[claim.public_id])
    response = client_for(people[who]).get(url)
    assert response.status_code == expected, response.content[:300]


# --- Acting: officer vs signer, A vs B, own proposal ------------------------------------------

#: action -> (state it needs, form data for the page, JSON for the API, state after)
ACTIONS = {
    "assign": (Status.SUBMITTED, "giao", None, Status.IN_REVIEW),
    "request-info": (
        Status.IN_REVIEW,
        "yeu-cau-bo-sung",
        {"message": "Gửi bảng lương."},
        Status.INFO_REQUESTED,
    ),
    "propose-approval": (
        Status.IN_REVIEW,
        "de-xuat-huong",
        {
            "monthly_benefit": 4_000_000,
            "duration_months": 3,
            "entitlement_start": "2026-03-25",
            "entitlement_end": "2026-06-24",
            "override_reason": "Tính tay theo bảng lương.",
        },
        Status.PROPOSED,
    ),
    "propose-refusal": (
        Status.IN_REVIEW,
        "de-xuat-khong-huong",
        {"reason_codes": ["filed_late"], "explanation": "Nộp quá hạn."},
        Status.PROPOSED,
    ),
    "sign": (Status.PROPOSED, "ky-duyet", {"comment": ""}, Status.DECISION_ISSUED),
    "return": (Status.PROPOSED, "tra-lai", {"comment": "Xem lại."}, Status.IN_REVIEW),
}
PREFIX = {
    "assign": "assign",
    "request-info": "info",
    "propose-approval": "approve",
    "propose-refusal": "refuse",
    "sign": "sign",
    "return": "return",
}
ALLOWED = {
    "assign": {"officer_a", "officer_a2", "signer_a"},  # any staff of the center hands out work
    # Any officer of the center may act on its claims (covering for an absent colleague).
    "request-info": {"officer_a", "officer_a2"},
    "propose-approval": {"officer_a", "officer_a2"},
    "propose-refusal": {"officer_a", "officer_a2"},
    "sign": {"signer_a"},
    "return": {"signer_a"},
}
ACTORS = ["anonymous", "citizen", "officer_a", "officer_a2", "signer_a", "officer_b", "signer_b"]


def expected_refusal(who: str, channel: str) -> int:
    if who == "anonymous":
        return LOGIN if channel == "page" else FORBIDDEN
    if who in {"officer_b", "signer_b"}:
        return MISSING  # another center's claim does not exist for them
    return FORBIDDEN


def act(channel: str, action: str, who: str, claim: Claim, people):
    _state, slug, data, _after = ACTIONS[action]
    data = dict(data or {})
    if action == "assign":
        data = {"assignee": people["officer_a"].username}
    c = client_for(people[who])
    if channel == "api":
        url = reverse(f"v1:staff-claim-{action}", kwargs={"claim_id": claim.public_id})
        return c.post(url, {"version": claim.version, **data}, content_type="application/json")
    if action == "assign":
        data = {"assignee": people["officer_a"].pk}
    form = {f"{PREFIX[action]}-{k}": v for k, v in data.items()}
    url = reverse("staff:claim_action", args=[claim.public_id, slug])
    return c.post(url, {"version": claim.version, **form})


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("who", ACTORS)
def test_acting(people, channel, action, who):
    state, _slug, _data, after = ACTIONS[action]
    claim = claim_in(state, people)
    before = (claim.status, claim.version, claim.events.count())
    response = act(channel, action, who, claim, people)
    claim.refresh_from_db()
    if who in ALLOWED[action]:
        assert response.status_code == (302 if channel == "page" else 200), response.content[:400]
        assert claim.status == after
    else:
        assert response.status_code == expected_refusal(who, channel), response.content[:400]
        assert (claim.status, claim.version, claim.events.count()) == before


@pytest.mark.parametrize("channel", ["page", "api"])
@pytest.mark.parametrize("action", ["sign", "return"])
def test_a_signer_cannot_sign_or_return_their_own_proposal(people, channel, action):
    claim = claim_in(Status.PROPOSED, people)
    proposer = people["officer_a"]
    User.objects.filter(pk=proposer.pk).update(role=User.Role.SIGNER)
    people["officer_a"] = User.objects.get(pk=proposer.pk)
    before = (claim.status, claim.version)
    response = act(channel, action, "officer_a", claim, people)
    assert response.status_code == FORBIDDEN
    claim.refresh_from_db()
    assert (claim.status, claim.version) == before


def test_an_api_action_with_bad_input_says_which_field_and_changes_nothing(people):
    claim = claim_in(Status.IN_REVIEW, people)
    c = client_for(people["officer_a"])
    url = reverse("v1:staff-claim-propose-refusal", kwargs={"claim_id": claim.public_id})
    response = c.post(
        url,
        {"version": claim.version, "reason_codes": [], "explanation": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "reason_codes" in response.json()
    stale = c.post(
        reverse("v1:staff-claim-request-info", kwargs={"claim_id": claim.public_id}),
        {"version": claim.version - 1, "message": "?"},
        content_type="application/json",
    )
    assert stale.status_code == 409 and stale.json()["current_status"] == Status.IN_REVIEW
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW and not claim.proposals.exists()
