"""A condition that can only be checked after filing ("no insured job within 10 working days")
reads "to be verified after filing" on check-your-answers and on the officer's page, never met."""
# ruff: noqa: F811 - pytest fixtures imported from the support modules

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from eligibility.calculator.types import Check
from eligibility.checks import check_state
from tests.claims.filing.helpers import fill_draft
from tests.claims.review.helpers import make_staff

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])

AFTER_FILING = {"vi": "Xác minh sau khi nộp", "en": "Checked after you submit"}


def _client(user, lang: str) -> Client:
    web = Client(headers={"accept-language": lang})
    web.force_login(user)
    web.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return web


def _tag_of(html: str, message_start: str) -> str:
    """The tag printed in the list item of the check whose message starts with `message_start`."""
    items = [item for item in html.split("<li>") if message_start in item.split("</li>")[0]]
    assert len(items) == 1, f"no single check starting {message_start!r}"
    tag = re.search(r"<strong[^>]*>.*?</strong>", items[0], re.S)
    assert tag
    return tag.group(0)


def _assert_after_filing(response, lang: str) -> str:
    """The page lists the still-unemployed condition as to be verified, never as met."""
    assert response.status_code == 200
    html = response.content.decode()
    tag = _tag_of(html, "Điều kiện còn lại" if lang == "vi" else "One more condition")
    assert 'data-check-state="after_filing"' in tag and AFTER_FILING[lang] in tag
    assert "tag--ok" not in tag
    return html


def test_check_state_never_calls_the_after_filing_condition_met():
    informational = {"informational": True}
    assert check_state(Check("still_unemployed", True, "", "", informational)) == "after_filing"
    assert check_state({"code": "still_unemployed", "passed": True, "values": {}}) == "after_filing"
    assert check_state(Check("applicable_law", True, "", "", informational)) == "info"
    assert check_state({"code": "contribution_months", "passed": True}) == "passed"
    assert check_state({"code": "filing_deadline", "passed": False}) == "failed"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_check_your_answers_says_to_be_verified_after_filing(citizen, march_2026, lang):
    fill_draft(citizen)
    response = _client(citizen, lang).get(reverse("claims:filing_check"))
    html = _assert_after_filing(response, lang)
    # The other checks still read as met.
    assert 'data-check-state="passed"' in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_officers_page_says_to_be_verified_after_filing(claim, lang):
    officer = make_staff(mfa=True)
    response = _client(officer, lang).get(reverse("staff:claim", args=[claim.public_id]))
    _assert_after_filing(response, lang)
