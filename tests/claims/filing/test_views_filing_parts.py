"""Filing one thing per page: the job's questions and the payment choice each on their own page,
dates typed as dd/mm/yyyy, errors naming the field, check your answers linking back to each."""
# ruff: noqa: F811 - pytest fixtures imported from test_filing_support

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.filing.parts import PARTS
from claims.models import Claim
from tests.claims.filing.helpers import fill_draft
from tests.claims.tracking.test_views_citizen import _march_2026, client_for

pytestmark = pytest.mark.django_db(databases=["default", "social_security"])
__all__ = ["_march_2026"]  # fixtures: 10/03/2026 09:00 in Ha Noi


def part(step: str, slug: str, change: bool = False) -> str:
    url = reverse("claims:filing_part", kwargs={"step": step, "part": slug})
    return url + ("?doi=1" if change else "")


def test_the_job_is_asked_one_thing_per_page_in_order(citizen):
    c = client_for(citizen)
    c.post(reverse("claims:filing_start"))
    assert c.get(reverse("claims:filing_step", args=["job"])).url == part("job", "don-vi")
    first = c.get(part("job", "don-vi")).content.decode()
    assert 'name="employer_name"' in first and 'name="contract_type"' not in first
    assert "Theo dữ liệu bảo hiểm xã hội" in first  # the record's view, on the first page only
    steps = [
        (
            "don-vi",
            {
                "employer_name": "Công ty TNHH May mặc Hanwoo Vina",
                "employer_tax_code": "2300987654",
            },
            "loai-hop-dong",
        ),
        ("loai-hop-dong", {"contract_type": "indefinite"}, "ngay-cham-dut"),
        ("ngay-cham-dut", {"termination_date": "27/02/2026"}, "ly-do"),
    ]
    for slug, data, following in steps:
        response = c.post(part("job", slug), data)
        assert response.status_code == 302 and response.url == part("job", following), slug
    page = c.get(part("job", "ngay-cham-dut")).content.decode()
    assert 'value="27/02/2026"' in page  # shown as typed here, dd/mm/yyyy
    assert "job" not in Claim.objects.get(citizen=citizen).answers  # not stored until the end
    response = c.post(part("job", "ly-do"), {"termination_reason": "business_closure"})
    # Nothing differs from the record: no "why" page; the step is stored, on to the center.
    assert response.url == reverse("claims:filing_step", args=["center"])
    job = Claim.objects.get(citizen=citizen).answers["job"]
    assert job["termination_date"] == "2026-02-27" and job["correction_reason"] == ""


def test_a_difference_from_the_record_asks_why_on_a_page_of_its_own(citizen):
    c = client_for(citizen)
    c.post(reverse("claims:filing_start"))
    c.get(part("job", "don-vi"))
    response = c.post(part("job", "ngay-cham-dut"), {"termination_date": "28/02/2026"})
    assert response.url == part("job", "ly-do")
    response = c.post(part("job", "ly-do"), {"termination_reason": "business_closure"})
    assert response.url == part("job", "giai-thich")
    empty = c.post(part("job", "giai-thich"), {"correction_reason": ""})
    assert empty.status_code == 400
    assert 'href="#id_correction_reason"' in empty.content.decode()
    response = c.post(part("job", "giai-thich"), {"correction_reason": "Quyết định ghi 28/02."})
    assert response.url == reverse("claims:filing_step", args=["center"])


def test_a_wrong_date_is_named_and_nothing_is_kept(citizen):
    c = client_for(citizen)
    c.post(reverse("claims:filing_start"))
    response = c.post(part("job", "ngay-cham-dut"), {"termination_date": "31/02/2026"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_termination_date"' in html and 'id="id_termination_date-error"' in html
    assert 'value="31/02/2026"' in html
    assert "_parts" not in Claim.objects.get(citizen=citizen).answers


def test_iso_dates_are_still_accepted(citizen):
    c = client_for(citizen)
    c.post(reverse("claims:filing_start"))
    response = c.post(part("job", "ngay-cham-dut"), {"termination_date": "2026-02-27"})
    assert response.status_code == 302


def test_payment_asks_bank_or_post_office_first_and_shows_only_that_choice(citizen):
    c = client_for(citizen)
    claim = fill_draft(citizen)
    choice = c.get(part("payment", "cach-nhan")).content.decode()
    assert 'name="method"' in choice and 'name="account_number"' not in choice
    assert 'name="cash_province"' not in choice
    response = c.post(part("payment", "cach-nhan"), {"method": "cash"})
    assert response.url == part("payment", "buu-dien")
    cash = c.get(response.url).content.decode()
    assert 'name="cash_province"' in cash and 'name="account_number"' not in cash
    missing = c.post(part("payment", "buu-dien"), {"cash_province": ""})
    assert missing.status_code == 400 and 'href="#id_cash_province"' in missing.content.decode()
    c.post(part("payment", "buu-dien"), {"cash_province": "24"})
    claim.refresh_from_db()
    assert claim.answers["payment"]["method"] == "cash"
    assert claim.answers["payment"]["account_number"] == ""


def test_change_links_lead_to_each_page_and_back_to_check(citizen):
    c = client_for(citizen)
    fill_draft(citizen)
    check = c.get(reverse("claims:filing_check")).content.decode()
    for slug in ("don-vi", "loai-hop-dong", "ngay-cham-dut", "ly-do"):
        assert f'href="{part("job", slug, change=True)}"' in check
    assert f'href="{part("payment", "cach-nhan", change=True)}"' in check
    assert f'href="{part("payment", "ngan-hang", change=True)}"' in check
    # Changing the contract type: straight back to check your answers.
    response = c.post(part("job", "loai-hop-dong", True), {"contract_type": "fixed_term"})
    assert response.status_code == 302
    assert response.url in {reverse("claims:filing_check"), part("job", "giai-thich", True)}
    # Switching from bank to the post office asks for the post office's province only.
    response = c.post(part("payment", "cach-nhan", True), {"method": "cash"})
    assert response.url == part("payment", "buu-dien", True)
    response = c.post(part("payment", "buu-dien", True), {"cash_province": "01"})
    assert response.url == reverse("claims:filing_check")


def test_every_part_page_renders_in_both_languages(citizen):
    fill_draft(citizen)
    for lang in ("vi", "en"):
        c = client_for(citizen, lang)
        for step, parts in PARTS.items():
            for p in parts:
                response = c.get(part(step, p.slug))
                assert response.status_code == 200, (lang, p.slug)
                assert f'<html lang="{lang}">' in response.content.decode()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_error_in_the_summary_names_its_question(citizen, lang):
    c = client_for(citizen, lang)
    fill_draft(citizen)
    response = c.post(reverse("claims:filing_step", args=["contact"]), {"phone": ""})
    assert response.status_code == 400
    html = response.content.decode()
    if lang == "vi":
        assert "Số điện thoại di động: Trường này là bắt buộc." in html
    else:
        assert "Mobile phone number: This field is required." in html
    response = c.post(part("job", "loai-hop-dong"), {"contract_type": ""})
    html = response.content.decode()
    assert 'aria-describedby="id_contract_type-error"' in html or (
        'id="id_contract_type-error"' in html and 'aria-invalid="true"' in html
    )
