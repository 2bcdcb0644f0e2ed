"""The SMS channel: numbers and text normalised, the backend chosen by settings."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from claims import sms
from claims.sms.client import outbox_read


@pytest.fixture
def memory_sms(settings):
    settings.SMS_BACKEND = "claims.sms.client.MemoryBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("0912345678", "+84912345678"),
        ("091 234 5678", "+84912345678"),
        ("+84 912.345.678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("0387654321", "+84387654321"),
    ],
)
def test_mobile_numbers_are_written_in_international_form(given, expected):
    assert sms.sms_number(given) == expected


@pytest.mark.parametrize("bad", ["", "12345", "0212345678", "09123456789", "abc", "+1 555 0100"])
def test_a_number_that_is_not_a_vietnamese_mobile_is_refused(bad):
    with pytest.raises(sms.SmsError):
        sms.sms_number(bad)


def test_text_goes_out_without_vietnamese_marks():
    assert sms.sms_ascii("Đã đến kỳ thông báo tìm việc  tháng 2") == (
        "Da den ky thong bao tim viec thang 2"
    )


def test_memory_backend_keeps_the_message(memory_sms):
    result = sms.sms_send(to="0912345678", text="Nhắc: hạn cuối hôm nay", reference="r:1")
    assert result.sent and result.message_id == "r:1"
    assert [(m.to, m.text) for m in memory_sms] == [("+84912345678", "Nhac: han cuoi hom nay")]


def test_a_long_text_is_cut_to_three_parts(memory_sms):
    result = sms.sms_send(to="0912345678", text="a" * 1000)
    assert len(result.text) == sms.client.MAX_LENGTH


def test_an_empty_text_is_refused(memory_sms):
    with pytest.raises(sms.SmsError):
        sms.sms_send(to="0912345678", text="  ")
    assert memory_sms == []


def test_the_stand_in_records_messages_where_a_developer_can_read_them(settings, tmp_path, capsys):
    settings.SMS_BACKEND = "claims.sms.client.FileBackend"
    settings.SMS_OUTBOX_DIR = str(tmp_path)
    sms.sms_send(to="0912345678", text="Tin thứ nhất")
    sms.sms_send(to="0987654321", text="Tin thứ hai")
    lines = (tmp_path / "outbox.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["to"] for line in lines] == ["+84912345678", "+84987654321"]
    assert [m["text"] for m in outbox_read(limit=1)] == ["Tin thu hai"]
    call_command("sms_outbox", "--limit", "5")
    out = capsys.readouterr().out
    assert "+84912345678  Tin thu nhat" in out and "Tin thu hai" in out


@pytest.fixture
def gateway():
    """A real HTTP server standing in for a message gateway: records requests, answers `reply`."""
    state = {"requests": [], "status": 200, "reply": {"id": "gw-1"}}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - the http.server API
            length = int(self.headers.get("Content-Length") or 0)
            state["requests"].append((dict(self.headers), self.rfile.read(length)))
            body = json.dumps(state["reply"]).encode()
            self.send_response(state["status"])
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/send"
    yield state
    server.shutdown()
    server.server_close()


def test_the_http_gateway_gets_json_with_the_token(settings, gateway):
    settings.SMS_BACKEND = "claims.sms.client.HttpBackend"
    settings.SMS_GATEWAY_URL = gateway["url"]
    settings.SMS_GATEWAY_TOKEN = "t0ken"
    result = sms.sms_send(to="0912345678", text="Xin chào", reference="r:2")
    assert result.sent and result.message_id == "gw-1"
    headers, body = gateway["requests"][0]
    assert headers["Authorization"] == "Bearer t0ken"
    assert json.loads(body) == {"to": "+84912345678", "text": "Xin chao", "reference": "r:2"}


def test_a_gateway_that_refuses_is_a_result_not_an_exception(settings, gateway):
    settings.SMS_BACKEND = "claims.sms.client.HttpBackend"
    settings.SMS_GATEWAY_URL = gateway["url"]
    gateway["status"] = 503
    result = sms.sms_send(to="0912345678", text="Xin chào")
    assert not result.sent and result.error == "HTTP 503"


def test_an_unreachable_gateway_is_a_result_not_an_exception(settings):
    settings.SMS_BACKEND = "claims.sms.client.HttpBackend"
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"
    result = sms.sms_send(to="0912345678", text="Xin chào")
    assert not result.sent and result.error == "ConnectionError"
