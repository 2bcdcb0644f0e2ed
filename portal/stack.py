"""Start `make serve` (or `make run`) as a child and look inside it through supervisord's RPC.

Used by bench/soak.py and by the tests that kill a process of the stack or start two stacks
side by side. Nothing here runs inside the portal's own processes.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess  # noqa: S404 - starting the project's own stack is this module's job
import time
import xmlrpc.client
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

BASE_DIR = Path(__file__).resolve().parent.parent
#: Ports a stack uses, relative to PORT (the Makefile: web, mock VNeID, simulator).
PORT_OFFSETS = (0, 1, 10)
#: Variables that would point a test stack at shared servers instead of its own defaults.
SHARED_SERVER_VARIABLES = (
    "DATABASE_URL",
    "SOCIAL_SECURITY_DATABASE_URL",
    "REDIS_URL",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "VNEID_ISSUER",
    "SETTLEMENT_OFFICE_URL",
    "SITE_URL",
    "DJANGO_SETTINGS_MODULE",
)


def environment_without_shared_servers(**extra: str) -> dict[str, str]:
    """This process's environment without SHARED_SERVER_VARIABLES, plus `extra`: what a child
    process (a stack, a settings probe) gets so that it uses its own defaults."""
    env = {k: v for k, v in os.environ.items() if k not in SHARED_SERVER_VARIABLES}
    env.update(extra)
    return env


def port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_base(start: int = 9300, stop: int = 9990, step: int = 20) -> int:
    """A PORT whose every derived port (PORT_OFFSETS) is free on 127.0.0.1."""
    for base in range(start, stop, step):
        if all(port_free(base + offset) for offset in PORT_OFFSETS):
            return base
    raise RuntimeError(f"no free ports between {start} and {stop}")


class Stack:
    """One `make <target>` with its own PORT and TROCAP_VAR_DIR (embedded defaults)."""

    def __init__(
        self,
        *,
        port: int,
        var_dir: Path,
        target: str = "serve",
        env: dict[str, str] | None = None,
        log: IO[bytes] | None = None,
    ) -> None:
        self.port = port
        self.var_dir = Path(var_dir)
        self.target = target
        self.extra_env = env or {}
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def supervisor_socket(self) -> Path:
        return self.var_dir / "supervisor.sock"

    def environment(self) -> dict[str, str]:
        return environment_without_shared_servers(**self.extra_env)

    def start(self) -> None:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(  # noqa: S603 - make with fixed arguments
            [
                shutil.which("make") or "make",
                "--no-print-directory",
                self.target,
                f"PORT={self.port}",
                f"TROCAP_VAR_DIR={self.var_dir}",
                f"SUPERVISOR_SOCKET={self.supervisor_socket}",
            ],
            cwd=BASE_DIR,
            env=self.environment(),
            stdout=self.log or subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # make and supervisord in a group of their own
        )

    def rpc(self) -> Any:
        # supervisor is only needed once a stack runs (this module is imported by tests).
        from supervisor.xmlrpc import SupervisorTransport

        transport = SupervisorTransport(None, None, f"unix://{self.supervisor_socket}")
        return xmlrpc.client.ServerProxy("http://127.0.0.1", transport=transport)

    def processes(self) -> dict[str, dict[str, Any]]:
        """supervisord's view: name -> {"statename": "RUNNING", "pid": ..., ...}."""
        return {info["name"]: info for info in self.rpc().supervisor.getAllProcessInfo()}

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def wait_running(
        self, timeout: float = 180.0, names: Iterable[str] | None = None
    ) -> dict[str, dict[str, Any]]:
        """Wait until every (named) autostarted process is RUNNING; returns the last view."""
        deadline = time.monotonic() + timeout
        wanted = set(names) if names is not None else None
        last: dict[str, dict[str, Any]] = {}
        while time.monotonic() < deadline:
            if not self.alive():
                raise RuntimeError(f"make {self.target} ended (status {self.process.returncode})")  # type: ignore[union-attr]
            try:
                last = self.processes()
            except (OSError, xmlrpc.client.Fault, xmlrpc.client.ProtocolError):
                time.sleep(0.5)
                continue
            relevant = {
                n: p
                for n, p in last.items()
                if (wanted is None and p["statename"] != "STOPPED") or (wanted and n in wanted)
            }
            if relevant and all(p["statename"] == "RUNNING" for p in relevant.values()):
                return last
            time.sleep(0.5)
        raise TimeoutError(f"not all RUNNING after {timeout} s: {_states(last)}")

    def stop(self, timeout: float = 90.0) -> None:
        """SIGTERM to supervisord (it stops every program), then wait; kill what is left."""
        if self.process is None:
            return
        pids: list[int] = []
        try:
            pids = [p["pid"] for p in self.processes().values() if p["pid"]]
        except (OSError, xmlrpc.client.Fault, xmlrpc.client.ProtocolError):
            pass
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        for pid in pids:  # a program supervisord could not stop in time
            try:
                os.killpg(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _states(processes: dict[str, dict[str, Any]]) -> str:
    return ", ".join(f"{n}={p['statename']}" for n, p in sorted(processes.items()))
