"""The social-security agency's signed extract: it verifies, and anything changed is refused."""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given
from hypothesis import strategies as st

from eligibility import signed_extract as se
from tests.eligibility.assessment_builders import garment_worker

ISSUED = dt.datetime(2026, 11, 2, 8, 30, tzinfo=dt.UTC)


@pytest.fixture
def keys_dir(settings, tmp_path):
    settings.SOCIAL_SECURITY_EXTRACT_KEYS_DIR = str(tmp_path / "agency")
    settings.SOCIAL_SECURITY_EXTRACT_SIGNING_KEY = ""
    settings.SOCIAL_SECURITY_EXTRACT_TRUSTED_KEYS = []
    return tmp_path / "agency"


def _signed():
    return se.record_extract_sign(garment_worker(), issued_at=ISSUED)


def test_the_signed_extract_verifies_and_says_what_the_record_says(keys_dir):
    extract = _signed()
    verified = se.extract_verify(extract, personal_id="001090000001")
    assert verified.issued_at == ISSUED
    assert verified.data["employers"] == [
        {"tax_code": "2300987654", "name": "Công ty TNHH May mặc Hanwoo Vina"}
    ]
    months = verified.data["contributions"]
    assert len(months) == 74 and verified.data["ui_paid_months"] == 74
    assert months[-1] == {
        "month": "2026-02",
        "employer_tax_code": "2300987654",
        "insured_salary": 7_000_000,
        "ui_paid": True,
    }
    # Detached: the compact JWS has an empty payload part; the signed bytes are the payload.
    header, body, signature = extract.signature.split(".")
    assert body == "" and header and signature
    assert json.loads(extract.payload) == verified.data


def test_the_development_key_is_created_once_and_private(keys_dir):
    private, public, created = se.dev_key_ensure()
    assert created and private.parent == keys_dir
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    again = se.dev_key_ensure()
    assert again[2] is False and private.read_bytes() == again[0].read_bytes()
    assert b"PRIVATE" not in public.read_bytes()


@given(position=st.integers(min_value=0, max_value=10_000), delta=st.integers(1, 255))
def test_one_changed_byte_of_the_payload_is_refused(keys_dir, position, delta):
    extract = _signed()
    payload = bytearray(extract.payload)
    index = position % len(payload)
    payload[index] = (payload[index] + delta) % 256
    with pytest.raises(se.ExtractRefused):
        se.extract_verify(se.SignedExtract(bytes(payload), extract.signature))


def test_one_changed_salary_is_refused_as_a_bad_signature(keys_dir):
    extract = _signed()
    forged = extract.payload.replace(b'"insured_salary":7000000', b'"insured_salary":9000000', 1)
    assert forged != extract.payload
    with pytest.raises(se.ExtractRefused) as refused:
        se.extract_verify(se.SignedExtract(forged, extract.signature))
    assert refused.value.code == "bad_signature"


def test_one_changed_byte_of_the_signature_is_refused(keys_dir):
    extract = _signed()
    header, _empty, signature = extract.signature.split(".")
    flipped = ("A" if signature[10] != "A" else "B").join([signature[:10], signature[11:]])
    with pytest.raises(se.ExtractRefused):
        se.extract_verify(se.SignedExtract(extract.payload, f"{header}..{flipped}"))


def test_an_extract_signed_with_another_key_is_refused(keys_dir):
    other = ec.generate_private_key(ec.SECP256R1())
    content = se.extract_content(garment_worker(), issued_at=ISSUED)
    forged = se.extract_sign(content, key=other)
    with pytest.raises(se.ExtractRefused) as refused:
        se.extract_verify(forged)
    assert refused.value.code == "unknown_key"


def test_another_key_under_the_trusted_key_id_is_refused(keys_dir):
    """A forger who copies the agency's key id still cannot sign for it."""
    trusted = se.trusted_keys()
    (kid,) = trusted
    other = ec.generate_private_key(ec.SECP256R1())
    extract = _signed()
    with pytest.raises(se.ExtractRefused) as refused:
        se.extract_verify(extract, keys={kid: other.public_key()})
    assert refused.value.code == "bad_signature"


def test_an_extract_about_someone_else_is_refused(keys_dir):
    with pytest.raises(se.ExtractRefused) as refused:
        se.extract_verify(_signed(), personal_id="001090009999")
    assert refused.value.code == "other_person"


def test_a_token_with_its_payload_attached_is_not_an_extract(keys_dir):
    import jwt

    key = se.stand_in_signing_key()
    token = jwt.api_jws.PyJWS().encode(
        b"{}", key, algorithm="ES256", headers={"kid": se.key_id(key.public_key()), "typ": se.TYPE}
    )
    with pytest.raises(se.ExtractRefused) as refused:
        se.extract_verify(se.SignedExtract(b"{}", token))
    assert refused.value.code == "not_detached"


@pytest.mark.parametrize("garbage", ["", "not a jws", "a..b", "...."])
def test_garbage_is_refused_not_a_crash(keys_dir, garbage):
    with pytest.raises(se.ExtractRefused):
        se.extract_verify(se.SignedExtract(b"{}", garbage))


def test_configured_trusted_keys_replace_the_development_key(keys_dir, settings, tmp_path):
    agency = ec.generate_private_key(ec.SECP256R1())
    public = tmp_path / "real-agency.pem"
    public.write_bytes(
        agency.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    settings.SOCIAL_SECURITY_EXTRACT_TRUSTED_KEYS = [str(public)]
    with pytest.raises(se.ExtractRefused):
        se.extract_verify(_signed())  # the development key is no longer trusted
    real = se.extract_sign(se.extract_content(garment_worker(), issued_at=ISSUED), key=agency)
    assert se.extract_verify(real).key_id == se.key_id(agency.public_key())


def test_production_without_keys_is_a_configuration_error(keys_dir, settings):
    settings.PRODUCTION = True
    with pytest.raises(ImproperlyConfigured):
        se.trusted_keys()
    with pytest.raises(ImproperlyConfigured):
        se.stand_in_signing_key()


def test_the_setting_switches_the_confirmation_off(settings):
    assert se.enabled()
    settings.SOCIAL_SECURITY_SIGNED_EXTRACTS = False
    assert not se.enabled()
