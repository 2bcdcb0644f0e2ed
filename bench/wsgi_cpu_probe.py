"""Where a gunicorn worker's CPU goes (issue 11): inside Django's handler, by step, or around it.

bench/surge.py reads each server process's whole CPU from /proc. This wraps the portal's WSGI
application to split it: the CPU time of the request's own thread inside the application
(time.thread_time), summed per step of the phone's path, and the process's CPU from its first
request to its exit. What the process spent beyond its requests' handlers is the edge: the
server's HTTP parsing and writing, its event loop and thread hand-offs, Django's
request_finished receivers (connections and caches closed or checked), the access log, the
collector. Run the portal with it, the surge against it, then stop the server and summarise:

    TROCAP_CPU_PROBE_DIR=/tmp/probe gunicorn 'wsgi_cpu_probe:application()' --pythonpath bench \\
        -c deploy/gunicorn.conf.py --bind 127.0.0.1:8900
    python bench/surge.py --base-url http://127.0.0.1:8900 --direct --workers 150 --concurrency 1
    kill -TERM <gunicorn master>          # each worker writes its figures as it exits
    python bench/wsgi_cpu_probe.py /tmp/probe

Not for production: the wrapper takes a lock at every request.
"""

from __future__ import annotations

import argparse
import atexit
import collections
import importlib.util
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

#: The phone's steps, by path prefix (the first that matches names the request).
STEPS = (
    ("/api/v1/filings", "filing"),
    ("/api/", "API token"),
    ("/accounts/oidc/vneid/login/callback", "callback"),
    ("/accounts/oidc/vneid/login", "login start"),
)


def step_of(environ: dict[str, Any]) -> str:
    path = environ.get("PATH_INFO", "")
    if path == "/":
        # The home page before the login, the landing page after it.
        return "landing" if "sessionid" in environ.get("HTTP_COOKIE", "") else "home"
    for prefix, step in STEPS:
        if path.startswith(prefix):
            return step
    return "other"


class Probe:
    """Per-step handler CPU of one process, written to `<directory>/<pid>.json` at exit."""

    def __init__(self, app: Callable[..., Any], directory: Path) -> None:
        self.app = app
        self.directory = directory
        self.lock = threading.Lock()
        self.cpu: collections.defaultdict[str, float] = collections.defaultdict(float)
        self.count: collections.Counter[str] = collections.Counter()
        self.started: float | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if self.started is None:
            # The process's CPU so far (imports, start-up) is not a request's.
            self.started = _process_cpu()
        began = time.thread_time()
        try:
            return self.app(environ, start_response)
        finally:
            spent = time.thread_time() - began
            step = step_of(environ)
            with self.lock:
                self.cpu[step] += spent
                self.count[step] += 1

    def dump(self) -> None:
        if self.started is None:
            return
        self.directory.mkdir(parents=True, exist_ok=True)
        figures = {
            "process_cpu": _process_cpu() - self.started,
            "steps": {step: [self.count[step], self.cpu[step]] for step in self.count},
        }
        (self.directory / f"{os.getpid()}.json").write_text(json.dumps(figures))


def _process_cpu() -> float:
    # All the process's threads, user and system, at the clock's own resolution.
    return time.process_time()


def summarise(files: Iterable[Path]) -> list[str]:
    """The table of the processes' figures: per step, requests and handler CPU per request;
    the edge per request; and one claim's path (one request of each of the phone's steps)."""
    cpu: collections.defaultdict[str, float] = collections.defaultdict(float)
    count: collections.Counter[str] = collections.Counter()
    process = 0.0
    for path in files:
        figures = json.loads(path.read_text())
        process += figures["process_cpu"]
        for step, (n, seconds) in figures["steps"].items():
            count[step] += n
            cpu[step] += seconds
    requests = sum(count.values())
    handlers = sum(cpu.values())
    lines = [f"{'step':<14}{'requests':>9}{'handler CPU ms/request':>25}"]
    for step in sorted(count, key=lambda s: -cpu[s]):
        lines.append(f"{step:<14}{count[step]:>9}{cpu[step] * 1000 / count[step]:>25.2f}")
    edge = (process - handlers) * 1000 / max(1, requests)
    lines.append(
        f"processes: {process:.2f} s CPU, handlers {handlers:.2f} s, edge {edge:.2f} ms per request"
    )
    # Per claim from the means, not the totals: the surge's baseline adds anonymous GET /s.
    phone = _portal_steps()
    path_steps = [step for step in phone if count[step]]
    if len(path_steps) < len(phone):
        missing = ", ".join(step for step in phone if step not in path_steps)
        # Under the table, above the totals.
        lines.insert(-1, f"not a whole claim: no {missing} request was served")
    path_handlers = sum(cpu[step] * 1000 / count[step] for step in path_steps)
    per_claim = path_handlers + len(path_steps) * edge
    lines.append(
        f"one claim's path ({len(path_steps)} requests): handlers {path_handlers:.1f} ms + "
        f"edge {len(path_steps)} x {edge:.2f} ms = {per_claim:.1f} ms"
    )
    # The headline, against issue 11's goal for the portal's CPU per claim.
    lines.append(f"portal CPU per claim through the server: {per_claim:.1f} ms (goal <= 25 ms)")
    return lines


def _portal_steps() -> tuple[str, ...]:
    """One claim's portal requests in the phone's order: bench/filing_profile.py's steps."""
    here = Path(__file__).resolve().parent
    spec = importlib.util.spec_from_file_location(
        "bench_filing_profile", here / "filing_profile.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return tuple(module.PORTAL_STEPS)


def application() -> Probe:
    """The portal's WSGI application, wrapped: gunicorn's application factory
    ('wsgi_cpu_probe:application()'), so importing this module builds nothing."""
    from portal.wsgi import application as portal_application

    probe = Probe(portal_application, Path(os.environ.get("TROCAP_CPU_PROBE_DIR", "var/cpu-probe")))
    atexit.register(probe.dump)
    return probe


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("directory", type=Path, help="TROCAP_CPU_PROBE_DIR of the server")
    args = parser.parse_args(argv)
    files = sorted(args.directory.glob("*.json"))
    if not files:
        print(f"no figures in {args.directory}: stop the server first", file=sys.stderr)
        return 1
    print("\n".join(summarise(files)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
