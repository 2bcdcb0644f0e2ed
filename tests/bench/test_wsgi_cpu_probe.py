"""bench/wsgi_cpu_probe.py: the handler's CPU by step, and the edge around it."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from tests.bench.test_benches import GOAL_LINE

BENCH = Path(__file__).resolve().parents[2] / "bench" / "wsgi_cpu_probe.py"


def _probe_module():
    spec = importlib.util.spec_from_file_location("bench_wsgi_cpu_probe", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_steps_are_named_from_the_phones_path():
    probe = _probe_module()
    assert probe.step_of({"PATH_INFO": "/"}) == "home"
    assert probe.step_of({"PATH_INFO": "/", "HTTP_COOKIE": "csrftoken=a; sessionid=b"}) == "landing"
    assert probe.step_of({"PATH_INFO": "/accounts/oidc/vneid/login/"}) == "login start"
    assert probe.step_of({"PATH_INFO": "/accounts/oidc/vneid/login/callback/"}) == "callback"
    assert probe.step_of({"PATH_INFO": "/api/v1/filings/"}) == "filing"
    assert probe.step_of({"PATH_INFO": "/api/v1/auth/token/"}) == "API token"
    assert probe.step_of({"PATH_INFO": "/mock-vneid/authorize"}) == "other"


def test_the_wrapper_counts_each_request_and_writes_its_figures(tmp_path, capsys):
    probe_module = _probe_module()
    seen = []

    def app(environ, start_response):
        seen.append(environ["PATH_INFO"])
        sum(range(20000))  # some CPU in the handler
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    probe = probe_module.Probe(app, tmp_path)
    for path in ("/", "/api/v1/filings/", "/api/v1/filings/"):
        assert probe({"PATH_INFO": path}, lambda *a: None) == [b"ok"]
    assert seen == ["/", "/api/v1/filings/", "/api/v1/filings/"]
    probe.dump()
    (written,) = tmp_path.glob("*.json")
    figures = json.loads(written.read_text())
    assert figures["steps"]["filing"][0] == 2
    assert figures["steps"]["home"][0] == 1
    assert figures["process_cpu"] >= figures["steps"]["filing"][1] >= 0

    assert probe_module.main([str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("filing") and out[1].split()[1] == "2"
    assert out[-3].startswith("processes: ") and "edge" in out[-3]
    assert out[-2].startswith("one claim's path (2 requests): handlers ")
    # The headline last, in the shape every bench's last line has.
    assert GOAL_LINE.match(out[-1]), out[-1]
    assert out[-1].startswith("portal CPU per claim through the server: ")


def test_no_figures_is_said_not_summarised(tmp_path, capsys):
    assert _probe_module().main([str(tmp_path)]) == 1
    assert "stop the server first" in capsys.readouterr().err


def test_importing_the_module_builds_no_application(monkeypatch):
    # gunicorn calls the factory ('wsgi_cpu_probe:application()'); the import alone wraps
    # nothing and registers no exit hook.
    registered = []
    monkeypatch.setattr("atexit.register", registered.append)
    module = _probe_module()
    try:
        module.something_else  # noqa: B018
    except AttributeError:
        pass
    else:  # pragma: no cover
        raise AssertionError("unknown attribute")
    assert callable(module.application) and registered == []


def test_the_factory_wraps_the_portal(monkeypatch, tmp_path):
    from portal.wsgi import application as portal_application

    registered = []
    monkeypatch.setattr("atexit.register", registered.append)
    monkeypatch.setenv("TROCAP_CPU_PROBE_DIR", str(tmp_path))
    probe = _probe_module().application()
    assert probe.app is portal_application and probe.directory == tmp_path
    assert registered == [probe.dump]


def test_the_phones_steps_are_filing_profiles():
    probe = _probe_module()
    steps = probe._portal_steps()
    assert steps[0] == "home" and steps[-1] == "filing" and len(steps) == 6
    assert {probe.step_of(environ) for environ in _PHONE_ENVIRONS} == set(steps)


_PHONE_ENVIRONS = (
    {"PATH_INFO": "/"},
    {"PATH_INFO": "/accounts/oidc/vneid/login/"},
    {"PATH_INFO": "/accounts/oidc/vneid/login/callback/"},
    {"PATH_INFO": "/", "HTTP_COOKIE": "sessionid=b"},
    {"PATH_INFO": "/api/v1/auth/token/"},
    {"PATH_INFO": "/api/v1/filings/"},
)
