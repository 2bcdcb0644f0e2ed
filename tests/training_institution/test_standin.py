"""The stand-in over HTTP: signatures, idempotent enrolments, its page, the clerk's reports
delivered signed to the portal's report URL (a receiver standing in for the portal), faults."""

from __future__ import annotations

import json

import pytest
import requests

from common import institution_keys, signed_http
from tests.settlement_office.support import CallbackReceiver, wait_for
from tests.training_institution.support import (
    DEV_SECRET,
    clerk_report,
    institution_running,
    push,
    sample_enrolment,
    standin_enrolments,
)

CODE = "cd-bac-ninh"
KEY = institution_keys.derived_key(master=DEV_SECRET, code=CODE)


def held(base_url: str, enrolment: dict) -> dict:
    """The stand-in's row for a pushed enrolment."""
    return next(
        e for e in standin_enrolments(base_url) if e["enrolment_id"] == enrolment["enrolment_id"]
    )


@pytest.fixture(scope="module")
def receiver():
    with CallbackReceiver(secret=KEY) as r:
        yield r


@pytest.fixture(scope="module")
def standin(tmp_path_factory):
    with institution_running(tmp_path_factory.mktemp("institution"), report_backoff=0.1) as url:
        yield url


def test_an_unsigned_or_foreign_signed_enrolment_is_refused(standin, receiver):
    enrolment = sample_enrolment(receiver.url)
    assert push(standin, enrolment, signed=False).status_code == 401
    # Signed by another institution for this one.
    assert push(standin, enrolment, code="other-school").status_code == 401
    assert push(standin, enrolment, secret="not-the-master").status_code == 401
    ids = {e["enrolment_id"] for e in standin_enrolments(standin)}
    assert enrolment["enrolment_id"] not in ids


def test_the_same_enrolment_pushed_twice_is_one(standin, receiver):
    enrolment = sample_enrolment(receiver.url)
    first, second = push(standin, enrolment), push(standin, enrolment)
    assert (first.status_code, second.status_code) == (202, 200)
    assert second.json()["duplicate"] is True
    conflict = push(standin, {**enrolment, "months": 5})
    assert conflict.status_code == 409
    mine = [
        e for e in standin_enrolments(standin) if e["enrolment_id"] == enrolment["enrolment_id"]
    ]
    assert len(mine) == 1 and mine[0]["times_received"] == 2


@pytest.mark.parametrize(
    "body", [b"", b"[]", b"not json", json.dumps({"enrolment_id": "x"}).encode()]
)
def test_bad_enrolments_are_400(standin, body):
    response = push(standin, {}, body=body, code=CODE)
    assert response.status_code == 400


def test_the_page_lists_enrolments_in_both_languages(standin, receiver):
    push(standin, sample_enrolment(receiver.url, learner_name="Trần Văn Bình"))
    vi = requests.get(f"{standin}/", timeout=30)
    en = requests.get(f"{standin}/?lang=en", timeout=30)
    assert vi.status_code == en.status_code == 200
    assert "Trần Văn Bình" in vi.text
    assert '<html lang="en">' in en.text
    assert "Training institution stand-in" in en.text and "Report a month's attendance" in en.text


def test_the_clerks_report_reaches_the_portal_signed_and_retried(standin, receiver):
    receiver.fail_first = 1  # the portal is down for the first try
    enrolment = sample_enrolment(receiver.url)
    push(standin, enrolment)
    pk = held(standin, enrolment)["id"]
    response = clerk_report(standin, pk, "attendance", month=1, days_attended=18, days_scheduled=20)
    assert response.status_code == 302
    mine = wait_for(
        lambda: [
            r
            for r in receiver.received
            if r.body.get("enrolment_id") == enrolment["enrolment_id"] and r.answered == 200
        ]
    )
    report = mine[0]
    assert report.signature_ok
    assert report.headers[institution_keys.INSTITUTION_HEADER] == CODE
    assert report.body["kind"] == "attendance"
    assert (report.body["month"], report.body["days_attended"]) == (1, 18)
    signed_http.verify(secret=KEY, headers=report.headers, body=report.raw)


def test_a_wrong_form_is_shown_again_with_its_errors(standin, receiver):
    enrolment = sample_enrolment(receiver.url)
    push(standin, enrolment)
    pk = held(standin, enrolment)["id"]
    response = clerk_report(standin, pk, "attendance", month=1, days_attended=25, days_scheduled=20)
    assert response.status_code == 400
    assert 'role="alert"' in response.text
    assert held(standin, enrolment)["reports"] == []


def test_injected_faults(tmp_path, receiver):
    with institution_running(tmp_path, fail_5xx=1, duplicate_reports=1) as url:
        enrolment = sample_enrolment(receiver.url)
        assert push(url, enrolment).status_code == 503
        assert standin_enrolments(url) == []
    with institution_running(tmp_path, duplicate_reports=1) as url:
        enrolment = sample_enrolment(receiver.url)
        push(url, enrolment)
        pk = standin_enrolments(url)[0]["id"]
        clerk_report(url, pk, "dropout", dropped_on="2026-04-01", reason="đi làm")

        def twice():
            bodies = receiver.events(answered=200)
            return [b for b in bodies if b.get("enrolment_id") == enrolment["enrolment_id"]]

        sent = wait_for(lambda: len(twice()) == 2 and twice())
        assert sent[0] == sent[1]  # the same report id, the same body
        assert standin_enrolments(url)[0]["state"] == "dropped"


def test_a_late_report_waits_for_its_delay(tmp_path, receiver):
    # An hour's delay: the report is kept, unsent, until then (the portal takes it late).
    with institution_running(tmp_path, report_delay=3600) as url:
        enrolment = sample_enrolment(receiver.url)
        push(url, enrolment)
        pk = held(url, enrolment)["id"]
        assert (
            clerk_report(
                url, pk, "attendance", month=1, days_attended=5, days_scheduled=20
            ).status_code
            == 302
        )
        report = held(url, enrolment)["reports"][0]
        assert (report["state"], report["attempts"]) == ("pending", 0)
