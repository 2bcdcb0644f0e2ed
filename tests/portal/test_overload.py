"""A saturated portal answers at once: 503, Retry-After and a waiting room in the person's
language (JSON under /api/); a login in progress is never refused."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from portal import overload
from portal.overload import IN_FLIGHT, OverloadSheddingMiddleware


def _is_waiting_room(answer) -> bool:
    text = answer.content.decode()
    return answer.status_code == 503 and ("overloaded" in text or "Rất nhiều người" in text)


@contextmanager
def saturated(limit: int) -> Iterator[None]:
    """This process already handles `limit` requests (as if `limit` threads were busy)."""
    for _ in range(limit):
        assert IN_FLIGHT.enter(limit=0, force=True)
    try:
        yield
    finally:
        for _ in range(limit):
            IN_FLIGHT.leave()


@pytest.fixture
def limit_two(settings):
    settings.PORTAL_MAX_IN_FLIGHT = 2
    settings.PORTAL_OVERLOAD_RETRY_AFTER = 180
    assert IN_FLIGHT.count == 0
    yield 2
    assert IN_FLIGHT.count == 0  # every request that entered also left


def test_the_limit_holds_with_real_concurrent_requests(limit_two):
    release = threading.Event()
    entered = threading.Semaphore(0)

    def slow_view(request):
        entered.release()
        release.wait(10)
        return HttpResponse("done")

    middleware = OverloadSheddingMiddleware(slow_view)
    factory = RequestFactory()
    answers: list[int] = []
    threads = [
        threading.Thread(target=lambda: answers.append(middleware(factory.get("/")).status_code))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for _ in range(2):
        assert entered.acquire(timeout=10)

    started = time.monotonic()
    third = middleware(factory.get("/ho-so-cua-toi/"))
    refused_in = time.monotonic() - started
    release.set()
    for thread in threads:
        thread.join(10)

    assert third.status_code == 503
    assert third["Retry-After"] == "180"
    assert refused_in < 5  # answered at once, not after the busy requests (a loose bound)
    assert answers == [200, 200]
    assert middleware(factory.get("/")).status_code == 200  # capacity is back


def test_the_count_is_released_when_a_view_raises(limit_two):
    def broken(request):
        raise RuntimeError("boom")

    middleware = OverloadSheddingMiddleware(broken)
    for _ in range(3):
        with pytest.raises(RuntimeError):
            middleware(RequestFactory().get("/"))


@pytest.mark.django_db
def test_a_page_under_saturation_is_the_waiting_room_in_vietnamese(client, limit_two):
    with saturated(limit_two):
        answer = client.get("/nop-ho-so/")

    assert answer.status_code == 503
    assert answer["Retry-After"] == "180"
    assert answer["Cache-Control"] == "no-store"
    text = answer.content.decode()
    assert '<html lang="vi">' in text
    assert "Rất nhiều người đang nộp hồ sơ" in text
    assert "quay lại sau 3 phút" in text
    assert "Hồ sơ nháp của bạn đã được lưu" in text
    assert 'href="/nop-ho-so/"' in text  # try again: the same page
    assert "<script" not in text and "style=" not in text
    assert "sessionid" not in answer.cookies  # refused before the session was touched


@pytest.mark.django_db
def test_the_waiting_room_follows_the_language_the_person_chose(client, settings, limit_two):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with saturated(limit_two):
        answer = client.post("/nop-ho-so/", {"x": "1"})

    text = answer.content.decode()
    assert answer.status_code == 503
    assert '<html lang="en">' in text
    assert "Very many people are filing claims right now" in text
    assert "come back in 3 minutes" in text
    assert "Your draft has been saved" in text
    assert 'href="/"' in text  # a form cannot be replayed by a link


@pytest.mark.django_db
def test_the_api_under_saturation_answers_json(client, limit_two):
    with saturated(limit_two):
        answer = client.get("/api/v1/claims/", HTTP_ACCEPT_LANGUAGE="en")

    assert answer.status_code == 503
    assert answer["Retry-After"] == "180"
    body = answer.json()
    assert body["code"] == "overloaded"
    assert body["retry_after"] == 180
    assert "try again in 3 minutes" in body["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/accounts/oidc/vneid/login/callback/?state=x&code=y",
        "/mock-vneid/dang-nhap/",
        "/mock-vneid/.well-known/openid-configuration",
        "/healthz",
    ],
)
def test_a_login_in_progress_is_never_sent_to_the_waiting_room(client, limit_two, path):
    with saturated(limit_two):
        answer = client.get(path)
    # (The health check may answer 503 of its own here, with no broker: not the waiting room.)
    assert not _is_waiting_room(answer)


@pytest.mark.django_db
def test_a_request_that_waited_too_long_at_the_load_balancer_is_refused(client, settings):
    settings.PORTAL_MAX_QUEUE_WAIT_MS = 2000
    now = time.time()

    late = client.get("/", HTTP_X_REQUEST_START=f"t={now - 5:.3f}")  # nginx: seconds.millis
    late_ms = client.get("/", HTTP_X_REQUEST_START=f"t={int((now - 5) * 1000)}")
    fresh = client.get("/", HTTP_X_REQUEST_START=f"t={now:.3f}")
    garbage = client.get("/", HTTP_X_REQUEST_START="t=soon")
    callback = client.get(
        "/accounts/oidc/vneid/login/callback/?state=x",
        HTTP_X_REQUEST_START=f"t={now - 5:.3f}",
    )

    assert (late.status_code, late_ms.status_code) == (503, 503)
    assert fresh.status_code == 200
    assert garbage.status_code == 200
    assert not _is_waiting_room(callback)


def test_shedding_logs_a_summary_not_a_line_per_request(caplog, monkeypatch):
    shed_log = overload.ShedLog()
    for _ in range(50):
        shed_log.note("GET /")
    assert len([r for r in caplog.records if "waiting room" in r.getMessage()]) == 1
