"""Start the training-institution stand-in as a real process, talk to it as the portal does.

    with institution_running(tmp_path, duplicate_reports=1) as base_url:
        ...  # settings.TRAINING_INSTITUTION_URL = base_url
        enrolments = standin_enrolments(base_url)

Flags are the `serve` flags with underscores (report_delay, duplicate_reports, fail_5xx,
report_attempts, report_timeout, report_backoff, seed, log_level) plus `secret`.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

from common import institution_keys, signed_http
from tests.settlement_office.support import _wait_ready

REPO = Path(__file__).resolve().parents[2]
DEV_SECRET = "dev-only-training-institution-secret"


@contextlib.contextmanager
def institution_running(
    tmp_path: Path, *, startup_timeout: float = 30.0, **flags: Any
) -> Iterator[str]:
    """Run `python -m training_institution serve` on a free port; yield its base URL."""
    secret = flags.pop("secret", os.environ.get("TRAINING_INSTITUTION_SECRET", DEV_SECRET))
    flags.setdefault("db", tmp_path / "institution.sqlite3")
    flags.setdefault("log_level", "WARNING")
    args = [sys.executable, "-m", "training_institution", "serve", "--host", "127.0.0.1"]
    args += ["--port", "0"]
    for name, value in flags.items():
        args += [f"--{name.replace('_', '-')}", str(value)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRAINING_INSTITUTION_")}
    env["TRAINING_INSTITUTION_SECRET"] = secret
    env["PYTHONUNBUFFERED"] = "1"
    tmp_path.mkdir(parents=True, exist_ok=True)
    log_path = tmp_path / f"training_institution-{uuid.uuid4().hex[:8]}.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(args, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        yield _wait_ready(process, log_path, startup_timeout)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def standin_enrolments(base_url: str) -> list[dict[str, Any]]:
    response = requests.get(f"{base_url}/api/enrolments", timeout=30)
    response.raise_for_status()
    return response.json()["enrolments"]


def sample_enrolment(report_url: str, /, **overrides: Any) -> dict[str, Any]:
    return {
        "enrolment_id": str(uuid.uuid4()),
        "institution_code": "cd-bac-ninh",
        "institution_name": "Trường Cao đẳng Bắc Ninh",
        "course_title": "Kỹ năng số cho công nhân",
        "learner_name": "Nguyễn Thị Hoa",
        "personal_id": "027190001234",
        "start_date": "2026-03-02",
        "months": 3,
        "report_url": report_url,
        **overrides,
    }


def push(
    base_url: str,
    payload: Any,
    *,
    code: str | None = None,
    secret: str = DEV_SECRET,
    signed: bool = True,
    body: bytes | None = None,
) -> requests.Response:
    """POST an enrolment to the stand-in, signed as the portal signs it for `code`."""
    data = signed_http.dumps(payload) if body is None else body
    headers = {"Content-Type": "application/json"}
    if signed:
        code = code or payload["institution_code"]
        key = institution_keys.derived_key(master=secret, code=code)
        headers.update(signed_http.sign(secret=key, body=data))
        headers[institution_keys.INSTITUTION_HEADER] = code
    return requests.post(f"{base_url}/api/enrolments", data=data, headers=headers, timeout=30)


def clerk_report(base_url: str, enrolment_pk: int, kind: str, **fields: Any) -> requests.Response:
    """What the clerk does on the page: open it, fill one report form, send it (CSRF and all)."""
    session = requests.Session()
    page = session.get(f"{base_url}/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token, "no form on the page"
    data = {"csrfmiddlewaretoken": token.group(1), "kind": kind}
    data.update({f"{kind}-{enrolment_pk}-{name}": value for name, value in fields.items()})
    return session.post(
        f"{base_url}/enrolments/{enrolment_pk}/report",
        data=data,
        headers={"Referer": f"{base_url}/"},
        timeout=30,
        allow_redirects=False,
    )
