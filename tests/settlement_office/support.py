"""Start the settlement-office simulator as a real process, talk to it, receive its callbacks.

Used by the simulator's own tests and by the portal's payment integration tests:

    with settlement_office_running(tmp_path, pay_delay=0.05, fail_5xx=0.3) as base_url:
        ...  # settings.SETTLEMENT_OFFICE_URL = base_url
        orders = office_orders(base_url)

Flags are the `serve` flags with underscores (pay_delay, slow, fail_5xx, store_then_5xx,
duplicate_callbacks, reorder_callbacks, fail_accounts, callback_attempts, callback_timeout,
callback_backoff, seed, log_level) plus `secret`. The database is `tmp_path/office.sqlite3`
unless `db=` is given: start twice with the same tmp_path to test a restart.
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from common import signed_http

REPO = Path(__file__).resolve().parents[2]
DEV_SECRET = "dev-only-settlement-shared-secret"


class OfficeDidNotStart(RuntimeError):
    pass


@contextlib.contextmanager
def settlement_office_running(
    tmp_path: Path, *, startup_timeout: float = 30.0, **flags: Any
) -> Iterator[str]:
    """Run `python -m settlement_office serve` on a free port; yield its base URL."""
    secret = flags.pop("secret", os.environ.get("SETTLEMENT_OFFICE_SECRET", DEV_SECRET))
    flags.setdefault("db", tmp_path / "office.sqlite3")
    flags.setdefault("log_level", "WARNING")
    args = [sys.executable, "-m", "settlement_office", "serve", "--host", "127.0.0.1"]
    args += ["--port", "0"]
    for name, value in flags.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    # A clean environment for the simulator: none of the caller's SETTLEMENT_OFFICE_* choices
    # (a database URL, a fault) leak in; the portal's DJANGO_SETTINGS_MODULE is overridden.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SETTLEMENT_OFFICE_")}
    env["SETTLEMENT_OFFICE_SECRET"] = secret
    env["PYTHONUNBUFFERED"] = "1"
    tmp_path.mkdir(parents=True, exist_ok=True)
    log_path = tmp_path / f"settlement_office-{uuid.uuid4().hex[:8]}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base_url = _wait_ready(process, log_path, startup_timeout)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_ready(process: subprocess.Popen[bytes], log_path: Path, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise OfficeDidNotStart(
                f"the simulator exited:\n{log_path.read_text(errors='replace')}"
            )
        for line in log_path.read_text(errors="replace").splitlines():
            if line.startswith("ready on "):
                base_url = line.removeprefix("ready on ").strip()
                with contextlib.suppress(requests.RequestException):
                    if requests.get(f"{base_url}/healthz", timeout=2).ok:
                        return base_url
        time.sleep(0.05)
    process.kill()
    raise OfficeDidNotStart(f"no answer in {timeout} s:\n{log_path.read_text(errors='replace')}")


def office_orders(base_url: str, *, since_id: int = 0) -> list[dict[str, Any]]:
    """Every order the simulator holds (with its callbacks), oldest first."""
    response = requests.get(f"{base_url}/api/orders", params={"since_id": since_id}, timeout=30)
    response.raise_for_status()
    return response.json()["orders"]


def office_summary(base_url: str) -> dict[str, Any]:
    response = requests.get(f"{base_url}/api/orders", params={"since_id": 10**15}, timeout=30)
    response.raise_for_status()
    return response.json()["summary"]


def sample_order(callback_url: str, /, **overrides: Any) -> dict[str, Any]:
    """A valid order as the portal sends it, with a fresh idempotency key."""
    return {
        "idempotency_key": str(uuid.uuid4()),
        "order_reference": "TCTN-2026-000123-01",
        "amount": 4_200_000,
        "currency": "VND",
        "method": "bank",
        "bank_code": "VCB",
        "account_number": "0123456789",
        "account_holder": "NGUYEN VAN A",
        "beneficiary_name": "Nguyễn Văn A",
        "personal_id": "001090000123",
        "period_start": "2026-03-17",
        "period_end": "2026-04-16",
        "callback_url": callback_url,
        **overrides,
    }


def office_post(
    base_url: str,
    payload: Any = None,
    *,
    body: bytes | None = None,
    secret: str = DEV_SECRET,
    timestamp: int | None = None,
    signed: bool = True,
) -> requests.Response:
    """POST an order (or raw `body`) to the simulator, signed like the portal signs it."""
    data = signed_http.dumps(payload) if body is None else body
    headers = {"Content-Type": "application/json"}
    if signed:
        headers.update(signed_http.sign(secret=secret, body=data, timestamp=timestamp))
    return requests.post(f"{base_url}/api/orders", data=data, headers=headers, timeout=30)


def office_post_batch(
    base_url: str, orders: list[Any], *, secret: str = DEV_SECRET, signed: bool = True
) -> requests.Response:
    """POST a batch of orders to the simulator (ADR 0026), signed like the portal signs it."""
    data = signed_http.dumps({"orders": orders})
    headers = {"Content-Type": "application/json"}
    if signed:
        headers.update(signed_http.sign(secret=secret, body=data))
    return requests.post(f"{base_url}/api/orders/batch", data=data, headers=headers, timeout=30)


def wait_for(condition: Callable[[], Any], *, timeout: float = 15.0, every: float = 0.05) -> Any:
    """Poll until `condition()` is truthy; returns its value or fails with the last one."""
    deadline = time.monotonic() + timeout
    value = condition()
    while not value:
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met in {timeout} s (last: {value!r})")
        time.sleep(every)
        value = condition()
    return value


@dataclass
class Received:
    body: dict[str, Any]
    raw: bytes
    headers: dict[str, str]
    signature_ok: bool
    answered: int


@dataclass
class CallbackReceiver:
    """A tiny threaded HTTP server standing in for the portal's callback endpoint.

    `fail_first` answers 500 to that many requests first; every request is recorded with whether
    its signature verified. A batch (``{"events": [...]}``, ADR 0026) is answered with one
    result per event: `answer_event(event)` if given, else "applied".
    """

    secret: str = DEV_SECRET
    fail_first: int = 0
    answer_event: Callable[[dict[str, Any]], str] | None = None
    received: list[Received] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/thanh-toan/callback/"

    def __enter__(self) -> CallbackReceiver:
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k: v for k, v in self.headers.items()}
                try:
                    signed_http.verify(secret=receiver.secret, headers=headers, body=raw)
                    ok = True
                except signed_http.SignatureError:
                    ok = False
                with receiver._lock:
                    status = 500 if receiver.fail_first > 0 else (200 if ok else 401)
                    receiver.fail_first -= 1 if receiver.fail_first > 0 else 0
                    try:
                        body = json.loads(raw)
                    except ValueError:
                        body = {}
                    receiver.received.append(Received(body, raw, headers, ok, status))
                payload = b'{"ok": true}' if status == 200 else b'{"ok": false}'
                if status == 200 and isinstance(body.get("events"), list):
                    answer = receiver.answer_event or (lambda event: "applied")
                    payload = json.dumps(
                        {
                            "ok": True,
                            "results": [
                                {"event_id": e.get("event_id"), "status": answer(e)}
                                for e in body["events"]
                            ],
                        }
                    ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def events(self, key: str | None = None, *, answered: int | None = 200) -> list[dict[str, Any]]:
        """Events received (for one idempotency key), in arrival order, those of a batch one by
        one; by default only those answered 200."""
        with self._lock:
            return [
                event
                for r in self.received
                if answered is None or r.answered == answered
                for event in (r.body["events"] if "events" in r.body else [r.body])
                if key is None or event.get("idempotency_key") == key
            ]

    def batches(self) -> list[list[dict[str, Any]]]:
        """The batch callbacks received, each a list of its events."""
        with self._lock:
            return [r.body["events"] for r in self.received if "events" in r.body]
