"""The hand-built set of the path back to work (issue 18) that the statistics tests check
figures against (tests/stats/test_path.py, the browser test tests/e2e/test_statistics_path.py):
every figure of it is known by hand (path_set's docstring)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.utils import timezone

from claims.models import Claim
from claims.period.models import Termination
from jobs.catalogue.models import FairRegistration, ProgramInterest, PublishStatus, Vacancy
from jobs.offers.models import JobOffer
from stats.refresh import summaries_refresh
from tests.factories import CenterFactory, CitizenFactory, StaffFactory
from tests.jobs import factories as jobs
from tests.stats.support import claim
from tests.training.enrolment_helpers import make_enrolment
from training.catalogue.models import Course
from training.enrolment.models import AttendanceReport, Enrolment, TrainingPaymentOrder
from training.support.models import TrainingApplication


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


def path_set() -> tuple[Claim, Claim]:
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
