"""The portal's CPU and SQL per claim without load noise (issue 11): one phone at a time, in-process.

    python bench/filing_profile.py --mock-url http://127.0.0.1:8701 --workers 30 \
        [--profile filing --profile-out /tmp/filing.pstats]

The portal runs inside this process (Django's test client, as gunicorn would call it); the mock
VNeID runs as its own process (`gunicorn identity.mock_vneid.wsgi`, as `make serve` starts it)
at --mock-url, and the portal's settings name it (VNEID_ISSUER is set from --mock-url). For each
Hanwoo Vina worker without a claim (`manage.py demo_data --claims 0`) it takes the phone's path
of bench/surge.py: home page, login start, the mock's sign-in and consent (over HTTP, not
counted), the callback, the landing page, an API token, the one-call filing. Per portal step it
reads the CPU time of this process (time.process_time: the mock's work is in its own process)
and the SQL queries on both databases, and prints the mean per claim. The first claim warms the
caches and is left out. With --profile STEP, that step runs under cProfile and the functions
with the most cumulative time are printed (and saved with --profile-out for snakeviz/pstats).

The database is DATABASE_URL's, like the server's: the claims filed stay (as after a surge).
"""

from __future__ import annotations

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
sys.path.insert(0, str(_HERE.parent))

import argparse  # noqa: E402
import collections  # noqa: E402
import cProfile  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import pstats  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable, Iterator, Sequence  # noqa: E402
from contextlib import ExitStack, contextmanager  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urljoin, urlsplit  # noqa: E402

import requests  # noqa: E402

PORTAL_STEPS = ("home", "login start", "callback", "landing", "API token", "filing")
#: The portal's address as the mock has it registered (the callback's redirect_uri).
PORTAL_HOST = "{host}:{port}"


def _surge() -> Any:
    """bench/surge.py as a module: the people, the proof and the form parser are shared."""
    spec = importlib.util.spec_from_file_location("bench_surge", _HERE / "surge.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up while defining
    spec.loader.exec_module(module)
    return module


class Meter:
    """CPU seconds and SQL queries per step, over the claims measured."""

    def __init__(self, profile_step: str | None) -> None:
        self.cpu: dict[str, list[float]] = collections.defaultdict(list)
        self.queries: dict[str, list[int]] = collections.defaultdict(list)
        self.sql_seconds: dict[str, list[float]] = collections.defaultdict(list)
        self.profile_step = profile_step
        # CPU time, not wall time: what the goal counts (waits on PostgreSQL are not the portal's).
        self.profiler = cProfile.Profile(time.process_time) if profile_step else None
        self.keep = False
        #: The SQL of the last run of each step (printed with --sql).
        self.last_sql: dict[str, list[str]] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        from django.db import connections

        counted = {"n": 0, "seconds": 0.0}
        statements: list[str] = []

        def count(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any):
            counted["n"] += 1
            statements.append(f"[{context['connection'].alias}] {sql}")
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                counted["seconds"] += time.perf_counter() - began

        profiling = self.keep and self.profiler is not None and name == self.profile_step
        with ExitStack() as stack:
            for alias in ("default", "social_security"):
                stack.enter_context(connections[alias].execute_wrapper(count))
            began = time.process_time()
            if profiling:
                assert self.profiler is not None
                self.profiler.enable()
            try:
                yield
            finally:
                if profiling:
                    assert self.profiler is not None
                    self.profiler.disable()
                spent = time.process_time() - began
        if self.keep:
            self.cpu[name].append(spent)
            self.queries[name].append(counted["n"])
            self.sql_seconds[name].append(counted["seconds"])
            self.last_sql[name] = statements


def _follow_mock(session: requests.Session, url: str, surge: Any, person: Any) -> str:
    """The mock's pages over HTTP, up to its redirect to the portal's callback (returned)."""
    response = session.get(url, allow_redirects=True, timeout=30)
    if response.status_code != 200:
        raise RuntimeError(f"mock authorize: HTTP {response.status_code}")
    sign_in = surge.Phone.form(response, "/mock-vneid/dang-nhap/")
    data = {**sign_in.fields, "personal_id": person.personal_id, "password": person.password}
    page = session.post(sign_in.action, data=data, allow_redirects=True, timeout=30)
    consent = surge.Phone.form(page, "/mock-vneid/authorize/")
    done = session.post(
        consent.action,
        data={**consent.fields, "allow": "Authorize"},
        allow_redirects=False,
        timeout=30,
    )
    if done.status_code != 302:
        raise RuntimeError(f"mock consent: HTTP {done.status_code}")
    return urljoin(consent.action, done.headers["Location"])


def _form_fields(html: str, action_part: str, surge: Any) -> dict[str, str]:
    parser = surge._Forms()
    parser.feed(html)
    for form in parser.forms:
        if action_part in form.action:
            return dict(form.fields)
    raise RuntimeError(f"no form to {action_part}")


def file_one(person: Any, *, client: Any, surge: Any, meter: Meter, proof: bytes) -> None:
    from http.cookies import SimpleCookie

    # One client (one handler, its middleware loaded once, as in a gunicorn worker); a new
    # phone has no cookies.
    client.cookies = SimpleCookie()
    with meter.step("home"):
        home = client.get("/")
    assert home.status_code == 200, home.status_code
    fields = _form_fields(home.content.decode(), "/accounts/oidc/vneid/login/", surge)
    with meter.step("login start"):
        start = client.post("/accounts/oidc/vneid/login/", fields)
    assert start.status_code == 302, start.status_code
    with requests.Session() as mock:
        callback = _follow_mock(mock, start["Location"], surge, person)
    parts = urlsplit(callback)
    with meter.step("callback"):
        landed = client.get(f"{parts.path}?{parts.query}")
    assert landed.status_code == 302, (landed.status_code, landed.content[:300])
    with meter.step("landing"):
        page = client.get(landed["Location"])
    assert page.status_code == 200, page.status_code
    csrf = client.cookies["csrftoken"].value
    with meter.step("API token"):
        token = client.post("/api/v1/token/", headers={"X-CSRFToken": csrf})
    assert token.status_code == 201, token.content
    body = {
        "claim": json.dumps(person.answers, ensure_ascii=False),
        "termination_proof": _upload(proof),
    }
    with meter.step("filing"):
        filed = client.post(
            "/api/v1/filings/",
            body,
            headers={
                "Authorization": f"Token {token.json()['token']}",
                "Idempotency-Key": str(uuid.uuid4()),
            },
        )
    assert filed.status_code == 201, filed.content[:500]


def _upload(proof: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("quyet-dinh.pdf", proof, content_type="application/pdf")


def report(meter: Meter, claims: int, *, top: int, sql_of: str | None) -> None:
    if sql_of:
        print(f"SQL of the last {sql_of}:")
        for statement in meter.last_sql.get(sql_of, []):
            print("  " + " ".join(statement.split())[:240])
    print(f"{'portal step':<14}{'CPU ms':>9}{'SQL queries':>13}{'SQL wall ms':>13}")
    total_cpu = 0.0
    for step in PORTAL_STEPS:
        if not meter.cpu.get(step):
            continue
        cpu = sum(meter.cpu[step]) / len(meter.cpu[step]) * 1000
        total_cpu += cpu
        queries = sum(meter.queries[step]) / len(meter.queries[step])
        sql = sum(meter.sql_seconds[step]) / len(meter.sql_seconds[step]) * 1000
        print(f"{step:<14}{cpu:>9.1f}{queries:>13.1f}{sql:>13.1f}")
    queries_total = sum(sum(v) / len(v) for v in meter.queries.values())
    print(f"{'per claim':<14}{total_cpu:>9.1f}{queries_total:>13.1f}")
    if meter.profiler is not None:
        out = io.StringIO()
        stats = pstats.Stats(meter.profiler, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(top)
        print(out.getvalue())
    # The goal: the portal's own CPU per claim.
    print(f"portal CPU per claim (in-process, {claims} claims): {total_cpu:.1f} ms (goal <= 25 ms)")


def main(argv: Sequence[str] | None = None, *, people: Sequence[Any] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mock-url", default="http://127.0.0.1:8001", help="mock VNeID's origin")
    parser.add_argument("--portal-port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument(
        "--portal-host",
        default="127.0.0.1",
        help="the portal's host as the mock has its callback registered (with --portal-port)",
    )
    parser.add_argument("--workers", type=int, default=20, help="claims to file (1 warm-up more)")
    parser.add_argument("--profile", choices=PORTAL_STEPS, help="cProfile this step")
    parser.add_argument("--profile-out", help="save the profile (pstats) here")
    parser.add_argument("--top", type=int, default=40, help="profile lines printed")
    parser.add_argument(
        "--sql", choices=PORTAL_STEPS, help="print the SQL of this step (last claim)"
    )
    args = parser.parse_args(argv)
    mock = urlsplit(args.mock_url)
    if mock.hostname not in {"127.0.0.1", "localhost", "::1"}:
        parser.error("--mock-url must be a loopback address")
    if args.workers < 1:
        parser.error("--workers must be positive")
    os.environ["VNEID_ISSUER"] = f"{args.mock_url.rstrip('/')}/mock-vneid"
    os.environ["MOCK_VNEID_ENABLED"] = "false"
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{args.portal_port}")
    surge = _surge()
    # `people` (bench/surge.py's Person) is for the smoke test; the bench reads the demo's.
    people = list(people) if people is not None else surge.hanwoo_workers(args.workers + 1)
    if len(people) < 2:
        raise SystemExit("Fewer than two workers without a claim: regenerate the demo data.")
    meter = Meter(args.profile)
    proof = surge._termination_proof()
    # Imported once Django is set up (by hanwoo_workers above).
    from django.test import Client

    host = PORTAL_HOST.format(host=args.portal_host, port=args.portal_port)
    client = Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="vi")
    for n, person in enumerate(people):
        meter.keep = n > 0  # the first claim fills the caches (discovery, keys, rules)
        file_one(person, client=client, surge=surge, meter=meter, proof=proof)
    if args.profile_out and meter.profiler is not None:
        meter.profiler.dump_stats(args.profile_out)
    report(meter, len(people) - 1, top=args.top, sql_of=args.sql)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
