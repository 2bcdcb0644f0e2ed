"""The institutions' signed API: signatures (401/403, never 500), an institution sees and reports
on its own enrolments only, bad input answered 4xx with nothing changed."""

from __future__ import annotations

import time
import uuid

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from common import institution_keys, signed_http
from tests.training.enrolment_helpers import (
    attendance_payload,
    make_enrolment,
    make_institution,
    post_report,
    report_attendance,
    signed_headers,
)
from training.enrolment.models import AttendanceReport, ReportReceipt, TrainingPaymentOrder
from training.institution_api.models import InstitutionLink

pytestmark = pytest.mark.django_db


def nothing_recorded() -> bool:
    return not (
        AttendanceReport.objects.exists()
        or ReportReceipt.objects.exists()
        or TrainingPaymentOrder.objects.exists()
    )


def test_an_unsigned_report_is_refused_401(client):
    enrolment = make_enrolment()
    response = post_report(client, attendance_payload(enrolment), code="x", signed=False)
    assert response.status_code == 401
    assert response.json()["error"] == "signature_missing"
    assert nothing_recorded()


def test_a_report_signed_with_another_institutions_key_is_refused(client):
    enrolment = make_enrolment()
    other = make_institution()
    # Names the enrolment's institution but signs with the other one's key.
    response = post_report(
        client,
        attendance_payload(enrolment),
        code=enrolment.institution.code,
        secret=institution_keys.derived_key(
            master=django_settings.TRAINING_INSTITUTION_SECRET, code=other.code
        ),
    )
    assert response.status_code == 401
    assert response.json()["error"] == "signature_mismatch"
    assert nothing_recorded()


def test_a_stale_or_malformed_signature_is_refused(client):
    enrolment = make_enrolment()
    code = enrolment.institution.code
    stale = post_report(
        client, attendance_payload(enrolment), code=code, timestamp=int(time.time()) - 301
    )
    assert (stale.status_code, stale.json()["error"]) == (401, "signature_stale")
    body = signed_http.dumps(attendance_payload(enrolment))
    headers = {**signed_headers(body, code=code), "X-Trocap-Signature": "v2=abc"}
    malformed = client.post(
        reverse("training:institution_reports"),
        data=body,
        content_type="application/json",
        headers=headers,
    )
    assert (malformed.status_code, malformed.json()["error"]) == (401, "signature_malformed")
    assert nothing_recorded()


def test_an_unknown_institution_is_refused(client):
    enrolment = make_enrolment()
    response = post_report(client, attendance_payload(enrolment), code="khong-co")
    assert (response.status_code, response.json()["error"]) == (401, "unknown_institution")


def test_a_stored_secret_replaces_the_derived_key(client):
    institution = make_institution(secret="a-real-institutions-own-secret")
    enrolment = make_enrolment(institution=institution)
    derived = report_attendance(client, enrolment)
    assert derived.status_code == 401
    own = post_report(
        client,
        attendance_payload(enrolment),
        code=institution.code,
        secret="a-real-institutions-own-secret",
    )
    assert own.status_code == 201


def test_a_disconnected_institution_is_refused_403(client):
    enrolment = make_enrolment()
    InstitutionLink.objects.filter(institution=enrolment.institution).update(active=False)
    response = report_attendance(client, enrolment)
    assert (response.status_code, response.json()["error"]) == (403, "institution_inactive")
    assert nothing_recorded()


def test_an_institution_cannot_report_on_another_institutions_enrolment(client):
    enrolment = make_enrolment()
    other = make_institution()
    response = post_report(client, attendance_payload(enrolment), code=other.code)
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_enrolment"
    assert nothing_recorded()


def test_an_institution_lists_only_its_own_enrolments(client, django_assert_max_num_queries):
    mine = make_enrolment()
    make_enrolment()  # another institution's
    headers = signed_headers(b"", code=mine.institution.code)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("training:institution_enrolments"), headers=headers)
    assert response.status_code == 200
    assert [e["enrolment_id"] for e in response.json()["enrolments"]] == [str(mine.public_id)]
    unsigned = client.get(reverse("training:institution_enrolments"))
    assert unsigned.status_code == 401


def test_a_report_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    enrolment = make_enrolment()
    with django_assert_max_num_queries(30):
        response = report_attendance(client, enrolment, month=1)
    assert response.status_code == 201


@pytest.mark.parametrize(
    "body",
    [b"", b"not json", b"[]", b'{"kind": "attendance"}', b"\xff\xfe", b'{"kind": "x"}'],
)
def test_malformed_bodies_are_400_and_change_nothing(client, body):
    enrolment = make_enrolment()
    response = post_report(client, {}, body=body, code=enrolment.institution.code)
    assert response.status_code == 400
    assert nothing_recorded()


_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.text(max_size=50),
    st.lists(st.integers(), max_size=3),
)


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["attendance", "completion", "dropout", "other"]),
    fields=st.dictionaries(
        st.sampled_from(
            [
                "month",
                "days_attended",
                "days_scheduled",
                "certificate_number",
                "completed_on",
                "dropped_on",
                "reason",
                "report_id",
            ]
        ),
        _values,
        max_size=6,
    ),
)
def test_any_signed_input_is_answered_without_a_server_error(client, kind, fields):
    enrolment = make_enrolment()
    payload = {"report_id": str(uuid.uuid4()), "enrolment_id": str(enrolment.public_id)}
    payload.update({"kind": kind, **fields})
    response = post_report(client, payload, code=enrolment.institution.code)
    assert response.status_code in (200, 201, 400, 404, 409, 422)
    if response.status_code >= 400:
        assert response.json()["error"]


def test_without_a_master_secret_only_institutions_with_their_own_key_are_heard(client, settings):
    settings.TRAINING_INSTITUTION_SECRET = ""  # production without the stand-in's master
    enrolment = make_enrolment()
    response = post_report(
        client, attendance_payload(enrolment), code=enrolment.institution.code, secret=""
    )
    assert (response.status_code, response.json()["error"]) == (403, "institution_without_key")
    assert nothing_recorded()
