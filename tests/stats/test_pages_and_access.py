"""Access: analysts only, a provincial analyst only their province, never a claim or a person;
every page and download renders from the summaries."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from identity.admin import StaffCreationForm
from stats.dimensions import DIMENSIONS
from stats.refresh import summaries_refresh
from tests.factories import CenterFactory, CitizenFactory, StaffFactory
from tests.stats.support import TODAY, analyst, claim

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def figures():
    women = [
        claim(
            status="paying",
            sex="F",
            filed=date(2026, 9, 1),
            decided=date(2026, 9, 10),
            benefit=5_000_000,
            months=3,
        )
        for _ in range(6)
    ]
    claim(
        status="rejected",
        sex="M",
        province="01",
        filed=date(2026, 9, 2),
        decided=date(2026, 9, 12),
        refusal_codes=["other"],
    )
    summaries_refresh(today=TODAY)
    return women


def pages():
    yield "/thong-ke/"
    for d in DIMENSIONS:
        yield f"/thong-ke/{d.slug}/"
        yield f"/thong-ke/{d.slug}/tai-ve.csv"
        yield f"/thong-ke/{d.slug}/tai-ve.xlsx"
    yield "/thong-ke/chi-tra/"
    yield "/thong-ke/chi-tra/tai-ve.csv"
    yield "/thong-ke/kich-ban-dong-cua/"
    yield "/api/v1/stats/tables/sector/"
    yield "/api/v1/stats/spending/"


def test_a_national_analyst_reaches_every_page_and_sees_no_personal_data(client, figures):
    client.force_login(analyst())
    for url in pages():
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content if not url.endswith(".xlsx") else b""
        for c in figures:
            assert c.personal_id.encode() not in body, url
            assert c.reference.encode() not in body, url
            assert c.citizen.full_name.encode() not in body, url
    page = client.get("/thong-ke/").content.decode()
    assert "Số liệu tổng hợp lúc" in page
    assert "<svg" in page and 'role="img"' in page
    assert "Hỗ trợ học nghề" in page  # said, not faked


def test_an_analyst_never_reaches_a_claim_page(client, figures):
    client.force_login(analyst())
    c = figures[0]
    for url in (
        "/can-bo/hang-doi/",
        f"/can-bo/ho-so/{c.public_id}/",
        "/ho-so-cua-toi/",
        f"/api/v1/claims/{c.public_id}/",
        "/admin/",
    ):
        assert client.get(url).status_code in (302, 403, 404), url


def test_a_provincial_analyst_sees_only_their_province(client, figures):
    client.force_login(analyst(province="01", username="phantich01"))
    response = client.get("/api/v1/stats/tables/province/")
    assert response.status_code == 200
    data = response.json()
    assert data["province"] == "01"
    assert [r["value"] for r in data["rows"]] == ["01"]
    assert data["total"]["everyone"]["filed"] == 1
    assert client.get("/thong-ke/theo-tinh/?tinh=24").status_code == 403
    assert client.get("/api/v1/stats/tables/sector/?tinh=24").status_code == 403
    assert client.get("/thong-ke/?tinh=01").status_code == 200
    csv = client.get("/thong-ke/theo-tinh/tai-ve.csv").content.decode()
    assert "Hà Nội" in csv and "Bắc Ninh" not in csv


def test_citizens_officers_and_visitors_do_not_reach_the_analyst_pages(client, figures):
    assert client.get("/thong-ke/").status_code == 302
    assert client.get("/api/v1/stats/spending/").status_code == 401
    for user in (CitizenFactory(), StaffFactory(), StaffFactory(role="signer")):
        client.force_login(user)
        for url in ("/thong-ke/", "/thong-ke/theo-nganh/tai-ve.csv"):
            response = client.get(url)
            # Refused, or (staff without MFA yet) sent to set it up first: never the figures.
            assert response.status_code == 403 or (
                response.status_code == 302 and "/accounts/2fa/" in response["Location"]
            ), (user.role, url)
        assert client.get("/api/v1/stats/tables/month/").status_code in (302, 403)


def test_downloads_are_real_csv_and_xlsx(client, figures):
    client.force_login(analyst())
    csv = client.get("/thong-ke/theo-gioi-tinh/tai-ve.csv")
    assert csv.status_code == 404  # no such table
    csv = client.get("/thong-ke/theo-tinh/tai-ve.csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Tỉnh/thành phố,Hồ sơ nộp — Nữ")
    assert lines[-1].startswith("Tổng,6,")
    xlsx = client.get("/thong-ke/theo-tinh/tai-ve.xlsx")
    archive = zipfile.ZipFile(io.BytesIO(xlsx.content))
    sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "Tỉnh/thành phố" in sheet and "<v>6</v>" in sheet
    assert client.get("/thong-ke/theo-tinh/tai-ve.pdf").status_code == 404


def test_the_public_page_needs_no_login_and_suppresses_small_cells(client, figures):
    response = client.get("/thong-ke/cong-khai/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Phương pháp" in page
    assert "&lt;5" in page  # one man in Hà Nội, 0 women there
    # Bắc Ninh's six women would follow from the totals once the small cells are known to be
    # small, so they are hidden too ("x"); the grand total (7) is published.
    assert ">x<" in page
    assert ">7<" in page
    csv = client.get("/thong-ke/cong-khai/tai-ve.csv?thang=2026-09&chi_so=filed")
    assert csv.status_code == 200 and "<5" in csv.content.decode("utf-8-sig")
    assert client.get("/thong-ke/cong-khai/?chi_so=nope").status_code == 404


def test_the_scenario_form_answers_bad_input_in_words(client, figures):
    client.force_login(analyst())
    response = client.get("/thong-ke/kich-ban-dong-cua/?so_nguoi=abc&tinh_thanh=24&ma_so_thue=12")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Có lỗi cần sửa" in page
    assert "Mã số thuế gồm 10 chữ số" in page
    response = client.get(
        "/thong-ke/kich-ban-dong-cua/?so_nguoi=10&tinh_thanh=24&ma_so_thue=9999999999"
    )
    assert response.status_code == 400
    assert "Không có đơn vị nào" in response.content.decode()


def test_english_pages(client, figures):
    client.force_login(analyst())
    client.cookies["trocap_language"] = "en"
    response = client.get("/thong-ke/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_an_analyst_must_set_up_two_factor_authentication_first(client):
    user = StaffFactory(username="phantich.moi", role="analyst", center=None)
    assert user.is_staff_member
    client.force_login(user)
    response = client.get("/thong-ke/")
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]


def test_the_admin_keeps_analysts_out_of_centers_and_provinces_to_analysts():
    center = CenterFactory(province_code="24")
    base = {
        "username": "pt1",
        "full_name": "Phân Tích",
        "email": "",
        "password1": "x9!Kq#2mZp",
        "password2": "x9!Kq#2mZp",
    }
    form = StaffCreationForm({**base, "role": "analyst", "center": center.pk})
    assert not form.is_valid() and "center" in form.errors
    form = StaffCreationForm(
        {**base, "role": "officer", "center": center.pk, "analyst_province": "24"}
    )
    assert not form.is_valid() and "analyst_province" in form.errors
    form = StaffCreationForm({**base, "role": "analyst", "analyst_province": "24"})
    assert form.is_valid(), form.errors
