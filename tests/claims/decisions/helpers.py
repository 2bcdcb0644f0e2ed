"""Shared by the decision tests: a development CA in a temporary folder, and a signed claim."""

from __future__ import annotations

from pathlib import Path

import pytest

import claims.review.services as review
from claims.decisions import signing
from claims.models import Claim
from identity.models import User


@pytest.fixture(scope="session")
def dev_ca_dir(tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("decision-keys")
    signing.dev_keys_ensure(directory=directory)
    return directory


@pytest.fixture(autouse=True)
def _decision_keys(settings, dev_ca_dir):
    """Every decision test signs with the session's development CA (and trusts only it)."""
    settings.DECISION_KEYS_DIR = dev_ca_dir
    settings.DECISION_SIGNING_PKCS12 = ""
    settings.DECISION_SIGNING_KEY = ""
    settings.DECISION_SIGNING_CERT = ""
    settings.DECISION_TRUST_ROOTS = []
    settings.SITE_URL = "https://trocap.example.vn"


def take(claim: Claim, officer: User) -> Claim:
    return review.claim_assign(
        claim_id=claim.pk, actor=officer, assignee=officer, expected_version=claim.version
    )


def propose_approval(claim: Claim, officer: User) -> Claim:
    claim = take(claim, officer)
    review.claim_propose_approval(
        claim_id=claim.pk, officer=officer, expected_version=claim.version
    )
    claim.refresh_from_db()
    return claim


def propose_refusal(claim: Claim, officer: User) -> Claim:
    claim = take(claim, officer)
    review.claim_propose_refusal(
        claim_id=claim.pk,
        officer=officer,
        reason_codes=["re_employed", "not_enough_months"],
        explanation="Bạn đã có việc làm mới từ ngày 01/03/2026.",
        expected_version=claim.version,
    )
    claim.refresh_from_db()
    return claim


def sign(claim: Claim, signer: User, capture) -> Claim:
    """The signer signs; the after-commit render task runs (eagerly) inside `capture`."""
    with capture(execute=True):
        return review.proposal_sign(
            claim_id=claim.pk, signer=signer, expected_version=claim.version
        )
