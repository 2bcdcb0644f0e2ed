"""docker-compose.yml: secrets without fallbacks, two web containers behind a load balancer, the
mock VNeID and the queues as their own services, demo data only in the demo override."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
SECRETS = ("DJANGO_SECRET_KEY", "VNEID_CLIENT_SECRET", "SETTLEMENT_OFFICE_SECRET")
REAL = {
    "DJANGO_SECRET_KEY": "s" * 50,
    "VNEID_CLIENT_SECRET": "v" * 32,
    "SETTLEMENT_OFFICE_SECRET": "o" * 32,
    "SITE_URL": "https://trocap.example.vn",
    "DECISION_SIGNING_KEY": "/run/secrets/key.pem",
    "DECISION_SIGNING_CERT": "/run/secrets/cert.pem",
    "DECISION_TRUST_ROOTS": "/run/secrets/ca.pem",
}


#: Nothing from the developer's shell: only what each test gives (compose reads the environment).
BARE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": tempfile.gettempdir()}


def compose_file() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_every_secret_is_required_without_a_fallback():
    env = compose_file()["x-app-env"]
    for name in SECRETS:
        assert re.fullmatch(rf"\$\{{{name}:\?.+\}}", env[name]), env[name]
    text = COMPOSE.read_text()
    for name in SECRETS:
        assert f"${{{name}:-" not in text and f"${{{name}-" not in text


def test_two_web_containers_behind_the_load_balancer_and_the_stand_ins_apart():
    services = compose_file()["services"]
    assert {"web-1", "web-2", "lb", "mock-vneid", "worker-interactive", "worker-bulk"} <= set(
        services
    )
    nginx = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "server web-1:8000" in nginx and "server web-2:8000" in nginx
    assert services["lb"]["image"].startswith("nginx")
    assert "identity.mock_vneid.wsgi" in services["mock-vneid"]["command"]
    assert "--queues interactive" in services["worker-interactive"]["command"]
    assert "--queues bulk" in services["worker-bulk"]["command"]


def test_the_production_services_never_load_demo_data():
    for name, service in compose_file()["services"].items():
        command = str(service.get("command", ""))
        assert "demo_data" not in command and "demo_claims" not in command, name
        assert "--development-ca" not in command, name
    demo = yaml.safe_load((ROOT / "docker-compose.demo.yml").read_text())
    assert "demo_data --demo-stack" in demo["services"]["migrate"]["command"]


def compose_command() -> list[str] | None:
    for candidate in (["docker", "compose"], ["docker-compose"]):
        if shutil.which(candidate[0]) is None:
            continue
        probe = subprocess.run([*candidate, "version"], capture_output=True, timeout=60)
        if probe.returncode == 0:
            return candidate
    return None


def config(env: dict[str, str], *extra: str) -> subprocess.CompletedProcess[str]:
    command = compose_command()
    if command is None:
        pytest.skip("no docker compose client here (the YAML tests above still run)")
    return subprocess.run(
        [*command, *extra, "-f", str(COMPOSE), "config"],
        cwd=ROOT,
        env={**BARE_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", SECRETS)
def test_compose_config_stops_with_a_clear_message_without_a_secret(missing):
    env = {k: v for k, v in REAL.items() if k != missing}
    result = config(env)
    assert result.returncode != 0
    assert f"set {missing}" in result.stderr


def test_compose_config_passes_with_every_secret_and_for_the_demo_stack():
    result = config(REAL)
    assert result.returncode == 0, result.stderr
    assert "TROCAP_DEMO_STACK: 'false'" in result.stdout or 'TROCAP_DEMO_STACK: "false"' in (
        result.stdout
    )
    command = compose_command()
    demo = subprocess.run(
        [
            *command,  # type: ignore[misc]
            "--env-file",
            str(ROOT / "deploy" / "demo.env"),
            "-f",
            str(COMPOSE),
            "-f",
            str(ROOT / "docker-compose.demo.yml"),
            "config",
        ],
        cwd=ROOT,
        env=BARE_ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert demo.returncode == 0, demo.stderr
    merged = yaml.safe_load(demo.stdout)
    assert "demo_data --demo-stack" in merged["services"]["migrate"]["command"]
    assert str(merged["services"]["web-1"]["environment"]["TROCAP_DEMO_STACK"]) == "true"
