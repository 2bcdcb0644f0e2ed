"""Run the training-institution stand-in: ``python -m training_institution serve [flags]``.

It migrates its own database, listens with a threaded HTTP server, runs the dispatcher (sends
the clerk's reports to the portal) and prints ``ready on http://HOST:PORT`` once it accepts
requests. SIGTERM or Ctrl-C stops it cleanly; unsent reports stay in the database.

Flags (each also read from the environment variable shown; a flag wins over its variable):

  --host HOST                TRAINING_INSTITUTION_HOST               127.0.0.1
  --port PORT                TRAINING_INSTITUTION_PORT               8011 (0: any free port)
  --db PATH                  TRAINING_INSTITUTION_DB                 SQLite file; else
                             TRAINING_INSTITUTION_DATABASE_URL, else
                             $TROCAP_VAR_DIR/training_institution/institution.sqlite3
  --report-delay SECONDS     TRAINING_INSTITUTION_REPORT_DELAY       0 (a late report)
  --duplicate-reports FRAC   TRAINING_INSTITUTION_DUPLICATE_REPORTS  0 (a report sent twice)
  --fail-5xx FRACTION        TRAINING_INSTITUTION_FAIL_5XX           0 (enrolment push: 503)
  --report-attempts N        TRAINING_INSTITUTION_REPORT_ATTEMPTS    12
  --report-timeout SECONDS   TRAINING_INSTITUTION_REPORT_TIMEOUT     5
  --report-backoff SECONDS   TRAINING_INSTITUTION_REPORT_BACKOFF     1 (doubles per attempt)
  --seed N                   TRAINING_INSTITUTION_SEED               none (random run)
  --log-level LEVEL          TRAINING_INSTITUTION_LOG_LEVEL          INFO

Each institution's key is derived from TRAINING_INSTITUTION_SECRET (or _SECRET_FILE) and its
code (common.institution_keys), the same development default as the portal; required when
DJANGO_ENV=production. The fault settings are written into the database at start and can then
be changed on the page at ``/``.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence

PREFIX = "TRAINING_INSTITUTION_"
FLAGS: dict[str, tuple[str, type, str]] = {
    "--db": ("DB", str, "SQLite file of the stand-in's own database"),
    "--report-delay": ("REPORT_DELAY", float, "seconds a report waits before it goes out"),
    "--duplicate-reports": ("DUPLICATE_REPORTS", float, "fraction of reports sent twice"),
    "--fail-5xx": ("FAIL_5XX", float, "fraction of enrolment pushes answered 503"),
    "--report-attempts": ("REPORT_ATTEMPTS", int, "deliveries tried before giving up"),
    "--report-timeout": ("REPORT_TIMEOUT", float, "seconds per report POST"),
    "--report-backoff": ("REPORT_BACKOFF", float, "first retry delay, doubled each time"),
    "--seed": ("SEED", int, "seed of the fault dice"),
    "--log-level": ("LOG_LEVEL", str, "DEBUG, INFO, WARNING"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m training_institution",
        description="Training-institution stand-in (see the module docstring for every flag).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate, then serve HTTP and send reports")
    serve.add_argument("--host", default=os.environ.get(f"{PREFIX}HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get(f"{PREFIX}PORT", "8011")))
    for flag, (_name, kind, help_text) in FLAGS.items():
        serve.add_argument(flag, type=kind, default=None, help=help_text)
    commands.add_parser("migrate", help="only create or update the stand-in's database")
    return parser


def _configure(args: argparse.Namespace) -> None:
    for flag, (name, _kind, _help) in FLAGS.items():
        value = getattr(args, flag.lstrip("-").replace("-", "_"), None)
        if value is not None:
            os.environ[PREFIX + name] = str(value)
    # Forced, not setdefault: started from the portal the variable names the portal's settings.
    os.environ["DJANGO_SETTINGS_MODULE"] = "training_institution.settings"
    import django  # only once the settings module above is chosen

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command  # after _configure's django.setup()

    call_command("migrate", interactive=False, verbosity=0)


def _serve(args: argparse.Namespace) -> int:
    # After _configure's django.setup(), like the project modules below.
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # (same)

    from settlement_office import faults  # pure, but loaded with the modules below

    # After _configure's django.setup(): these modules read the settings and the models.
    from training_institution import conf, services
    from training_institution.dispatcher import Dispatcher  # after django.setup() too

    _migrate()
    services.standin_settings_update(**conf.get("STANDIN_DEFAULTS"))
    faults.seed(int(conf.get("SEED")) if conf.get("SEED") else None)

    httpd = ThreadedWSGIServer((args.host, args.port), WSGIRequestHandler, ipv6=":" in args.host)
    httpd.set_app(WSGIHandler())
    dispatcher = Dispatcher()
    dispatcher.start()

    def _stop(signum: int, frame: object) -> None:
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    host, port = httpd.server_address[:2]
    print(f"ready on http://{host!s}:{port}", flush=True)  # noqa: T201
    try:
        httpd.serve_forever()
    finally:
        dispatcher.stop()
        httpd.server_close()
    print("stopped", flush=True)  # noqa: T201
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _configure(args)
    if args.command == "migrate":
        _migrate()
        return 0
    return _serve(args)


if __name__ == "__main__":
    sys.exit(main())
