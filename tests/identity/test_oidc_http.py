"""The VNeID calls' HTTP session: allauth's timeout, the environment's proxies and CA bundle,
read once per process instead of at every call (identity/oidc/http.py, issue 11)."""

from __future__ import annotations

import os
import socket
import threading

import pytest
import requests
from allauth.socialaccount import app_settings

from identity.adapters import VneidSocialAccountAdapter
from identity.oidc import http


class Capture(requests.adapters.BaseAdapter):
    """Answers every call itself, keeping what requests would have sent it with."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[dict] = []

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        self.sent.append({"url": request.url, **kwargs})
        answer = requests.Response()
        answer.status_code, answer._content, answer.request = 200, b"{}", request
        return answer

    def close(self) -> None:
        pass


@pytest.fixture
def environment(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "direct.example")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/vneid-ca.pem")
    http.environment_proxies.cache_clear()
    http.environment_ca_bundle.cache_clear()
    yield monkeypatch
    http.environment_proxies.cache_clear()
    http.environment_ca_bundle.cache_clear()


def _session_capturing() -> tuple[requests.Session, Capture]:
    session = VneidSocialAccountAdapter().get_requests_session()
    capture = Capture()
    session.mount("https://", capture)
    return session, capture


def test_calls_use_the_environments_proxy_ca_bundle_and_allauths_timeout(environment):
    session, capture = _session_capturing()
    with session:
        session.post("https://vneid.example/token/", data={"code": "x"})
        session.get("https://direct.example/userinfo/")
    through_proxy, direct = capture.sent
    assert through_proxy["proxies"]["https"] == "http://proxy.internal:3128"
    assert "https" not in direct["proxies"]  # NO_PROXY is honoured
    assert through_proxy["verify"] == direct["verify"] == "/etc/ssl/vneid-ca.pem"
    assert through_proxy["timeout"] == app_settings.REQUESTS_TIMEOUT


def test_the_environment_is_read_once_per_origin(environment):
    reads: list[str] = []
    real = http.get_environ_proxies

    def counting(url, no_proxy=None):  # type: ignore[no-untyped-def]
        reads.append(url)
        return real(url, no_proxy=no_proxy)

    environment.setattr(http, "get_environ_proxies", counting)
    for _ in range(3):
        session, capture = _session_capturing()
        with session:
            session.post("https://vneid.example/token/")
            session.get("https://vneid.example/userinfo/")
        assert capture.sent[-1]["proxies"]["https"] == "http://proxy.internal:3128"
    assert reads == ["https://vneid.example"]


def test_every_session_of_a_process_keeps_its_connections_in_one_pool():
    first = VneidSocialAccountAdapter().get_requests_session()
    second = VneidSocialAccountAdapter().get_requests_session()
    pool = http.connection_pool()
    assert first.get_adapter("https://vneid.example/") is pool
    assert second.get_adapter("http://127.0.0.1:8001/") is pool
    first.close()  # allauth closes its session after each call: the pool stays open
    assert http.connection_pool() is pool
    assert pool.poolmanager.pools is not None


def test_a_forked_process_gets_its_own_pool(monkeypatch):
    parents = http.connection_pool()
    monkeypatch.setattr(http.os, "getpid", lambda: -1)
    childs = http.connection_pool()
    assert childs is not parents
    assert http.connection_pool() is childs


def test_cookies_one_login_received_never_go_with_anothers_calls():
    first = VneidSocialAccountAdapter().get_requests_session()
    first.cookies.set("sessionid", "of-the-first-login", domain="vneid.example")
    second = VneidSocialAccountAdapter().get_requests_session()
    call = second.prepare_request(requests.Request("GET", "https://vneid.example/userinfo/"))
    assert "Cookie" not in call.headers
    assert (
        "Cookie"
        in first.prepare_request(requests.Request("GET", "https://vneid.example/userinfo/")).headers
    )


class _DropsTheSecondCall:
    """A VNeID stand-in on a socket: answers the first call of each connection and keeps it
    alive; on the same connection's second call it hangs up without answering (a server
    closing an idle kept-alive connection just as the call arrives), or, with `silent`, never
    answers at all."""

    def __init__(self, *, silent: bool = False) -> None:
        self.silent = silent
        self.calls = 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/token/"
        self.threads: list[threading.Thread] = []
        self.accepting = threading.Thread(target=self._accept, daemon=True)
        self.accepting.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self.threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            for index in range(2):
                data = b""
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                self.calls += 1
                if self.silent and index == 0 and self.calls > 1:
                    threading.Event().wait(2)  # longer than the caller's timeout
                    return
                if index == 1:
                    return  # hang up without an answer
                body = b'{"ok": true}'
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
                )

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def vneid_socket():
    servers: list[_DropsTheSecondCall] = []

    def start(**kwargs: bool) -> _DropsTheSecondCall:
        servers.append(_DropsTheSecondCall(**kwargs))
        return servers[-1]

    http._connection_pool.cache_clear()
    yield start
    for server in servers:
        server.close()
    http._connection_pool.cache_clear()


def test_a_kept_alive_connection_closed_under_a_call_is_retried_once_on_a_new_one(vneid_socket):
    vneid = vneid_socket()
    with http.EnvironmentOnceSession() as session:
        assert session.post(vneid.url, data={"code": "a"}, timeout=5).json() == {"ok": True}
    # The next login's call goes out on the kept-alive connection, which the server closes.
    with http.EnvironmentOnceSession() as session:
        assert session.post(vneid.url, data={"code": "b"}, timeout=5).json() == {"ok": True}
    assert vneid.calls == 3  # the first call, the dropped one, and its retry


def test_a_call_that_times_out_is_not_sent_twice(vneid_socket):
    vneid = vneid_socket(silent=True)
    with http.EnvironmentOnceSession() as session:
        session.post(vneid.url, data={"code": "a"}, timeout=5)
    with http.EnvironmentOnceSession() as session, pytest.raises(requests.ReadTimeout):
        # A new connection whose call is never answered: VNeID may have used the code.
        http._connection_pool(os.getpid()).close()
        session.post(vneid.url, data={"code": "b"}, timeout=0.3)
    assert vneid.calls == 2


def test_a_vneid_that_refuses_connections_is_not_retried(vneid_socket, monkeypatch):
    # A port bound but never listened on: every connection to it is refused.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{closed.getsockname()[1]}/token/"
    sent = []
    real_send = requests.adapters.HTTPAdapter.send

    def counting(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        sent.append(request.url)
        return real_send(self, request, *args, **kwargs)

    monkeypatch.setattr(requests.adapters.HTTPAdapter, "send", counting)
    with http.EnvironmentOnceSession() as session, pytest.raises(requests.ConnectionError):
        session.post(url, data={"code": "a"}, timeout=2)
    assert len(sent) == 1
