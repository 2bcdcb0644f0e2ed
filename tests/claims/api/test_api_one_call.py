"""POST /api/v1/filings/: a whole claim in one call, exactly once per Idempotency-Key."""

from __future__ import annotations

import json
import threading
import uuid

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from claims.core.transitions import Status
from claims.filing.serializers import FiledClaimSerializer
from claims.models import Claim, ClaimDocument, ClaimEvent, FilingRequest
from tests.claims.api.helpers import answers_for, pdf_bytes

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
    pytest.mark.usefixtures("filing_day", "center"),
]
URL = "/api/v1/filings/"
PDF = pdf_bytes()


def body(citizen, **changes) -> dict:
    answers = {k: v for k, v in answers_for(citizen).items() if k != "documents"}
    for step, values in changes.items():
        answers[step] = {**answers[step], **values}
    return answers


def post(client, answers, *, key="k-1", files=None, **headers):
    data = {"claim": json.dumps(answers)}
    for name, content in files if files is not None else [("termination_proof", PDF)]:
        data.setdefault(name, []).append(SimpleUploadedFile(f"{name}.pdf", content))
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(URL, data, format="multipart", **headers)


def stored_files() -> list[str]:
    try:
        return default_storage.listdir("claims")[1] + [
            f for d in default_storage.listdir("claims")[0] for f in _walk(f"claims/{d}")
        ]
    except FileNotFoundError:
        return []


def _walk(path: str) -> list[str]:
    dirs, files = default_storage.listdir(path)
    return files + [f for d in dirs for f in _walk(f"{path}/{d}")]


def test_one_call_files_and_submits_the_whole_claim(citizen_api, citizen):
    response = post(
        citizen_api, body(citizen), files=[("termination_proof", PDF), ("supporting", PDF)]
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == Status.SUBMITTED
    assert data["reference"].startswith("TCTN-2026-")
    assert response["Location"] == f"/api/v1/claims/{data['id']}/"
    assert "Idempotent-Replayed" not in response
    claim = Claim.objects.get(citizen=citizen)
    assert claim.status == Status.SUBMITTED and claim.employer_tax_code == "2300987654"
    # The answers are stored with the submission, every step's, beside the record's prefill.
    sent = body(citizen)
    assert all(claim.answers[step] for step in sent)
    assert claim.answers["job"]["employer_name"] == sent["job"]["employer_name"]
    assert "_record" in claim.answers and "documents" in claim.answers
    assert (
        claim.center is not None and claim.center.province_code == sent["center"]["province_code"]
    )
    assert claim.draft_step == ""
    kinds = sorted(claim.documents.values_list("kind", flat=True))
    assert kinds == [ClaimDocument.Kind.SUPPORTING, ClaimDocument.Kind.TERMINATION_PROOF]
    assert ClaimEvent.objects.filter(claim=claim, to_status=Status.SUBMITTED).count() == 1


def test_the_answer_is_the_receipt_the_schema_describes_and_matches_the_claim(citizen_api, citizen):
    response = post(citizen_api, body(citizen))
    assert response.status_code == 201
    data = response.json()
    claim = Claim.objects.get(citizen=citizen)
    assert data == json.loads(JSONRenderer().render(FiledClaimSerializer(claim).data))
    assert data["links"] == {
        "self": response["Location"],
        "page": f"/ho-so-cua-toi/{claim.public_id}/",
    }
    assert "timeline" not in data and "documents" not in data
    detail = citizen_api.get(data["links"]["self"]).json()
    same = ("id", "reference", "status", "version", "submitted_at", "monthly_benefit")
    assert {k: data[k] for k in same} == {k: detail[k] for k in same}
    assert data["decision_due"] == claim.decision_due.isoformat()


def test_a_retry_with_the_same_key_replays_the_answer_and_files_nothing_more(citizen_api, citizen):
    first = post(citizen_api, body(citizen), key="retry-me")
    again = post(citizen_api, body(citizen), key="retry-me")
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert Claim.objects.filter(citizen=citizen).count() == 1
    assert ClaimDocument.objects.count() == 1
    assert FilingRequest.objects.filter(citizen=citizen).count() == 1


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(citizen_api, citizen):
    first = post(citizen_api, body(citizen), key="k")
    other = post(citizen_api, body(citizen, contact={"phone": "0987654321"}), key="k")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert "Idempotency-Key" in other.json()["detail"]
    other_file = post(
        citizen_api, body(citizen), key="k", files=[("termination_proof", PDF + b"\n")]
    )
    assert other_file.status_code == 422
    claim = Claim.objects.get(citizen=citizen)
    assert str(claim.public_id) == first.json()["id"]
    assert claim.answers["contact"]["phone"] == "0912345678"
    assert ClaimDocument.objects.count() == 1


def test_without_an_idempotency_key_nothing_is_filed(citizen_api, citizen):
    response = post(citizen_api, body(citizen), key=None)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"
    assert not Claim.objects.exists()


def test_wrong_answers_get_every_field_error_by_step_and_nothing_is_kept(citizen_api, citizen):
    answers = body(citizen, job={"termination_date": "31/02/2026"}, contact={"phone": "12"})
    del answers["declaration"]
    response = post(citizen_api, answers)
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid" and data["detail"] == "Có lỗi cần sửa"
    assert set(data["errors"]) == {"job", "contact", "declaration"}
    assert data["errors"]["job"]["termination_date"]
    assert "Số điện thoại" in data["errors"]["contact"]["phone"][0]
    assert data["errors"]["declaration"]["truthful"]
    assert not Claim.objects.exists() and not ClaimDocument.objects.exists()
    assert not FilingRequest.objects.exists()
    assert stored_files() == []
    # Fixed, the same key goes through: a refused call does not use the key up.
    assert post(citizen_api, body(citizen)).status_code == 201


def test_errors_are_in_english_when_asked(citizen_api, citizen):
    response = post(citizen_api, body(citizen, contact={"phone": "12"}), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"] == "There is a problem"
    assert "mobile" in response.json()["errors"]["contact"]["phone"][0].lower()


def test_a_file_that_is_not_a_document_is_refused_and_no_file_is_left(citizen_api, citizen):
    response = post(
        citizen_api,
        body(citizen),
        files=[("supporting", PDF), ("termination_proof", b"MZ\x90\x00 not a document")],
    )
    assert response.status_code == 400
    errors = response.json()["errors"]["documents"]
    assert list(errors) == ["termination_proof"] and "PDF" in errors["termination_proof"][0]
    assert not Claim.objects.exists() and not ClaimDocument.objects.exists()
    assert stored_files() == []


def test_a_claim_without_a_termination_proof_is_refused(citizen_api, citizen):
    response = post(citizen_api, body(citizen), files=[])
    assert response.status_code == 400
    assert response.json()["errors"]["documents"]["termination_proof"]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("claim_part", "where"),
    [
        ("not json", "claim"),
        ("[1, 2]", "claim"),
        (json.dumps({"job": [1]}), "errors"),
        (json.dumps({"nonsense": {}}), "errors"),
        (json.dumps({"job": {"employer_name": {"a": 1}}}), "errors"),
    ],
)
def test_a_malformed_claim_part_is_a_400_with_a_message(citizen_api, claim_part, where):
    response = citizen_api.post(
        URL,
        {"claim": claim_part, "termination_proof": SimpleUploadedFile("a.pdf", PDF)},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY="k",
    )
    assert response.status_code == 400, response.json()
    assert response.json()["detail"] and where in response.json()
    assert not Claim.objects.exists()


def test_an_unknown_file_part_is_refused(citizen_api, citizen):
    response = post(citizen_api, body(citizen), files=[("termination_proof", PDF), ("cv", PDF)])
    assert response.status_code == 400
    assert "cv" in response.json()["errors"]["documents"]
    assert not Claim.objects.exists()


def test_the_open_draft_from_the_web_is_the_one_filed(citizen_api, citizen):
    draft = citizen_api.get("/api/v1/draft/").json()
    response = post(citizen_api, body(citizen))
    assert response.status_code == 201
    assert response.json()["id"] == draft["id"]
    assert Claim.objects.filter(citizen=citizen).count() == 1


def test_a_second_claim_about_the_same_termination_is_refused(citizen_api, citizen):
    assert post(citizen_api, body(citizen), key="first").status_code == 201
    second = post(citizen_api, body(citizen), key="second")
    assert second.status_code in {400, 409}
    assert second.json()["detail"]
    assert Claim.objects.filter(citizen=citizen).exclude(status=Status.DRAFT).count() == 1


def test_staff_and_anonymous_callers_cannot_file(api, staff_api, citizen):
    assert post(api, body(citizen)).status_code == 401
    assert post(staff_api, body(citizen)).status_code == 403
    assert not Claim.objects.exists()


def test_the_schema_documents_the_endpoint_and_its_key(api):
    schema = api.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/filings/"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["required"] for p in operation["parameters"])
    assert "multipart/form-data" in operation["requestBody"]["content"]
    assert {"201", "400", "409", "422"} <= set(operation["responses"])


fuzz_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.text(max_size=30)
    | st.sampled_from(["2026-02-27", "31/02/2026", "0912345678", "24", "bank", "cash", "VCB"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=10,
)
STEP_NAMES = ["job", "center", "payment", "contact", "declaration", "documents"]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    claim_part=st.one_of(
        st.dictionaries(
            st.sampled_from(STEP_NAMES) | st.text(max_size=10), fuzz_values, max_size=6
        ).map(json.dumps),
        fuzz_values.map(json.dumps),
        st.text(max_size=40),
    ),
    file_content=st.sampled_from([PDF, b"", b"%PDF-1.4 broken", b"\x89PNG\r\n\x1a\n", b"GIF89a"]),
    key=st.text(min_size=1, max_size=30).filter(lambda k: k.strip() and k.isprintable()),
)
def test_random_bodies_never_get_a_500(citizen_api, claim_part, file_content, key):
    response = citizen_api.post(
        URL,
        {"claim": claim_part, "termination_proof": SimpleUploadedFile("f.pdf", file_content)},
        format="multipart",
        HTTP_IDEMPOTENCY_KEY=key.strip().encode("ascii", "ignore").decode() or "k",
    )
    assert response.status_code in {201, 400, 409, 422}, response.content
    assert response.json()["detail"] if response.status_code != 201 else response.json()["id"]


@pytest.mark.django_db(transaction=True, databases=["default", "social_security"])
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs two PostgreSQL sessions")
def test_the_same_key_twice_at_the_same_moment_files_one_claim(citizen):
    barrier = threading.Barrier(2)
    key = str(uuid.uuid4())
    results: list = [None, None]

    def call(i: int) -> None:
        try:
            client = APIClient()
            client.force_authenticate(citizen)
            barrier.wait()
            results[i] = post(client, body(citizen), key=key)
        except BaseException as exc:  # noqa: BLE001 - reported below
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(getattr(r, "status_code", None) == 201 for r in results), results
    assert results[0].json() == results[1].json()
    assert sorted(r.get("Idempotent-Replayed", "") for r in results) == ["", "true"]
    assert Claim.objects.filter(citizen=citizen).count() == 1
    assert ClaimDocument.objects.count() == 1


def test_a_refused_second_claim_leaves_no_new_draft_behind(citizen_api, citizen):
    # The draft's start check runs on the claims read under the person's lock, after the new
    # draft is made: the refusal takes the draft back with the whole call.
    first = post(citizen_api, body(citizen), key="first").json()
    second = post(citizen_api, body(citizen), key="second")
    assert second.status_code == 409, second.json()
    assert first["reference"] in second.json()["detail"]
    assert list(Claim.objects.filter(citizen=citizen).values_list("status", flat=True)) == [
        Status.SUBMITTED
    ]
    assert not FilingRequest.objects.filter(key="second").exists()


def test_a_new_draft_takes_at_most_ten_files_in_one_call(citizen_api, citizen):
    files = [("termination_proof", PDF)] + [("supporting", PDF)] * 10
    response = post(citizen_api, body(citizen), files=files)
    assert response.status_code == 400
    assert "tối đa 10" in response.json()["errors"]["documents"]["supporting"][0]
    assert not Claim.objects.exists() and not ClaimDocument.objects.exists()
    assert stored_files() == []
    assert post(citizen_api, body(citizen), files=files[:10], key="k-2").status_code == 201
    assert ClaimDocument.objects.count() == 10


def test_files_of_the_web_draft_count_toward_the_ten(citizen_api, citizen):
    draft = citizen_api.get("/api/v1/draft/").json()
    for _ in range(9):
        added = citizen_api.post(
            "/api/v1/draft/documents/",
            {"kind": "supporting", "file": SimpleUploadedFile("s.pdf", PDF)},
            format="multipart",
        )
        assert added.status_code == 201, added.json()
    response = post(citizen_api, body(citizen), files=[("termination_proof", PDF)] * 2)
    assert response.status_code == 400
    assert "tối đa 10" in response.json()["errors"]["documents"]["termination_proof"][0]
    assert Claim.objects.get(public_id=draft["id"]).status == Status.DRAFT
    assert ClaimDocument.objects.count() == 9
