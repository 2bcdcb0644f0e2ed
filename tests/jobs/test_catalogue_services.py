"""The catalogue's rules: one registration per worker and fair, the fair's capacity, deadlines,
wage ranges, withdrawing and coming back, and every change kept with its actor."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.models import Notification
from claims.notifications.services import render
from jobs.catalogue import services
from jobs.catalogue.models import FairRegistration, ProgramInterest, Vacancy, VacancyApplication
from jobs.catalogue.services import CatalogueError
from tests.jobs import factories as f

pytestmark = pytest.mark.django_db


def test_a_worker_registers_once_per_fair():
    fair = f.fair()
    worker = f.citizen()
    services.fair_register(actor=worker, fair=fair, phone="0912345678")
    with pytest.raises(CatalogueError, match="đã đăng ký"):
        services.fair_register(actor=worker, fair=fair, phone="0912345678")
    assert FairRegistration.objects.filter(fair=fair, user=worker).count() == 1


def test_a_cancelled_seat_is_taken_again_in_the_same_row():
    fair = f.fair()
    worker = f.citizen()
    first = services.fair_register(actor=worker, fair=fair, phone="0912345678")
    services.fair_registration_cancel(actor=worker, registration=first)
    again = services.fair_register(actor=worker, fair=fair, phone="0987654321")
    assert again.pk == first.pk
    assert again.status == FairRegistration.Status.REGISTERED
    assert again.phone == "0987654321"
    reasons = list(
        first.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons == ["registered", "cancelled", "registered"]


def test_a_full_fair_refuses_the_next_worker_and_a_cancellation_frees_a_seat():
    fair = f.fair(capacity=2)
    a, b, c = f.citizen(), f.citizen(), f.citizen()
    reg_a = services.fair_register(actor=a, fair=fair, phone="0912345678")
    services.fair_register(actor=b, fair=fair, phone="0912345678")
    with pytest.raises(CatalogueError, match="hết chỗ"):
        services.fair_register(actor=c, fair=fair, phone="0912345678")
    services.fair_registration_cancel(actor=a, registration=reg_a)
    services.fair_register(actor=c, fair=fair, phone="0912345678")
    assert fair.registrations.filter(status="registered").count() == 2


def test_capacity_cannot_go_below_the_seats_already_taken():
    fair = f.fair(capacity=3)
    for _ in range(2):
        services.fair_register(actor=f.citizen(), fair=fair, phone="0912345678")
    with pytest.raises(CatalogueError, match="2"):
        services.fair_update(actor=fair.posted_by, fair=fair, data={"capacity": 1})
    fair.refresh_from_db()
    assert fair.capacity == 3


def test_a_past_or_cancelled_fair_takes_no_registration():
    fair = f.fair()
    worker = f.citizen()
    with time_machine.travel(fair.date + timedelta(days=1)):
        with pytest.raises(CatalogueError, match="không còn nhận"):
            services.fair_register(actor=worker, fair=fair, phone="0912345678")
    services.fair_cancel(actor=fair.posted_by, fair=fair)
    with pytest.raises(CatalogueError, match="không còn nhận"):
        services.fair_register(actor=worker, fair=fair, phone="0912345678")
    assert not FairRegistration.objects.exists()


def test_a_cancelled_fair_tells_each_worker_registered_for_it_in_their_language():
    fair = f.fair(title="Phiên giao dịch việc làm Quế Võ", place="Nhà văn hóa Quế Võ")
    staying, leaving, other = f.citizen(), f.citizen(), f.citizen()
    services.fair_register(actor=staying, fair=fair, phone="0912345678")
    gone = services.fair_register(actor=leaving, fair=fair, phone="0912345678")
    services.fair_registration_cancel(actor=leaving, registration=gone)
    services.fair_register(actor=other, fair=f.fair(), phone="0912345678")  # another fair

    services.fair_cancel(actor=fair.posted_by, fair=fair)

    notes = list(Notification.objects.filter(kind="job_fair_cancelled"))
    assert [n.user for n in notes] == [staying]  # not the one who cancelled, nor the other fair's
    note = notes[0]
    assert note.claim is None and note.params["path"] == reverse("jobs:fairs")
    day = f"{fair.date:%d/%m/%Y}"
    with translation.override("vi"):
        subject, body = render(note.kind, note.params)
    assert subject == "Hội chợ việc làm đã hủy: Phiên giao dịch việc làm Quế Võ"
    assert f"ngày {day} tại Nhà văn hóa Quế Võ" in body and "đã bị hủy" in body
    with translation.override("en"):
        subject, body = render(note.kind, note.params)
    assert subject == "Job fair cancelled: Phiên giao dịch việc làm Quế Võ"
    assert f"on {day} at Nhà văn hóa Quế Võ" in body and "has been cancelled" in body
    # Cancelling again is refused and tells nobody twice.
    with pytest.raises(CatalogueError, match="đã hủy"):
        services.fair_cancel(actor=fair.posted_by, fair=fair)
    assert Notification.objects.filter(kind="job_fair_cancelled").count() == 1


def test_only_the_worker_cancels_their_own_registration():
    fair = f.fair()
    owner, other = f.citizen(), f.citizen()
    registration = services.fair_register(actor=owner, fair=fair, phone="0912345678")
    with pytest.raises(CatalogueError):
        services.fair_registration_cancel(actor=other, registration=registration)
    registration.refresh_from_db()
    assert registration.status == FairRegistration.Status.REGISTERED


def test_an_employers_vacancy_goes_to_the_provinces_center_and_keeps_who_posted_it():
    vacancy = f.vacancy()
    assert vacancy.center is not None and vacancy.center.province_code == "24"
    assert vacancy.status == Vacancy.Status.OPEN
    record = vacancy.history.get()
    assert record.history_user == vacancy.posted_by
    assert record.history_change_reason == "created"


def test_a_closed_vacancy_takes_no_application_and_cannot_be_edited():
    vacancy = f.vacancy()
    services.vacancy_close(actor=vacancy.posted_by, vacancy=vacancy)
    with pytest.raises(CatalogueError):
        services.application_submit(actor=f.citizen(), vacancy=vacancy, phone="0912345678")
    with pytest.raises(CatalogueError):
        services.vacancy_update(actor=vacancy.posted_by, vacancy=vacancy, data={"title": "X"})
    assert not VacancyApplication.objects.exists()


def test_application_once_then_withdraw_then_again():
    vacancy = f.vacancy()
    worker = f.citizen()
    application = services.application_submit(actor=worker, vacancy=vacancy, phone="0912345678")
    with pytest.raises(CatalogueError, match="đã ứng tuyển"):
        services.application_submit(actor=worker, vacancy=vacancy, phone="0912345678")
    services.application_withdraw(actor=worker, application=application)
    again = services.application_submit(actor=worker, vacancy=vacancy, phone="0912345678")
    assert again.pk == application.pk and again.status == "applied"


def test_program_interest_is_unique_and_refused_after_the_deadline():
    program = f.program()
    worker = f.citizen()
    interest = services.program_interest_register(actor=worker, program=program, phone="0912345678")
    with pytest.raises(CatalogueError, match="đã đăng ký"):
        services.program_interest_register(actor=worker, program=program, phone="0912345678")
    services.program_interest_withdraw(actor=worker, interest=interest)
    assert ProgramInterest.objects.get().status == "withdrawn"
    with time_machine.travel(program.deadline + timedelta(days=1)):
        with pytest.raises(CatalogueError, match="không còn nhận"):
            services.program_interest_register(actor=worker, program=program, phone="0912345678")


def test_a_vacancy_cannot_open_with_a_past_deadline():
    with pytest.raises(CatalogueError, match="Hạn nộp"):
        f.vacancy(deadline=f.today() - timedelta(days=1))
    assert not Vacancy.objects.exists()


@settings(max_examples=25, deadline=None)
@given(low=st.integers(0, 50_000_000), high=st.integers(0, 50_000_000))
def test_the_wage_range_is_ordered_or_refused(low, high):
    """Any pair of wages: saved when max >= min, refused with nothing saved otherwise."""
    before = Vacancy.objects.count()
    if high >= low:
        vacancy = f.vacancy(wage_min=low, wage_max=high)
        assert (vacancy.wage_min, vacancy.wage_max) == (low, high)
        vacancy.delete()
    else:
        with pytest.raises(CatalogueError):
            f.vacancy(wage_min=low, wage_max=high)
    assert Vacancy.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_two_workers_taking_the_last_seat_at_once_get_one_seat():
    """Two threads (two connections) register for a 1-seat fair together: whatever the order,
    one gets the seat and the other is told the fair is full (the fair's row lock)."""
    fair = f.fair(capacity=1)
    workers = [f.citizen(), f.citizen()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take(worker):
        try:
            barrier.wait(timeout=30)
            services.fair_register(actor=worker, fair=fair, phone="0912345678")
            outcomes.append("seat")
        except CatalogueError as exc:
            outcomes.append(exc.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["Hội chợ đã hết chỗ.", "seat"]
    assert FairRegistration.objects.filter(fair=fair, status="registered").count() == 1
