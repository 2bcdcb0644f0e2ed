"""Decision pages: downloads only for the owner and the center's staff, and the public /verify/."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support module

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from claims.decisions.models import Decision
from claims.models import StaffAccessLog
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir, propose_approval, sign
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()  # the lookup counter is per IP and minute: tests must not share it


@pytest.fixture
def decision(claim, staff, django_capture_on_commit_callbacks) -> Decision:
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    for member in staff.values():  # staff pages need MFA set up
        TOTP.activate(member, generate_totp_secret())
    claim = propose_approval(claim, staff["officer"])
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    return Decision.objects.select_related("claim").get(claim=claim)


def citizen_url(decision):
    return reverse("claims:claim_decision_pdf", kwargs={"public_id": decision.claim.public_id})


def staff_url(decision):
    return reverse("staff:claim_decision_pdf", kwargs={"public_id": decision.claim.public_id})


def test_the_owner_downloads_the_signed_file(client, decision, citizen):
    client.force_login(citizen)
    page = client.get(
        reverse("claims:claim_detail", kwargs={"public_id": decision.claim.public_id})
    )
    assert (
        decision.number in page.content.decode() and citizen_url(decision) in page.content.decode()
    )
    response = client.get(citizen_url(decision))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="quyet-dinh-1-QD-TTDVVL.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == decision.file.read()


def test_a_pending_decision_says_it_is_being_prepared(client, decision, citizen):
    Decision.objects.filter(pk=decision.pk).update(state=Decision.State.PENDING)
    client.force_login(citizen)
    page = client.get(
        reverse("claims:claim_detail", kwargs={"public_id": decision.claim.public_id})
    )
    assert "đang được lập" in page.content.decode()
    assert client.get(citizen_url(decision)).status_code == 404


def test_another_citizen_gets_404_and_anonymous_is_sent_to_login(client, decision):
    assert client.get(citizen_url(decision)).status_code == 302
    client.force_login(CitizenFactory())
    assert client.get(citizen_url(decision)).status_code == 404


def test_center_staff_download_is_logged_and_other_centers_are_refused(client, decision, staff):
    client.force_login(staff["officer"])
    page = client.get(reverse("staff:claim", kwargs={"public_id": decision.claim.public_id}))
    assert decision.sha256 in page.content.decode()
    response = client.get(staff_url(decision))
    assert response.status_code == 200
    assert StaffAccessLog.objects.filter(user=staff["officer"], page="decision").count() == 1
    client.force_login(staff["other_officer"])
    assert client.get(staff_url(decision)).status_code in {403, 404}
    client.logout()
    assert client.get(staff_url(decision)).status_code == 302


def test_render_again_only_for_a_failed_decision(
    client, decision, staff, django_capture_on_commit_callbacks
):
    url = reverse("staff:claim_decision_again", kwargs={"public_id": decision.claim.public_id})
    Decision.objects.filter(pk=decision.pk).update(state=Decision.State.FAILED, attempts=5)
    client.force_login(staff["other_officer"])
    assert client.post(url).status_code in {403, 404}
    client.force_login(staff["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    decision.refresh_from_db()
    assert decision.state == Decision.State.ISSUED


def verify(client, decision, **extra):
    data = {"so": decision.number, "ma": decision.code_display, **extra}
    return client.post(reverse("decision_verify"), data)


def test_the_qr_link_shows_who_signed_and_when_without_personal_data(client, decision):
    response = client.get(
        reverse("decision_verify"), {"so": decision.number, "ma": decision.verification_code}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Quyết định có thật" in body and decision.signer_name in body
    assert decision.cert_fingerprint in body
    assert "Nguyễn T*** H***" in body and "Nguyễn Thị Hoa" not in body
    assert decision.claim.personal_id not in body


def test_the_issued_file_is_identical_and_validly_signed(client, decision):
    upload = SimpleUploadedFile("qd.pdf", decision.file.read(), content_type="application/pdf")
    body = verify(client, decision, tep=upload).content.decode()
    assert "Tệp giống hệt bản đã ban hành: có." in body
    assert "Chữ ký số hợp lệ và được tin cậy: có." in body


def test_a_changed_byte_is_reported_not_identical_and_invalid(client, decision):
    data = bytearray(decision.file.read())
    position = data.find(b"/Type /Page")
    data[position + 1] = ord("Q")
    upload = SimpleUploadedFile("qd.pdf", bytes(data), content_type="application/pdf")
    body = verify(client, decision, tep=upload).content.decode()
    assert "Tệp giống hệt bản đã ban hành: không." in body
    assert "Chữ ký số hợp lệ và được tin cậy: không." in body
    # The red result leads; no green "the decision exists" panel above (or anywhere).
    main = body[body.index('id="main"') :]
    red = main.index('class="notice notice--error" role="alert" id="verify-file-result"')
    assert "notice--success" not in main
    assert red < main.index(decision.signer_name)
    assert "Quyết định có thật" not in main
    assert f"Quyết định số {decision.number} có trong hệ thống" in main


def test_a_matching_file_keeps_the_green_panels(client, decision):
    upload = SimpleUploadedFile("qd.pdf", decision.file.read(), content_type="application/pdf")
    main = verify(client, decision, tep=upload).content.decode()
    main = main[main.index('id="main"') :]
    assert main.count("notice--success") == 2 and "notice--error" not in main


def test_a_wrong_code_is_simply_not_found(client, decision):
    wrong = "23456" + ("ABCDE" if decision.verification_code[5:] != "ABCDE" else "FGHJK")
    response = client.post(reverse("decision_verify"), {"so": decision.number, "ma": wrong})
    body = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy quyết định" in body
    assert decision.signer_name not in body


def test_a_non_pdf_upload_is_refused_with_a_message(client, decision):
    upload = SimpleUploadedFile("qd.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    response = verify(client, decision, tep=upload)
    assert response.status_code == 400
    assert "Tệp này không phải PDF" in response.content.decode()


def test_lookups_are_rate_limited(client, decision, settings):
    from django.core.cache import cache

    cache.clear()
    settings.DECISION_VERIFY_RATE = 3
    statuses = [verify(client, decision).status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert "quá nhiều lần" in verify(client, decision).content.decode()


@given(
    so=st.text(max_size=80),
    ma=st.text(max_size=50),
    method=st.sampled_from(["get", "post"]),
)
def test_bad_input_never_fails(client, so, ma, method):
    so, ma = so.replace("\x00", ""), ma.replace("\x00", "")
    response = getattr(client, method)(reverse("decision_verify"), {"so": so, "ma": ma})
    assert response.status_code in {200, 400, 404, 429}
