"""The QR code printed on a decision leads to the public verification page of that decision."""
# ruff: noqa: F811, F401 - pytest fixtures imported from the support module

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from claims.decisions import pdf, services
from claims.decisions.content import verify_url
from claims.decisions.models import Decision
from tests.claims.decisions.helpers import _decision_keys, dev_ca_dir, propose_approval, sign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()  # the verification page counts lookups per IP and minute


def test_the_qr_code_encodes_the_verification_page_of_this_decision(
    client, claim, staff, settings, django_capture_on_commit_callbacks
):
    claim = propose_approval(claim, staff["officer"])
    sign(claim, staff["signer"], django_capture_on_commit_callbacks)
    decision = Decision.objects.get(claim=claim)
    document = services.document_for(decision)

    url = urlsplit(document.verify_url)
    assert f"{url.scheme}://{url.netloc}" == settings.SITE_URL
    assert url.path == reverse("decision_verify")
    assert dict(parse_qsl(url.query)) == {
        "so": decision.number,
        "ma": decision.verification_code,
    }

    # The image in the document is the QR code of exactly that address (and of no other).
    html = pdf.html_render(document)
    assert pdf.qr_data_uri(document.verify_url) in html
    assert pdf.qr_data_uri(verify_url("2/QĐ-TTDVVL", "ABCDEFGHJK")) not in html
    assert f"{settings.SITE_URL}{reverse('decision_verify')}" in html

    # Followed as a phone would, the address confirms the decision and who signed it.
    response = client.get(url.path, dict(parse_qsl(url.query)))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Quyết định có thật" in body and decision.signer_name in body
