"""Settings of the settlement-office simulator process (never loaded by the portal).

Everything comes from the environment; ``python -m settlement_office serve`` turns its flags into
the same variables before Django starts, so a flag and its variable are one setting.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import environ

from common.env_secrets import secret_from_env

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TROCAP_VAR_DIR", BASE_DIR / "var"))
PREFIX = "SETTLEMENT_OFFICE_"
DEV_SECRET = "dev-only-settlement-shared-secret"  # noqa: S105 (development default, as the portal)

env = environ.Env()
PRODUCTION = env.str("DJANGO_ENV", default="development") == "production"


#: The HMAC secret shared with the portal (common.signed_http), both directions.
SETTLEMENT_OFFICE_SECRET = secret_from_env(
    env, f"{PREFIX}SECRET", DEV_SECRET, production=PRODUCTION
)
# Only signs this process's CSRF cookies; derived so that one secret configures the simulator.
SECRET_KEY = env.str(
    f"{PREFIX}DJANGO_SECRET_KEY",
    default=hashlib.sha256(b"settlement-office:" + SETTLEMENT_OFFICE_SECRET.encode()).hexdigest(),
)
DEBUG = False
ALLOWED_HOSTS = env.list(f"{PREFIX}ALLOWED_HOSTS", default=["*"])
CSRF_TRUSTED_ORIGINS = env.list(f"{PREFIX}CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = ["settlement_office.apps.SettlementOfficeConfig"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "settlement_office.urls"
WSGI_APPLICATION = None
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csrf",
                "django.template.context_processors.i18n",
            ],
            # The portal's money filter (pure: Django only), so both show dong the same way.
            "libraries": {"common_tags": "common.templatetags.common_tags"},
        },
    }
]

# --- Database: its own, never the portal's ---------------------------------------------
# --db PATH (SETTLEMENT_OFFICE_DB) wins, then SETTLEMENT_OFFICE_DATABASE_URL, then a SQLite
# file under $TROCAP_VAR_DIR/settlement_office/.
_db_path = env.str(f"{PREFIX}DB", default="")
_database: dict[str, Any]
if _db_path:
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(Path(_db_path).resolve())}
else:
    _database = env.db_url_config(
        env.str(
            f"{PREFIX}DATABASE_URL",
            default=f"sqlite:///{VAR_DIR / 'settlement_office' / 'office.sqlite3'}",
        )
    )
if _database["ENGINE"] == "django.db.backends.sqlite3":
    Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Request threads and the dispatcher's threads write at once: WAL lets readers run beside
    # the writer, IMMEDIATE takes the write lock at BEGIN (no deadlock on lock upgrade) and the
    # busy timeout makes writers queue instead of failing.
    _database["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Behaviour: defaults of the runtime settings row (models.OfficeSettings) -------------
# Each is a `serve` flag and a SETTLEMENT_OFFICE_<NAME> variable; the page's form changes them
# for the running process (a restart goes back to these).
OFFICE_DEFAULTS = {
    "pay_delay": env.float(f"{PREFIX}PAY_DELAY", default=2.0),
    "slow": env.float(f"{PREFIX}SLOW", default=0.0),
    "fail_5xx": env.float(f"{PREFIX}FAIL_5XX", default=0.0),
    "store_then_5xx": env.float(f"{PREFIX}STORE_THEN_5XX", default=0.0),
    "duplicate_callbacks": env.float(f"{PREFIX}DUPLICATE_CALLBACKS", default=0.0),
    "reorder_callbacks": env.float(f"{PREFIX}REORDER_CALLBACKS", default=0.0),
    "fail_accounts": env.str(f"{PREFIX}FAIL_ACCOUNTS", default="999*"),
    "callback_attempts": env.int(f"{PREFIX}CALLBACK_ATTEMPTS", default=12),
}
#: Seconds a callback POST may take before it counts as failed.
CALLBACK_TIMEOUT = env.float(f"{PREFIX}CALLBACK_TIMEOUT", default=5.0)
#: First retry delay (seconds); doubles on each attempt, capped by CALLBACK_BACKOFF_MAX, ±25 % jitter.
CALLBACK_BACKOFF = env.float(f"{PREFIX}CALLBACK_BACKOFF", default=1.0)
CALLBACK_BACKOFF_MAX = env.float(f"{PREFIX}CALLBACK_BACKOFF_MAX", default=60.0)
#: Concurrent callback deliveries.
CALLBACK_WORKERS = env.int(f"{PREFIX}CALLBACK_WORKERS", default=8)
#: Events in one batch callback at most (orders received in a batch request, ADR 0026).
CALLBACK_BATCH = env.int(f"{PREFIX}CALLBACK_BATCH", default=50)
#: Seconds a batch callback may take beyond CALLBACK_TIMEOUT, per event: the portal applies a
#: batch in one transaction, so its answer comes after the last event (ADR 0026).
CALLBACK_BATCH_TIMEOUT_PER_EVENT = env.float(
    f"{PREFIX}CALLBACK_BATCH_TIMEOUT_PER_EVENT", default=0.5
)
#: Batch callbacks in flight at once (of the CALLBACK_WORKERS delivery threads).
CALLBACK_BATCH_WORKERS = env.int(f"{PREFIX}CALLBACK_BATCH_WORKERS", default=4)
#: Seed of the fault dice (empty: a random run).
SEED = env.str(f"{PREFIX}SEED", default="")
#: How far (seconds) a signed request's timestamp may be from our clock.
SIGNATURE_TOLERANCE = env.int(f"{PREFIX}SIGNATURE_TOLERANCE", default=300)
#: How often (seconds) the dispatcher looks for due work when idle.
POLL_INTERVAL = env.float(f"{PREFIX}POLL_INTERVAL", default=0.05)

# --- Language: Vietnamese first; ?lang=en on the page -----------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

LOG_LEVEL = env.str(f"{PREFIX}LOG_LEVEL", default="INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "settlement_office": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
