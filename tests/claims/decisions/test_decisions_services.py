"""Decisions: created with the signature, rendered and signed once, swept when lost, numbered."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support module

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from claims.core.transitions import Status
from claims.decisions import services, signing
from claims.decisions.models import Decision
from claims.decisions.tasks import decision_render, decisions_sweep
from claims.models import ClaimEvent, Notification
from tests.claims.decisions.helpers import (
    _decision_keys,
    dev_ca_dir,
    propose_approval,
    propose_refusal,
    sign,
)
from tests.factories import CenterFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_signing_issues_a_signed_decision_with_event_and_notification(
    claim, staff, citizen, django_capture_on_commit_callbacks
):
    claim = propose_approval(claim, staff["officer"])
    signed_claim = sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    assert signed_claim.status == Status.DECISION_ISSUED
    decision = Decision.objects.get(claim=claim)
    assert decision.state == Decision.State.ISSUED and decision.attempts == 1
    assert decision.kind == Decision.Kind.APPROVAL
    assert decision.number == "1/QĐ-TTDVVL" and decision.issued_on.year == 2026
    assert decision.signer == staff["signer"] and decision.signer_name == "Phạm Minh Châu"
    data = decision.file.read()
    assert hashlib.sha256(data).hexdigest() == decision.sha256
    check = signing.pdf_validate(data)
    assert check.ok, check
    assert check.cert_fingerprint == decision.cert_fingerprint
    assert "Trung tâm Dịch vụ việc làm (development)" in check.signer_subject
    event = ClaimEvent.objects.get(claim=claim, kind="decision_signed")
    assert event.data == {"number": decision.number, "sha256": decision.sha256}
    assert Notification.objects.filter(user=citizen, kind="decision_issued").count() == 1
    text = pdf_text(data)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Về việc hưởng trợ cấp thất nghiệp" in text
    assert "Nguyễn Thị Hoa" in text and decision.number in text
    assert decision.code_display in text


def test_the_notification_waits_for_the_signed_file(claim, staff, citizen):
    claim = propose_approval(claim, staff["officer"])
    # Without running the after-commit callbacks, the row exists but nothing is announced.
    import claims.review.services as review

    review.proposal_sign(claim_id=claim.pk, signer=staff["signer"], expected_version=claim.version)
    decision = Decision.objects.get(claim=claim)
    assert decision.state == Decision.State.PENDING and not decision.file
    assert not Notification.objects.filter(user=citizen, kind="decision_issued").exists()


def test_a_refusal_states_the_reasons_and_how_to_appeal(
    claim, staff, django_capture_on_commit_callbacks
):
    claim = propose_refusal(claim, staff["officer"])
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    decision = Decision.objects.get(claim=claim)
    assert decision.kind == Decision.Kind.REFUSAL and decision.state == Decision.State.ISSUED
    text = " ".join(pdf_text(decision.file.read()).split())
    assert "không được hưởng trợ cấp thất nghiệp" in text
    assert "Đã có việc làm mới" in text and "Chưa đủ số tháng đóng" in text
    assert "Bạn đã có việc làm mới từ ngày 01/03/2026." in text
    assert "khiếu nại" in text and "90 ngày" in text and "Luật Khiếu nại năm 2011" in text
    assert "Tòa án" in text


def test_running_the_task_twice_changes_nothing_more(
    claim, staff, django_capture_on_commit_callbacks
):
    claim = propose_approval(claim, staff["officer"])
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    decision = Decision.objects.get(claim=claim)
    before = (decision.sha256, decision.file.name, decision.attempts, decision.signed_at)
    with django_capture_on_commit_callbacks(execute=True):
        assert decision_render.delay(decision.pk).get() == Decision.State.ISSUED
    decision.refresh_from_db()
    assert (decision.sha256, decision.file.name, decision.attempts, decision.signed_at) == before
    assert ClaimEvent.objects.filter(claim=claim, kind="decision_signed").count() == 1
    assert Notification.objects.filter(claim=claim, kind="decision_issued").count() == 1


def test_a_worker_holding_the_lease_keeps_others_out(claim, staff):
    import claims.review.services as review

    claim = propose_approval(claim, staff["officer"])
    review.proposal_sign(claim_id=claim.pk, signer=staff["signer"], expected_version=claim.version)
    decision = Decision.objects.get(claim=claim)
    assert services._lease(decision.pk, "first")
    assert not services._lease(decision.pk, "second")
    assert services.decision_issue(decision_id=decision.pk).state == Decision.State.PENDING


def test_the_sweep_requeues_a_lost_decision(claim, staff, django_capture_on_commit_callbacks):
    import claims.review.services as review

    claim = propose_approval(claim, staff["officer"])
    review.proposal_sign(claim_id=claim.pk, signer=staff["signer"], expected_version=claim.version)
    decision = Decision.objects.get(claim=claim)
    assert services.decisions_lost() == []  # just created: its task may still be on its way
    Decision.objects.filter(pk=decision.pk).update(
        created_at=timezone.now() - timedelta(minutes=10)
    )
    assert services.decisions_lost() == [decision.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions_sweep.delay().get() == 1
    decision.refresh_from_db()
    assert decision.state == Decision.State.ISSUED
    # A worker that died holding the lease: found again once its lease has run out.
    Decision.objects.filter(pk=decision.pk).update(
        state=Decision.State.PENDING, lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert services.decisions_lost() == [decision.pk]


def test_the_sweep_creates_a_missing_decision(claim, staff, django_capture_on_commit_callbacks):
    import claims.review.services as review

    claim = propose_approval(claim, staff["officer"])
    review.proposal_sign(claim_id=claim.pk, signer=staff["signer"], expected_version=claim.version)
    Decision.objects.filter(claim=claim).delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.decisions_missing_create() == 1
    assert Decision.objects.get(claim=claim).state == Decision.State.ISSUED


def test_a_failure_is_recorded_and_retried_then_shown_as_failed(
    claim, staff, settings, monkeypatch, django_capture_on_commit_callbacks
):
    claim = propose_approval(claim, staff["officer"])

    def broken(document):
        raise OSError("disk full")

    monkeypatch.setattr(services, "document_sign", broken)
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    decision = Decision.objects.get(claim=claim)
    assert decision.state == Decision.State.PENDING and "disk full" in decision.last_error
    assert decision.lease_until is not None and decision.lease_until > timezone.now()
    for _ in range(services.MAX_ATTEMPTS):
        Decision.objects.filter(pk=decision.pk).update(lease_until=None)
        services.decision_issue(decision_id=decision.pk)
    decision.refresh_from_db()
    assert decision.state == Decision.State.FAILED
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_render_again(decision_id=decision.pk, actor=staff["officer"])
    decision.refresh_from_db()
    assert decision.state == Decision.State.ISSUED


def test_numbers_are_gapless_per_center_and_year():
    bac_ninh, ha_noi = CenterFactory(province_code="24"), CenterFactory(province_code="01")
    taken = [services.number_allocate(center_id=bac_ninh.pk, year=2026) for _ in range(3)]
    assert taken == [1, 2, 3]
    assert services.number_allocate(center_id=ha_noi.pk, year=2026) == 1
    assert services.number_allocate(center_id=bac_ninh.pk, year=2027) == 1
    assert services.number_allocate(center_id=bac_ninh.pk, year=2026) == 4


def test_a_rolled_back_signature_gives_its_number_back(claim, staff):
    from django.db import transaction

    import claims.review.services as review

    claim = propose_approval(claim, staff["officer"])
    with pytest.raises(RuntimeError), transaction.atomic():
        review.proposal_sign(
            claim_id=claim.pk, signer=staff["signer"], expected_version=claim.version
        )
        raise RuntimeError("the batch failed after the signature")
    assert not Decision.objects.exists()
    assert services.number_allocate(center_id=claim.center_id, year=2026) == 1


def test_a_changed_byte_is_detected(claim, staff, django_capture_on_commit_callbacks):
    claim = propose_approval(claim, staff["officer"])
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    decision = Decision.objects.get(claim=claim)
    data = bytearray(decision.file.read())
    position = data.find(b"/Type /Page")
    data[position + 1] = ord("Q")  # inside the signed byte range
    check = services.decision_file_check(decision=decision, data=bytes(data))
    assert not check.identical and not check.validation.ok
    appended = services.decision_file_check(
        decision=decision, data=bytes(decision.file.read()) + b"%x\n"
    )
    assert not appended.identical and not appended.validation.covers_whole_file


def test_a_signature_by_an_untrusted_ca_is_not_trusted(tmp_path, settings, dev_ca_dir):
    from demo.sample_decision import sample_document

    data = services.document_sign(sample_document()).data
    other = tmp_path / "other"
    signing.dev_keys_create(directory=other)
    settings.DECISION_TRUST_ROOTS = [str(other / signing.DEV_FILES["ca_cert"])]
    check = signing.pdf_validate(data)
    assert check.intact and check.valid and not check.trusted and not check.ok


def test_production_without_keys_is_improperly_configured(settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured, match="DECISION_SIGNING_PKCS12"):
        signing.signing_config()


def test_a_pkcs12_file_signs_too(tmp_path, settings, dev_ca_dir):
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    key = serialization.load_pem_private_key(
        (dev_ca_dir / signing.DEV_FILES["key"]).read_bytes(), password=None
    )
    cert = x509.load_pem_x509_certificate((dev_ca_dir / signing.DEV_FILES["cert"]).read_bytes())
    ca = x509.load_pem_x509_certificate((dev_ca_dir / signing.DEV_FILES["ca_cert"]).read_bytes())
    bundle = pkcs12.serialize_key_and_certificates(
        b"center", key, cert, [ca], serialization.BestAvailableEncryption(b"s3cret")
    )
    path = tmp_path / "center.p12"
    path.write_bytes(bundle)
    settings.DECISION_SIGNING_PKCS12 = str(path)
    settings.DECISION_SIGNING_PKCS12_PASSWORD = "s3cret"
    from demo.sample_decision import sample_document

    assert signing.pdf_validate(services.document_sign(sample_document()).data).ok


def test_signing_and_validating_work_inside_a_running_event_loop(dev_ca_dir):
    # pyHanko's sync API calls asyncio.run(): ASGI code or a browser test must not break it.
    import asyncio

    from demo.sample_decision import sample_document

    async def inside_a_loop():
        signed = services.document_sign(sample_document())
        return signing.pdf_validate(signed.data)

    assert asyncio.run(inside_a_loop()).ok
