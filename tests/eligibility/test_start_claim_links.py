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


DEVELOPER_NOTES = ("docs/adr", "ADR 0", "quy ước của TroCap", "[convention]", "RULES.md")


@pytest.mark.parametrize("name", ["eligibility:precheck", "eligibility:record"])
def test_no_developer_note_reaches_the_page(client, name):
    from eligibility.models import RuleSet

    # The seeded 2025 rule set's legal reference carries a note for the team.
    RuleSet.objects.update(
        legal_reference="Luật Việc làm số 74/2025/QH15. Thời hạn 20 ngày: quy ước của TroCap "
        "(docs/adr/0005)."
    )
    client.force_login(_citizen(ELIGIBLE_ID))
    html = client.get(reverse(name)).content.decode()
    for note in DEVELOPER_NOTES:
        assert note not in html
    if name == "eligibility:precheck":
        assert "Luật Việc làm số 74/2025/QH15." in html


def test_public_text_drops_only_the_notes():
    from common.formatting import public_text

    text = "Luật A. Quy ước của TroCap: 20 ngày (docs/adr/0005). Nghị định B; xem ADR 0004."
    assert public_text(text) == "Luật A. Nghị định B;"
    assert public_text(None) == ""
