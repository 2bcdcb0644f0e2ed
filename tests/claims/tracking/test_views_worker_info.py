"""The worker's information pages (help and contact, privacy, accessibility), the printable
receipt, "Nộp hồ sơ" on the eligibility and record pages, and custom 404/500 pages."""
# ruff: noqa: F811 - pytest fixtures imported from test_filing_support

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

import claims.filing.services as filing
from identity.models import EmploymentServiceCenter
from tests.claims.filing.helpers import fill_draft
from tests.claims.tracking.test_views_citizen import _march_2026, client_for

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])
__all__ = ["_march_2026"]  # fixtures: 10/03/2026 09:00 in Ha Noi


INFO_PAGES = ("claims:help", "claims:privacy", "claims:accessibility")


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", INFO_PAGES)
def test_information_pages_open_without_signing_in_and_are_linked_from_the_footer(name, lang):
    client = Client(headers={"accept-language": lang})
    client.cookies["trocap_language"] = lang
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    for other in INFO_PAGES:
        assert f'href="{reverse(other)}"' in html


def test_help_lists_each_center_with_hotline_address_and_hours_own_center_first(citizen):
    EmploymentServiceCenter.objects.filter(province_code="24").update(
        name="Trung tâm Dịch vụ việc làm tỉnh Bắc Ninh",
        phone="02223822333",
        address="Số 9 Lý Thái Tổ, Bắc Ninh",
        opening_hours="Thứ Hai đến Thứ Bảy, 7:30–17:00",
    )
    claim = fill_draft(citizen)
    filing.claim_submit(claim_id=claim.pk, citizen=citizen)
    html = client_for(citizen).get(reverse("claims:help")).content.decode()
    assert "02223822333" in html and "Số 9 Lý Thái Tổ, Bắc Ninh" in html
    assert "Thứ Hai đến Thứ Bảy, 7:30–17:00" in html
    assert "Nơi giải quyết hồ sơ của bạn" in html
    first_heading = html.index('<h3 id="center-')
    assert "Bắc Ninh" in html[first_heading : first_heading + 200]
    # A center without its own hours shows the office hours.
    assert "7:30–11:30" in html


def test_privacy_notice_names_decree_13_purpose_retention_and_rights():
    html = Client().get(reverse("claims:privacy")).content.decode()
    for words in ("13/2023/NĐ-CP", "Để làm gì", "Lưu trong bao lâu", "Quyền của bạn"):
        assert words in html


def test_accessibility_statement_names_standard_known_issues_and_contact():
    html = Client().get(reverse("claims:accessibility")).content.decode()
    assert "WCAG" in html and "Những hạn chế đã biết" in html
    assert f'href="{reverse("claims:help")}"' in html


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_receipt_prints_the_facts_of_the_claim(citizen, lang):
    claim = fill_draft(citizen)
    claim = filing.claim_submit(claim_id=claim.pk, citizen=citizen)
    c = client_for(citizen, lang)
    html = c.get(reverse("claims:claim_receipt", args=[claim.public_id])).content.decode()
    assert claim.reference in html and "Nguyễn Thị Hoa" in html
    assert "10/03/2026 09:00" in html  # filed at, dd/mm/yyyy HH:MM in both languages
    assert "data-print" in html and "js/worker.js" in html
    detail = c.get(reverse("claims:claim_detail", args=[claim.public_id])).content.decode()
    assert reverse("claims:claim_receipt", args=[claim.public_id]) in detail


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_custom_404_in_both_languages_without_debug(settings, lang):
    settings.DEBUG = False
    client = Client()
    client.cookies["trocap_language"] = lang
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert ("Không tìm thấy trang" if lang == "vi" else "Page not found") in html
    assert "URLconf" not in html and "urlpatterns" not in html


def test_custom_500_speaks_both_languages(settings):
    settings.DEBUG = False
    from django.urls import path

    from portal import urls as portal_urls

    def boom(request):
        raise RuntimeError("boom")

    urlconf = type(
        "Urls",
        (),
        {
            "urlpatterns": [path("boom/", boom), *portal_urls.urlpatterns],
            "handler500": portal_urls.handler500,
            "handler404": portal_urls.handler404,
        },
    )
    settings.ROOT_URLCONF = urlconf
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "Xin lỗi" in html and "Sorry, something went wrong" in html
    assert "Traceback" not in html and "RuntimeError" not in html
