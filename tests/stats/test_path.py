"""The path back to work (issue 18): training support and job placement in the summaries,
against hand-built rows; the page, its downloads and who may see them."""

from __future__ import annotations

import csv
import io

import pytest
import yaml
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from stats.path import PATH_MEASURES
from stats.selectors import summary_table
from tests.factories import CenterFactory, CitizenFactory, StaffFactory
from tests.stats import path_support
from tests.stats.support import analyst
from training.catalogue.models import Course

pytestmark = pytest.mark.django_db(databases="__all__")


@pytest.fixture
def path_set():
    """tests/stats/path_support.path_set: its docstring says every figure."""
    return path_support.path_set()


def test_training_support_figures_for_women_men_and_everyone(path_set):
    total = summary_table(dimension="province").total
    assert (total.women.tr_submitted, total.men.tr_submitted, total.everyone.tr_submitted) == (
        3,
        1,
        5,
    )
    assert (total.everyone.tr_approved, total.everyone.tr_refused) == (3, 1)
    assert total.women.training_approval_share == pytest.approx(2 / 3)
    assert total.men.training_approval_share == 1.0
    assert total.gap.training_approval_share == pytest.approx(2 / 3 - 1)
    assert (total.women.tr_completed, total.men.tr_dropped) == (1, 1)
    assert (total.everyone.tr_completed, total.everyone.tr_dropped) == (1, 1)
    assert (total.women.tr_months, total.men.tr_months) == (2, 1)
    # Paid orders only: the failed meal order is not money paid.
    assert (total.everyone.tr_tuition_paid, total.everyone.tr_meal_paid) == (3_000_000, 1_200_000)


def test_training_by_course_field(path_set):
    rows = {r.value: r for r in summary_table(dimension="course_field").rows}
    assert rows["garment_technology"].men.tr_dropped == 1
    assert rows["digital_skills"].women.tr_completed == 1
    assert rows["digital_skills"].everyone.tr_tuition_paid == 3_000_000
    assert rows["digital_skills"].label == str(Course.Field.DIGITAL_SKILLS.label)


def test_job_placement_figures(path_set):
    total = summary_table(dimension="province").total
    assert (total.everyone.vac_open, total.everyone.vac_positions) == (2, 60)
    assert total.everyone.fair_registrations == 1
    assert total.everyone.program_interests == 1
    assert (total.women.offers_made, total.men.offers_made) == (2, 2)
    assert (
        total.everyone.offers_accepted,
        total.everyone.offers_declined_good,
        total.everyone.offers_refused,
    ) == (1, 1, 2)
    assert (total.men.ended_ground_d, total.women.ended_ground_a) == (1, 1)
    assert (total.everyone.ended_ground_d, total.everyone.ended_ground_a) == (1, 1)
    sectors = {r.value: r.everyone for r in summary_table(dimension="vacancy_sector").rows}
    assert sectors["electronics"].vac_positions == 60
    countries = {r.value: r.everyone for r in summary_table(dimension="country").rows}
    assert countries["KR"].program_interests == 1


def test_a_province_sees_only_its_own(path_set):
    assert summary_table(dimension="province", province="01").total.everyone.tr_submitted == 0
    assert summary_table(dimension="province", province="24").total.everyone.offers_made == 4


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_the_page_and_downloads(path_set, django_assert_max_num_queries):
    c = _client(analyst())
    with django_assert_max_num_queries(12):
        page = c.get(reverse("stats:path"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Con đường trở lại làm việc" in body
    assert "<svg" in body
    assert path_set[0].personal_id not in body
    for slug in ("theo-thang", "theo-nganh-nghe-dao-tao", "theo-nganh-tuyen-dung", "theo-nuoc-den"):
        assert c.get(reverse("stats:path_by", args=[slug])).status_code == 200
    assert c.get(reverse("stats:path_by", args=["khong-co"])).status_code == 404
    csv_response = c.get(reverse("stats:path_download", args=["theo-tinh", "csv"]))
    lines = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    header = lines[0]
    assert "Đơn hỗ trợ học nghề đã nộp — Nữ" in header
    total = lines[-1]
    assert total[header.index("Lượt giới thiệu việc làm — Tổng")] == "4"
    xlsx = c.get(reverse("stats:path_download", args=["theo-tinh", "xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert c.get(reverse("stats:path_download", args=["theo-tinh", "pdf"])).status_code == 404


def test_a_provincial_analyst_is_kept_to_their_province(path_set):
    c = _client(analyst(province="01", username="phantich01"))
    assert c.get(reverse("stats:path") + "?tinh=24").status_code == 403
    assert (
        c.get(reverse("stats:path_download", args=["theo-tinh", "csv"]) + "?tinh=24").status_code
        == 403
    )
    page = c.get(reverse("stats:path"))
    assert page.status_code == 200
    assert page.context["table"].total.everyone.offers_made == 0  # province 24's are not shown


def test_no_one_else_sees_it(path_set):
    assert Client().get(reverse("stats:path")).status_code == 302
    officer = StaffFactory(center=CenterFactory(province_code="24"))
    assert _client(officer).get(reverse("stats:path")).status_code in (302, 403)
    assert _client(CitizenFactory()).get(reverse("stats:path")).status_code == 403


def test_the_path_download_gives_the_path_gaps_under_their_headings(path_set):
    c = _client(analyst())
    response = c.get(reverse("stats:path_download", args=["theo-tinh", "csv"]))
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, total = lines[0], lines[-1]
    assert len(total) == len(header)
    cell = dict(zip(header, total, strict=True))
    # Women: 2 approved of 3 decided, men 1 of 1 (-33.3 points); offers accepted: women 1 of 2,
    # men 0 of 2 (+50 points).
    assert cell["Chênh lệch nữ − nam: tỷ lệ được hỗ trợ học nghề (điểm %)"] == "-33.3"
    assert cell["Chênh lệch nữ − nam: tỷ lệ nhận lời giới thiệu việc làm (điểm %)"] == "50.0"


def test_the_api_returns_the_path_measures(path_set):
    c = _client(analyst())
    data = c.get("/api/v1/stats/tables/province/").json()
    total = data["total"]
    women, men, everyone = total["women"], total["men"], total["everyone"]
    assert (women["tr_submitted"], men["tr_submitted"], everyone["tr_submitted"]) == (3, 1, 5)
    assert (everyone["tr_approved"], everyone["tr_refused"]) == (3, 1)
    assert women["training_approval_share"] == pytest.approx(2 / 3)
    assert men["training_approval_share"] == 1.0
    assert total["gap"]["training_approval_share"] == pytest.approx(2 / 3 - 1)
    assert (everyone["tr_completed"], everyone["tr_dropped"]) == (1, 1)
    assert (women["tr_months"], men["tr_months"]) == (2, 1)
    assert (everyone["tr_tuition_paid"], everyone["tr_meal_paid"]) == (3_000_000, 1_200_000)
    assert (everyone["vac_open"], everyone["vac_positions"]) == (2, 60)
    assert (everyone["fair_registrations"], everyone["program_interests"]) == (1, 1)
    assert (women["offers_made"], men["offers_made"]) == (2, 2)
    assert (
        everyone["offers_accepted"],
        everyone["offers_declined_good"],
        everyone["offers_refused"],
    ) == (1, 1, 2)
    assert (women["offer_acceptance_share"], men["offer_acceptance_share"]) == (0.5, 0.0)
    assert total["gap"]["offer_acceptance_share"] == 0.5
    assert (men["ended_ground_d"], women["ended_ground_a"]) == (1, 1)
    # The claims' figures are still there beside them.
    assert everyone["filed"] == 3 and "approval_rate" in total["gap"]
    # The path's own dimensions, as on the page.
    fields = {
        r["value"]: r["everyone"]
        for r in c.get("/api/v1/stats/tables/course_field/").json()["rows"]
    }
    assert fields["digital_skills"]["tr_tuition_paid"] == 3_000_000
    assert fields["garment_technology"]["tr_dropped"] == 1
    countries = c.get("/api/v1/stats/tables/country/").json()["rows"]
    assert {r["value"]: r["everyone"]["program_interests"] for r in countries} == {"KR": 1}


def test_the_api_keeps_a_provincial_analyst_to_their_province(path_set):
    c = _client(analyst(province="01", username="phantich01"))
    assert c.get("/api/v1/stats/tables/province/?tinh=24").status_code == 403
    everyone = c.get("/api/v1/stats/tables/province/").json()["total"]["everyone"]
    assert (everyone["tr_submitted"], everyone["offers_made"], everyone["vac_open"]) == (0, 0, 0)


def test_the_api_answers_only_with_summaries_never_a_person(path_set):
    c = _client(analyst())
    body = c.get("/api/v1/stats/tables/course_field/").content.decode()
    for person in path_set:
        assert person.personal_id not in body and person.citizen.full_name not in body


def test_the_schema_documents_the_path_measures(tmp_path):
    out = tmp_path / "schema.yaml"
    # (Whether the whole schema validates is tests/claims/api/test_api_schema.py's test.)
    call_command("spectacular", "--file", str(out))
    components = yaml.safe_load(out.read_text(encoding="utf-8"))["components"]["schemas"]
    figures = components["Figures"]["properties"]
    assert set(PATH_MEASURES) | {"training_approval_share", "offer_acceptance_share"} <= set(
        figures
    )
    assert figures["tr_tuition_paid"]["description"] == "Tuition paid to institutions, dong"
    gap = components["Gap"]["properties"]
    assert {"training_approval_share", "offer_acceptance_share"} <= set(gap)
