"""The holiday calendar by year: filled from the `holidays` package, confirmed by administrators,
warned about from 1 October, marked "provisional" next to the dates it makes (issue 15)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from eligibility.calculator.dates import CalendarYearMissing, WorkingCalendar
from eligibility.holiday_calendar import calendar_extend, next_year_warning
from eligibility.models import HolidayYear, PublicHoliday
from tests.eligibility.rules_factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def test_the_seed_holds_the_current_year_and_the_next_two_with_their_status():
    years = dict(HolidayYear.objects.values_list("year", "status"))
    assert years[2025] == years[2026] == "confirmed"
    assert years[2027] == years[2028] == "provisional"
    days_2026 = set(PublicHoliday.objects.filter(date__year=2026).values_list("date", flat=True))
    assert {date(2026, 8, 31), date(2026, 11, 24), date(2026, 4, 27)} <= days_2026
    days_2027 = set(PublicHoliday.objects.filter(date__year=2027).values_list("date", flat=True))
    assert {date(2027, 1, 1), date(2027, 2, 6), date(2027, 4, 16), date(2027, 5, 3)} <= days_2027


def test_extending_adds_missing_years_only_and_keeps_corrections():
    PublicHoliday.objects.filter(date=date(2027, 5, 3)).delete()  # an administrator's correction
    assert calendar_extend(today=date(2027, 3, 1)) == [2029]
    assert not PublicHoliday.objects.filter(date=date(2027, 5, 3)).exists()
    assert HolidayYear.objects.get(year=2029).status == "provisional"
    # 2 September 2029 is a Sunday: Monday 3 September is already off (the adjacent day), so
    # the compensatory day is Tuesday 4 September (Labour Code Art. 111.3).
    assert PublicHoliday.objects.filter(date=date(2029, 9, 4)).exists()
    assert calendar_extend(today=date(2027, 3, 1)) == []


def test_a_count_into_a_year_the_calendar_lacks_stops():
    calendar = WorkingCalendar([date(2026, 12, 25)], {2026: "confirmed"})
    with pytest.raises(CalendarYearMissing) as caught:
        calendar.working_days_after(date(2026, 12, 24), 5)
    assert caught.value.year == 2027
    assert calendar.working_days_after(date(2026, 12, 21), 3) == date(2026, 12, 24)


@pytest.mark.parametrize(
    ("today", "years", "warned"),
    [
        (date(2026, 9, 30), {2027: "provisional"}, False),
        (date(2026, 10, 1), {2027: "provisional"}, True),
        (date(2026, 12, 1), {2027: "confirmed"}, False),
        (date(2026, 10, 1), {}, True),
    ],
)
def test_the_warning_starts_on_1_october(today, years, warned):
    message = next_year_warning(years, today)
    assert bool(message) is warned
    if warned:
        assert "2027" in message


@time_machine.travel("2026-10-02 03:00:00+07:00", tick=False)
def test_healthz_warns_while_next_year_is_provisional(client):
    body = client.get("/healthz").json()
    assert body["warnings"] == [
        {
            "check": "holiday_calendar",
            "message": (
                "The holiday calendar of 2027 is still provisional: check it against the "
                "government's official schedule, then confirm the year."
            ),
        }
    ]
    HolidayYear.objects.filter(year=2027).update(status="confirmed")
    from eligibility.selectors import rules_changed

    rules_changed()
    assert "warnings" not in client.get("/healthz").json()


@time_machine.travel("2026-07-01 03:00:00+07:00", tick=False)
def test_healthz_is_quiet_before_october(client):
    assert "warnings" not in client.get("/healthz").json()


@pytest.fixture
def admin_client(client):
    client.force_login(StaffUserFactory())
    return client


@time_machine.travel("2026-12-01 09:00:00+07:00", tick=False)
def test_the_admin_lists_each_year_with_its_status_and_confirms_it(admin_client):
    listing = admin_client.get(reverse("admin:eligibility_holidayyear_changelist"))
    html = listing.content.decode()
    assert listing.status_code == 200
    assert "tạm tính (chưa đối chiếu lịch nghỉ chính thức)" in html
    assert "đã xác nhận theo lịch nghỉ chính thức" in html
    assert "Lịch nghỉ lễ, Tết năm 2027 vẫn là tạm tính" in html  # from 1 October
    year = HolidayYear.objects.get(year=2027)
    page = admin_client.get(reverse("admin:eligibility_holidayyear_change", args=[year.pk]))
    text = page.content.decode()
    assert "Lịch nghỉ lễ, Tết năm 2027: tạm tính" in text
    assert "03/05/2027" in text and "Nghỉ bù" in text
    response = admin_client.post(
        reverse("admin:eligibility_holidayyear_changelist"),
        {"action": "confirm_years", "_selected_action": [year.pk]},
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.status == "confirmed" and year.confirmed_by is not None
    change = year.history.get(history_type="~")
    assert change.history_change_reason.startswith("Xác nhận") and change.history_user is not None


def test_a_provisional_date_is_marked_on_the_staff_page_tag():
    from django.template import Context, Template

    template = Template("{% load eligibility_tags %}{% provisional_mark day %}")
    assert "2027" in template.render(Context({"day": date(2027, 1, 4)}))
    assert template.render(Context({"day": date(2026, 3, 17)})) == ""
