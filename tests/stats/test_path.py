"""The path back to work (issue 18): training support and job placement in the summaries,
against hand-built rows; the page, its downloads and who may see them."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims.period.models import Termination
from jobs.catalogue.models import FairRegistration, ProgramInterest, PublishStatus, Vacancy
from jobs.offers.models import JobOffer
from stats.refresh import summaries_refresh
from stats.selectors import summary_table
from tests.factories import CenterFactory, CitizenFactory, StaffFactory
from tests.jobs import factories as jobs
from tests.stats.support import analyst, claim
from tests.training.enrolment_helpers import make_enrolment
from training.catalogue.models import Course
from training.enrolment.models import AttendanceReport, Enrolment, TrainingPaymentOrder
from training.support.models import TrainingApplication

pytestmark = pytest.mark.django_db(databases="__all__")


def _enrolment(c, *, field: str = Course.Field.DIGITAL_SKILLS, province: str = "24") -> Enrolment:
    """An approved, submitted application of the claim's person, and its enrolment."""
    enrolment = make_enrolment(claim=c)
    application = enrolment.application
    Course.objects.filter(pk=application.course_id).update(field=field)
    TrainingApplication.objects.filter(pk=application.pk).update(
        center=CenterFactory(province_code=province), submitted_at=timezone.now()
    )
    return enrolment


def _application(c, state: str, *, province: str = "24") -> TrainingApplication:
    other = make_enrolment(claim=c).application
    TrainingApplication.objects.filter(pk=other.pk).update(
        state=state, center=CenterFactory(province_code=province), submitted_at=timezone.now()
    )
    return other


def _order(enrolment: Enrolment, payee: str, amount: int, status: str, month: int = 1) -> None:
    today = timezone.localdate()
    TrainingPaymentOrder.objects.create(
        enrolment=enrolment,
        month=month,
        payee=payee,
        idempotency_key=uuid.uuid4(),
        reference=f"T-{uuid.uuid4().hex[:8]}",
        amount=amount,
        method="bank",
        beneficiary_name="x",
        personal_id=enrolment.personal_id,
        period_start=today,
        period_end=today,
        callback_url="/",
        status=status,
        finished_at=timezone.now() if status == "paid" else None,
    )


def _attended(enrolment: Enrolment, month: int) -> None:
    today = timezone.localdate()
    AttendanceReport.objects.create(
        enrolment=enrolment,
        report_id=uuid.uuid4(),
        month=month,
        period_start=today,
        period_end=today,
        days_attended=20,
        days_scheduled=22,
    )


def _terminate(c, ground: str) -> None:
    Termination.objects.create(
        claim=c,
        ground=ground,
        event_date=date(2026, 11, 2),
        effective_on=date(2026, 11, 3),
        reported_by_worker=False,
        state="signed",
    )


@pytest.fixture
def path_set():
    """Province 24: woman W (two applications approved, one refused; her approved course in
    digital skills completed, 2 months attended, tuition 3.0 M and meal 1.2 M paid, a meal
    order of 0.6 M failed), man M (one application approved in garment: dropped out, 1 month
    attended); a contributor without a claim (one application submitted, sex unknown).
    Jobs: two open vacancies (50 + 10 positions, electronics), one past its deadline, one
    draft; a fair with two registrations (one cancelled); a Korean program with one interest;
    offers to W: accepted, declined for a good reason; to M: refused without one (twice),
    withdrawn; terminations: M on ground d, W on ground a, another on ground đ (not counted)."""
    w = claim(status="paying", sex="F", decided=date(2026, 10, 20))
    m = claim(status="paying", sex="M", decided=date(2026, 10, 20))
    summaries_refresh()  # the claims' profiles first (the sex comes from them)

    we = _enrolment(w)
    Enrolment.objects.filter(pk=we.pk).update(state="completed", ended_on=timezone.localdate())
    _attended(we, 1)
    _attended(we, 2)
    _order(we, "institution", 3_000_000, "paid")
    _order(we, "worker", 1_200_000, "paid")
    _order(we, "worker", 600_000, "failed", month=2)
    _application(w, TrainingApplication.State.REFUSED)
    _application(w, TrainingApplication.State.APPROVED)

    me = _enrolment(m, field=Course.Field.GARMENT_TECHNOLOGY)
    Enrolment.objects.filter(pk=me.pk).update(state="dropped", ended_on=timezone.localdate())
    _attended(me, 1)
    _application(None, TrainingApplication.State.SUBMITTED)

    officer = StaffFactory(center=CenterFactory(province_code="24"))
    open_one = jobs.vacancy(positions=50)
    jobs.vacancy(positions=10, tax_code="0500112233", name="B")
    late = jobs.vacancy(positions=7, tax_code="0500112234", name="C")
    Vacancy.objects.filter(pk=late.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    draft = jobs.vacancy(positions=9, tax_code="0500112235", name="D")
    Vacancy.objects.filter(pk=draft.pk).update(status=PublishStatus.DRAFT)
    fair = jobs.fair(actor=officer)
    for status in ("registered", "cancelled"):
        FairRegistration.objects.create(
            fair=fair,
            user=CitizenFactory(),
            phone="0912345678",
            status=status,
            registered_at=timezone.now(),
        )
    program = jobs.program(actor=officer)
    ProgramInterest.objects.create(
        program=program, user=CitizenFactory(), phone="0912345678", registered_at=timezone.now()
    )
    for c, state in (
        (w, "accepted"),
        (w, "declined_good"),
        (m, "declined_unjustified"),
        (m, "declined_unjustified"),
        (m, "withdrawn"),
    ):
        JobOffer.objects.create(
            claim=c, vacancy=open_one, center=officer.center, offered_by=officer, state=state
        )
    _terminate(m, "d")
    _terminate(w, "a")
    _terminate(claim(status="terminated", sex="F"), "đ")
    summaries_refresh()
    return w, m


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
