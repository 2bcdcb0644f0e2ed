"""The eligibility and record pages end with "Nộp hồ sơ" (start a claim), in both languages."""
# ruff: noqa: F401 - the precheck tests' autouse registry fixture is imported to apply here

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.eligibility.test_precheck_view import ELIGIBLE_ID, _citizen, registry

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", ["eligibility:precheck", "eligibility:record"])
def test_the_page_offers_to_start_a_claim(client, name, lang):
    client.force_login(_citizen(ELIGIBLE_ID))
    client.cookies["trocap_language"] = lang
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="start-claim"' in html
    assert f'href="{reverse("claims:filing_start")}"' in html
    assert ("Nộp hồ sơ" if lang == "vi" else "Claim unemployment benefit") in html
