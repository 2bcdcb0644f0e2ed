"""Run the settlement-office simulator: ``python -m settlement_office serve [flags]``.

It migrates its own database, listens with a threaded HTTP server, runs the dispatcher (pays due
orders, delivers callbacks) and prints ``ready on http://HOST:PORT`` once it accepts requests.
SIGTERM or Ctrl-C stops it cleanly; pending work stays in the database for the next start.

Flags (each also read from the environment variable shown; a flag wins over its variable):

  --host HOST                  SETTLEMENT_OFFICE_HOST                 127.0.0.1
  --port PORT                  SETTLEMENT_OFFICE_PORT                 8010 (0: any free port)
  --db PATH                    SETTLEMENT_OFFICE_DB                   SQLite file; else
                               SETTLEMENT_OFFICE_DATABASE_URL, else
                               $TROCAP_VAR_DIR/settlement_office/office.sqlite3
  --pay-delay SECONDS          SETTLEMENT_OFFICE_PAY_DELAY            2.0
  --slow SECONDS               SETTLEMENT_OFFICE_SLOW                 0 (added to each order answer)
  --fail-5xx FRACTION          SETTLEMENT_OFFICE_FAIL_5XX             0 (503, nothing stored)
  --store-then-5xx FRACTION    SETTLEMENT_OFFICE_STORE_THEN_5XX       0 (stored, then 503)
  --duplicate-callbacks FRAC   SETTLEMENT_OFFICE_DUPLICATE_CALLBACKS  0 (callback sent twice)
  --reorder-callbacks FRAC     SETTLEMENT_OFFICE_REORDER_CALLBACKS    0 (final before processing)
  --fail-accounts PATTERNS     SETTLEMENT_OFFICE_FAIL_ACCOUNTS        999*  (comma-separated;
                               a trailing * matches a prefix; "=account_closed" or
                               "=name_mismatch" after a pattern changes the reason code,
                               default invalid_account)
  --callback-attempts N        SETTLEMENT_OFFICE_CALLBACK_ATTEMPTS    12
  --callback-timeout SECONDS   SETTLEMENT_OFFICE_CALLBACK_TIMEOUT     5
  --callback-backoff SECONDS   SETTLEMENT_OFFICE_CALLBACK_BACKOFF     1 (doubles per attempt,
                               capped by SETTLEMENT_OFFICE_CALLBACK_BACKOFF_MAX=60, ±25 % jitter)
  --callback-batch N           SETTLEMENT_OFFICE_CALLBACK_BATCH       50 (events per batch callback
                               of orders received in a batch; timeout 5 s + 0.5 s per event)
  --seed N                     SETTLEMENT_OFFICE_SEED                 none (random run)
  --log-level LEVEL            SETTLEMENT_OFFICE_LOG_LEVEL            INFO

The shared HMAC secret is SETTLEMENT_OFFICE_SECRET (or SETTLEMENT_OFFICE_SECRET_FILE), the same
development default as the portal; required when DJANGO_ENV=production. The fault settings
(pay delay to callback attempts) are written into the database at start and can then be changed
on the page at ``/``, without a restart.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from collections.abc import Sequence

PREFIX = "SETTLEMENT_OFFICE_"
# flag -> (environment variable suffix, type, help)
FLAGS: dict[str, tuple[str, type, str]] = {
    "--db": ("DB", str, "SQLite file of the simulator's own database"),
    "--pay-delay": ("PAY_DELAY", float, "seconds between receipt and payment"),
    "--slow": ("SLOW", float, "seconds added to each order answer"),
    "--fail-5xx": ("FAIL_5XX", float, "fraction of orders answered 503 before storing"),
    "--store-then-5xx": ("STORE_THEN_5XX", float, "fraction stored, then answered 503"),
    "--duplicate-callbacks": ("DUPLICATE_CALLBACKS", float, "fraction of callbacks sent twice"),
    "--reorder-callbacks": ("REORDER_CALLBACKS", float, "fraction of orders: final first"),
    "--fail-accounts": ("FAIL_ACCOUNTS", str, "accounts that fail, e.g. 999*,0123456789"),
    "--callback-attempts": ("CALLBACK_ATTEMPTS", int, "deliveries tried before giving up"),
    "--callback-timeout": ("CALLBACK_TIMEOUT", float, "seconds per callback POST"),
    "--callback-backoff": ("CALLBACK_BACKOFF", float, "first retry delay, doubled each time"),
    "--callback-batch": ("CALLBACK_BATCH", int, "events per batch callback (batched orders)"),
    "--seed": ("SEED", int, "seed of the fault dice"),
    "--log-level": ("LOG_LEVEL", str, "DEBUG, INFO, WARNING"),
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m settlement_office",
        description="Settlement-office simulator (see the module docstring for every flag).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate, then serve HTTP and dispatch callbacks")
    serve.add_argument("--host", default=os.environ.get(f"{PREFIX}HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get(f"{PREFIX}PORT", "8010")))
    for flag, (_name, kind, help_text) in FLAGS.items():
        serve.add_argument(flag, type=kind, default=None, help=help_text)
    commands.add_parser("migrate", help="only create or update the simulator's database")
    return parser


def _configure(args: argparse.Namespace) -> None:
    """Flags become the environment the settings module reads; then Django starts."""
    for flag, (name, _kind, _help) in FLAGS.items():
        value = getattr(args, flag.lstrip("-").replace("-", "_"), None)
        if value is not None:
            os.environ[PREFIX + name] = str(value)
    # Forced, not setdefault: started from the portal (tests, honcho) the variable names the
    # portal's settings, which this process must never load.
    os.environ["DJANGO_SETTINGS_MODULE"] = "settlement_office.settings"
    import django  # only once the settings module above is chosen

    django.setup()


def _migrate() -> None:
    from django.core.management import call_command  # after _configure's django.setup()

    call_command("migrate", interactive=False, verbosity=0)


def _serve(args: argparse.Namespace) -> int:
    # After _configure's django.setup(), like the project modules below.
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler  # (same)

    # After _configure's django.setup(): these modules read the settings and the models.
    from settlement_office import conf, faults, services
    from settlement_office.dispatcher import Dispatcher  # after django.setup() too

    _migrate()
    # The flags (or their defaults) are this run's settings; the page may change them later.
    services.office_settings_update(**conf.get("OFFICE_DEFAULTS"))
    faults.seed(int(conf.get("SEED")) if conf.get("SEED") else None)

    httpd = ThreadedWSGIServer((args.host, args.port), WSGIRequestHandler, ipv6=":" in args.host)
    httpd.set_app(WSGIHandler())
    dispatcher = Dispatcher()
    dispatcher.start()

    def _stop(signum: int, frame: object) -> None:
        # shutdown() waits for serve_forever() to return, which runs in this (main) thread.
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
