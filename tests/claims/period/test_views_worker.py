"""The worker's pages of the benefit period: the monthly notification one question a page, the
window's limits, "I found a job", the period page; only the worker's own claim; bad input never
changes anything nor answers 500."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from claims.models import (
    BenefitMonth,
    Claim,
    ClaimDocument,
    MonthlyNotification,
    PeriodEvent,
    Termination,
)
from claims.period.forms import JobSearchEntryForm
from tests.claims.period.support import at, period_claim
from tests.claims.tracking.test_views_citizen import staff_with_mfa
from tests.factories import CitizenFactory

pytestmark = [
    pytest.mark.django_db(databases=["default", "social_security"]),
]

#: RULES.md example 1: month 2 runs 2026-04-17..05-16, its window Fri 04-17 .. Tue 04-21.
IN_WINDOW = date(2026, 4, 20)
BEFORE_WINDOW = date(2026, 4, 10)


def client_for(user, lang: str = "vi") -> Client:
    c = Client(headers={"accept-language": lang})
    c.force_login(user)
    c.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return c


@pytest.fixture
def claim():
    with time_machine.travel(at(date(2026, 3, 13), 11), tick=False):
        return period_claim()


@pytest.fixture
def on_day():
    travellers = []

    def travel(day: date, hour: int = 10):
        traveller = time_machine.travel(at(day, hour), tick=False)
        traveller.start()
        travellers.append(traveller)

    yield travel
    for traveller in travellers:
        traveller.stop()


def url(name: str, claim, *args) -> str:
    return reverse(f"claims:period_{name}", args=[claim.public_id, *args])


def notify(c: Client, claim, *, event: str = "none", on: str = "") -> None:
    """Answer every page of the monthly notification as a worker would."""
    assert (
        c.post(url("notify_step", claim, "viec-lam"), {"still_unemployed": "yes"}).status_code
        == 302
    )
    r = c.post(
        url("notify_step", claim, "tim-viec"),
        {"kind": "employer", "place": "Công ty May Việt Tiến", "on": "2026-04-15", "action": "add"},
    )
    assert r.status_code == 302 and r.url == url("notify_step", claim, "tim-viec")
    assert c.post(url("notify_step", claim, "tim-viec"), {"action": "continue"}).url == url(
        "notify_step", claim, "san-sang"
    )
    assert c.post(url("notify_step", claim, "san-sang"), {"available": "yes"}).status_code == 302
    r = c.post(url("notify_step", claim, "thay-doi"), {"event": event, "on": on})
    assert r.status_code == 302, r.content.decode()
    assert c.post(url("notify_step", claim, "giay-to"), {"action": "continue"}).url == url(
        "notify_check", claim
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_worker_notifies_online_one_question_a_page(claim, on_day, lang):
    on_day(IN_WINDOW)
    c = client_for(claim.citizen, lang)
    start = c.get(url("notify_start", claim))
    assert start.status_code == 200
    for step in ("viec-lam",):
        assert c.get(url("notify_step", claim, step)).status_code == 200
    notify(c, claim)
    check = c.get(url("notify_check", claim))
    assert check.status_code == 200
    assert "Công ty May Việt Tiến" in check.content.decode()
    assert not MonthlyNotification.objects.exists()
    receipt = c.post(url("notify_check", claim), {"confirm": "on"})
    assert receipt.status_code == 302 and receipt.url == url("notify_receipt", claim, 2)
    notification = MonthlyNotification.objects.get()
    assert notification.month.index == 2 and notification.channel == "online"
    assert notification.job_search_log == [
        {"kind": "employer", "where": "Công ty May Việt Tiến", "date": "2026-04-15"}
    ]
    assert notification.available and notification.still_unemployed
    assert BenefitMonth.objects.get(claim=claim, index=2).status == "notified"
    page = c.get(receipt.url)
    assert page.status_code == 200 and claim.reference in page.content.decode()
    # Done: the start page now says it is made, and the questions send back to it.
    again = c.get(url("notify_start", claim))
    assert again.status_code == 200
    assert c.get(url("notify_step", claim, "viec-lam")).url == url("notify_start", claim)


def test_outside_the_window_the_page_says_when_the_next_opens(claim, on_day):
    on_day(BEFORE_WINDOW)
    c = client_for(claim.citizen)
    page = c.get(url("notify_start", claim))
    assert page.status_code == 200
    text = page.content.decode()
    assert "17/04/2026" in text and "21/04/2026" in text
    assert c.get(url("notify_step", claim, "viec-lam")).url == url("notify_start", claim)
    assert c.post(url("notify_check", claim), {"confirm": "on"}).url == url("notify_start", claim)
    assert not MonthlyNotification.objects.exists()


def test_a_later_page_needs_the_earlier_answers(claim, on_day):
    on_day(IN_WINDOW)
    c = client_for(claim.citizen)
    assert c.get(url("notify_step", claim, "san-sang")).url == url("notify_step", claim, "viec-lam")
    assert c.get(url("notify_check", claim)).url == url("notify_step", claim, "viec-lam")


def test_an_empty_job_search_log_is_refused_with_a_message(claim, on_day):
    on_day(IN_WINDOW)
    c = client_for(claim.citizen)
    c.post(url("notify_step", claim, "viec-lam"), {"still_unemployed": "yes"})
    r = c.post(url("notify_step", claim, "tim-viec"), {"action": "continue"})
    assert r.status_code == 400
    assert "ít nhất một lần" in r.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"still_unemployed": "maybe"}, "đã có việc làm hay chưa"),
        ({}, "đã có việc làm hay chưa"),
    ],
)
def test_a_bad_answer_is_shown_next_to_the_question(claim, on_day, data, message):
    on_day(IN_WINDOW)
    c = client_for(claim.citizen)
    r = c.post(url("notify_step", claim, "viec-lam"), data)
    assert r.status_code == 400 and message in r.content.decode()
    assert "error-summary" in r.content.decode()


def test_an_event_needs_its_date_and_a_job_ends_the_benefit_from_it(claim, on_day):
    on_day(IN_WINDOW)
    c = client_for(claim.citizen)
    c.post(url("notify_step", claim, "viec-lam"), {"still_unemployed": "no"})
    # Having a job skips the job search: straight to the event, the job preselected.
    page = c.get(url("notify_step", claim, "thay-doi"))
    assert page.status_code == 200
    assert re.search(r'value="job_started"[^>]*checked', page.content.decode())
    r = c.post(url("notify_step", claim, "thay-doi"), {"event": "job_started"})
    assert r.status_code == 400 and "Hãy nhập ngày" in r.content.decode()
    r = c.post(url("notify_step", claim, "thay-doi"), {"event": "none"})
    assert r.status_code == 400
    c.post(url("notify_step", claim, "thay-doi"), {"event": "job_started", "on": "2026-04-27"})
    c.post(url("notify_step", claim, "giay-to"), {"action": "continue"})
    check = c.get(url("notify_check", claim))
    assert "27/04/2026" in check.content.decode() and "bảo lưu" in check.content.decode()
    c.post(url("notify_check", claim), {"confirm": "on"})
    notification = MonthlyNotification.objects.get()
    assert not notification.still_unemployed and notification.event_kind == "job_started"
    event = PeriodEvent.objects.get()
    assert event.kind == "job_started" and event.reported and event.date == date(2026, 4, 27)
    assert Termination.objects.get().state == "proposed"


def test_the_check_page_must_be_confirmed(claim, on_day):
    on_day(IN_WINDOW)
    c = client_for(claim.citizen)
    notify(c, claim)
    r = c.post(url("notify_check", claim), {})
    assert r.status_code == 400 and "cam đoan" in r.content.decode()
    assert not MonthlyNotification.objects.exists()


def test_a_proof_is_checked_and_kept_with_the_notification(claim, on_day):
    on_day(IN_WINDOW)
    c = client_for(claim.citizen)
    c.post(url("notify_step", claim, "viec-lam"), {"still_unemployed": "yes"})
    c.post(
        url("notify_step", claim, "tim-viec"),
        {
            "kind": "job_fair",
            "place": "Sàn giao dịch việc làm",
            "on": "2026-04-16",
            "action": "continue",
        },
    )
    c.post(url("notify_step", claim, "san-sang"), {"available": "yes"})
    c.post(url("notify_step", claim, "thay-doi"), {"event": "none"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf")
    r = c.post(url("notify_step", claim, "giay-to"), {"proof": bad, "action": "upload"})
    assert r.status_code == 400 and "PDF, JPG hoặc PNG" in r.content.decode()
    assert not ClaimDocument.objects.exists()
    png = SimpleUploadedFile("giay-hen.png", _png(), content_type="image/png")
    r = c.post(url("notify_step", claim, "giay-to"), {"proof": png, "action": "upload"})
    assert r.status_code == 302
    c.post(url("notify_step", claim, "giay-to"), {"action": "continue"})
    c.post(url("notify_check", claim), {"confirm": "on"})
    assert MonthlyNotification.objects.get().proof.original_name == "giay-hen.png"


def _png() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_i_found_a_job_ends_the_benefit_and_shows_the_months_reserved(claim, on_day, lang):
    on_day(date(2026, 5, 25))
    c = client_for(claim.citizen, lang)
    assert c.get(url("end_report", claim)).status_code == 200
    r = c.post(url("end_report", claim), {"ground": "job_started", "on": "2026-13-01"})
    assert r.status_code == 400
    r = c.post(
        url("end_report", claim),
        {"ground": "job_started", "on": "2026-06-01", "employer": "Công ty ABC"},
    )
    assert r.url == url("end_check", claim)
    check = c.get(r.url)
    assert check.status_code == 200 and "01/06/2026" in check.content.decode()
    assert not PeriodEvent.objects.exists()
    done = c.post(r.url, {"confirm": "on"})
    assert done.url == url("end_result", claim)
    result = c.get(done.url)
    assert result.status_code == 200
    termination = Termination.objects.get()
    assert termination.ground == "a" and termination.reported_by_worker
    assert termination.effective_on == date(2026, 6, 1)
    # RULES.md: reserved = n - 12 x months received (month 3 holds the job): 74 - 36 = 38.
    assert termination.reserved_months == 38
    assert "38" in result.content.decode()
    # Once reported, the report page shows the result instead of a second form.
    assert c.get(url("end_report", claim)).url == url("end_result", claim)


def test_a_worker_sees_only_their_own_claim(claim, on_day):
    on_day(IN_WINDOW)
    stranger = client_for(CitizenFactory())
    for name in ("detail", "notify_start", "end_report", "end_check", "end_result"):
        assert stranger.get(url(name, claim)).status_code == 404, name
    assert stranger.get(url("notify_step", claim, "viec-lam")).status_code == 404
    assert stranger.post(url("notify_check", claim), {"confirm": "on"}).status_code == 404
    assert not MonthlyNotification.objects.exists()


def test_the_period_page_lists_every_month(claim, on_day):
    on_day(IN_WINDOW)
    page = client_for(claim.citizen).get(url("detail", claim))
    assert page.status_code == 200
    text = page.content.decode()
    assert "17/03/2026" in text and "16/09/2026" in text


def test_staff_are_not_let_into_the_worker_pages(claim, on_day):
    on_day(IN_WINDOW)
    assert (
        client_for(staff_with_mfa(center=claim.center)).get(url("notify_start", claim)).status_code
        == 403
    )


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.one_of(
        st.sampled_from(["employer", "job_fair", "application", "other"]), st.text(max_size=20)
    ),
    place=st.text(max_size=260),
    on=st.one_of(
        st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)).map(str),
        st.text(max_size=12),
    ),
)
def test_the_job_search_entry_never_accepts_what_the_service_would_refuse(kind, place, on):
    form = JobSearchEntryForm(
        {"kind": kind, "place": place, "on": on},
        earliest=date(2026, 3, 17),
        today=date(2026, 4, 20),
    )
    if form.is_valid():
        entry = form.entry()
        assert entry["kind"] in {"employer", "job_fair", "application", "other"}
        assert 0 < len(entry["where"]) <= 200 and entry["where"] == entry["where"].strip()
        assert all(ord(ch) >= 32 for ch in entry["where"])
        assert "2026-03-17" <= entry["date"] <= "2026-04-20"
    else:
        assert form.errors  # a message for the person, never an exception


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_claim_page_shows_this_months_card(claim, on_day, lang):
    # The fixture's eligibility holds only n; the claim page reads a whole assessment.
    Claim.objects.filter(pk=claim.pk).update(eligibility={})
    on_day(IN_WINDOW)
    page = client_for(claim.citizen, lang).get(
        reverse("claims:claim_detail", args=[claim.public_id])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "period-card" in text and "21/04/2026" in text
    assert url("notify_start", claim) in text
    if lang == "en":
        assert "Benefit month 2 of 6" in text
