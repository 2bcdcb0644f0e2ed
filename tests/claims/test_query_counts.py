"""Every citizen page and API call runs a bounded number of SQL queries (issue 11).

Each bound is the count measured when it was set plus a little room (both databases, the
social-security store included); a lost select_related, a query per row or a new N+1 fails here
rather than on the morning of a factory closure. Pages with lists are also checked with many
rows: their count must not grow with them.
"""
# ruff: noqa: F811 - pytest fixtures imported from test_filing_support
# ruff: noqa: B023 - each lambda is called at once, inside its loop iteration

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from claims.core.services import claim_transition
from claims.core.transitions import Status
from claims.models import Claim, Notification
from tests.claims.filing.helpers import ANSWERS, fill_draft, pdf_bytes
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

#: The most queries each citizen page may run (measured + room).
PAGE_LIMITS = {
    "home": 5,
    "record": 6,
    "precheck": 16,
    "filing start": 8,
    "filing start (post)": 11,
    "step page": 8,
    "step part page": 6,
    "step (post)": 11,
    "documents (post, upload)": 19,
    "check answers": 21,
    "submit": 25,
    "receipt": 12,
    "my claims": 6,
    "claim page": 14,
    "inbox": 6,
}
#: The most queries each API call may run.
API_LIMITS = {
    "me/record": 3,
    "me/eligibility": 8,
    "claims": 4,
    "claims/{id}": 7,
    "claims/{id}/withdraw": 13,
    "draft": 15,
    "draft step (get)": 6,
    "draft step (put)": 10,
    "draft documents (post)": 12,
    "draft documents (get)": 5,
    "draft estimate": 11,
    "draft submit": 25,
    # Six steps, a file and the submit in one request, on one locked draft with one read of
    # the record: 38 when set (93 in the step services' loop before), 23 since 2 December 2026
    # (the rules from the process's snapshot, the person's claims read once under their lock,
    # the receipt written by the submission and answered without reading the claim back, the
    # key taken without a read or savepoint before it), 20 since (the submit's transition on
    # the locked draft without reading it again, the draft's start check on the claims read
    # under the person's lock, a new draft's files not counted), 19 (the answers written by
    # the submission's UPDATE).
    "filings": 19,
    # The key's insert refused, then its filing read: one more than the read-first way (4),
    # paid by retries only, where every new filing saves three.
    "filings (replayed)": 5,
}


@pytest.fixture(autouse=True)
def _march_2026():
    with time_machine.travel(
        datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    ):
        yield


def queries(call: Callable[[], Any]) -> tuple[Any, int]:
    """The response of `call` and how many queries it ran on both databases."""
    with ExitStack() as stack:
        contexts = [
            stack.enter_context(CaptureQueriesContext(connections[alias]))
            for alias in ("default", "social_security")
        ]
        response = call()
    return response, sum(len(c.captured_queries) for c in contexts)


def within(limits: dict[str, int], name: str, call: Callable[[], Any]) -> Any:
    response, count = queries(call)
    assert count <= limits[name], f"{name}: {count} queries (at most {limits[name]})"
    return response


def web_client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def test_every_citizen_page_runs_a_bounded_number_of_queries(citizen):
    web = web_client(citizen)
    page = lambda name, call: within(PAGE_LIMITS, name, call)  # noqa: E731
    assert page("home", lambda: web.get("/")).status_code == 200
    assert page("record", lambda: web.get("/ho-so-bhxh/")).status_code == 200
    assert page("precheck", lambda: web.get("/kiem-tra-dieu-kien/")).status_code == 200
    assert page("filing start", lambda: web.get("/nop-ho-so/")).status_code == 200
    assert page("filing start (post)", lambda: web.post("/nop-ho-so/")).status_code == 302
    for step, answers in ANSWERS.items():
        shown = page("step page", lambda: web.get(f"/nop-ho-so/{step}/"))
        if shown.status_code == 302:  # a step asked one question per page (claims.filing.parts)
            shown = page("step part page", lambda: web.get(shown.url))
        assert shown.status_code == 200, step
        if step == "documents":
            upload = SimpleUploadedFile("qd.pdf", pdf_bytes())
            data = {"action": "continue", "termination_proof": upload}
            saved = page(
                "documents (post, upload)", lambda: web.post("/nop-ho-so/documents/", data)
            )
        else:
            saved = page("step (post)", lambda: web.post(f"/nop-ho-so/{step}/", answers))
        assert saved.status_code == 302, step
    assert page("check answers", lambda: web.get("/nop-ho-so/kiem-tra/")).status_code == 200
    claim = Claim.objects.get(citizen=citizen)
    submitted = page("submit", lambda: web.post("/nop-ho-so/gui/", {"claim": str(claim.public_id)}))
    assert submitted.status_code == 302
    assert page("receipt", lambda: web.get(submitted.url)).status_code == 200
    assert page("my claims", lambda: web.get("/ho-so-cua-toi/")).status_code == 200
    detail = f"/ho-so-cua-toi/{claim.public_id}/"
    assert page("claim page", lambda: web.get(detail)).status_code == 200
    assert page("inbox", lambda: web.get("/thong-bao/")).status_code == 200


def test_the_claim_page_and_the_inbox_do_not_grow_with_their_rows(
    citizen, django_capture_on_commit_callbacks
):
    claim = fill_draft(citizen)
    import claims.filing.services as filing

    filing.claim_submit(claim_id=claim.pk, citizen=citizen)
    web = web_client(citizen)
    detail = f"/ho-so-cua-toi/{claim.public_id}/"
    officer = StaffFactory(center=Claim.objects.get(pk=claim.pk).center)

    def questions_and_answers(rounds: int) -> None:
        # Each move writes an event (the timeline) and a notification (the inbox).
        with django_capture_on_commit_callbacks(execute=True):
            for n in range(rounds):
                claim_transition(
                    claim_id=claim.pk, to_status=Status.INFO_REQUESTED, actor=officer, reason=f"{n}"
                )
                claim_transition(
                    claim_id=claim.pk, to_status=Status.IN_REVIEW, actor=citizen, reason="Đáp"
                )

    claim_transition(claim_id=claim.pk, to_status=Status.IN_REVIEW, actor=officer)
    questions_and_answers(1)
    _, page_before = queries(lambda: web.get(detail))
    _, inbox_before = queries(lambda: web.get("/thong-bao/"))
    questions_and_answers(5)
    assert Notification.objects.filter(user=citizen).count() >= 6
    _, page_after = queries(lambda: web.get(detail))
    _, inbox_after = queries(lambda: web.get("/thong-bao/"))
    assert page_after <= page_before
    assert inbox_after <= inbox_before


def test_every_api_call_runs_a_bounded_number_of_queries(citizen):
    api = APIClient()
    api.force_authenticate(citizen)  # the token's own lookup is the authentication's business
    call = lambda name, request: within(API_LIMITS, name, request)  # noqa: E731
    assert call("me/record", lambda: api.get("/api/v1/me/record/")).status_code == 200
    assert call("me/eligibility", lambda: api.get("/api/v1/me/eligibility/")).status_code == 200
    assert call("draft", lambda: api.get("/api/v1/draft/")).status_code == 200
    for step, answers in ANSWERS.items():
        url = f"/api/v1/draft/steps/{step}/"
        assert call("draft step (get)", lambda: api.get(url)).status_code == 200
        if step == "documents":
            upload = {"file": SimpleUploadedFile("a.pdf", pdf_bytes()), "kind": "termination_proof"}
            posted = call(
                "draft documents (post)",
                lambda: api.post("/api/v1/draft/documents/", upload, format="multipart"),
            )
            assert posted.status_code == 201
            listed = call("draft documents (get)", lambda: api.get("/api/v1/draft/documents/"))
            assert listed.status_code == 200
        saved = call("draft step (put)", lambda: api.put(url, answers, format="json"))
        assert saved.status_code == 200, saved.json()
    assert call("draft estimate", lambda: api.get("/api/v1/draft/estimate/")).status_code == 200
    submit = lambda: api.post("/api/v1/draft/submit/", HTTP_IDEMPOTENCY_KEY="q")  # noqa: E731
    claim_id = call("draft submit", submit).json()["id"]
    assert call("claims", lambda: api.get("/api/v1/claims/")).status_code == 200
    assert call("claims/{id}", lambda: api.get(f"/api/v1/claims/{claim_id}/")).status_code == 200
    withdraw = lambda: api.post(  # noqa: E731
        f"/api/v1/claims/{claim_id}/withdraw/", {"confirm": True}, format="json"
    )
    assert call("claims/{id}/withdraw", withdraw).status_code == 200

    # The one-call filing: every step, the file and the submit in one request.
    answers = {k: v for k, v in ANSWERS.items() if k != "documents"}

    def file_at_once():
        return api.post(
            "/api/v1/filings/",
            {"claim": json.dumps(answers), "termination_proof": SimpleUploadedFile("a.pdf", PDF)},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY="once",
        )

    assert call("filings", file_at_once).status_code == 201
    assert call("filings (replayed)", file_at_once)["Idempotent-Replayed"] == "true"


PDF = pdf_bytes()
