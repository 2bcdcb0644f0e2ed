"""Settings of the training-institution stand-in process (never loaded by the portal).

Everything comes from the environment; ``python -m training_institution serve`` turns its flags
into the same variables before Django starts, so a flag and its variable are one setting.
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
PREFIX = "TRAINING_INSTITUTION_"
DEV_SECRET = "dev-only-training-institution-secret"  # noqa: S105 (development default, as the portal)

env = environ.Env()
PRODUCTION = env.str("DJANGO_ENV", default="development") == "production"

#: The master secret each institution's key is derived from (common.institution_keys); the
#: portal's TRAINING_INSTITUTION_SECRET has the same development default. Not required even
#: with DJANGO_ENV=production (a stand-in is never a real institution): unset there, the
#: portal's master is empty and it refuses the stand-in's keys (403 institution_without_key)
#: until both are given the same TRAINING_INSTITUTION_SECRET.
TRAINING_INSTITUTION_SECRET = secret_from_env(env, f"{PREFIX}SECRET", DEV_SECRET, production=False)
# Only signs this process's CSRF cookies; derived so that one secret configures the stand-in.
SECRET_KEY = env.str(
    f"{PREFIX}DJANGO_SECRET_KEY",
    default=hashlib.sha256(
        b"training-institution:" + TRAINING_INSTITUTION_SECRET.encode()
    ).hexdigest(),
)
DEBUG = False
ALLOWED_HOSTS = env.list(f"{PREFIX}ALLOWED_HOSTS", default=["*"])
CSRF_TRUSTED_ORIGINS = env.list(f"{PREFIX}CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = ["training_institution.apps.TrainingInstitutionConfig"]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
ROOT_URLCONF = "training_institution.urls"
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
        },
    }
]

# --- Database: its own, never the portal's ---------------------------------------------
_db_path = env.str(f"{PREFIX}DB", default="")
_database: dict[str, Any]
if _db_path:
    _database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(Path(_db_path).resolve())}
else:
    _database = env.db_url_config(
        env.str(
            f"{PREFIX}DATABASE_URL",
            default=f"sqlite:///{VAR_DIR / 'training_institution' / 'institution.sqlite3'}",
        )
    )
if _database["ENGINE"] == "django.db.backends.sqlite3":
    Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # As the settlement office: request threads and the dispatcher write at once.
    _database["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Behaviour: defaults of the runtime settings row (models.StandinSettings) -------------
STANDIN_DEFAULTS = {
    "report_delay": env.float(f"{PREFIX}REPORT_DELAY", default=0.0),
    "duplicate_reports": env.float(f"{PREFIX}DUPLICATE_REPORTS", default=0.0),
    "fail_5xx": env.float(f"{PREFIX}FAIL_5XX", default=0.0),
    "report_attempts": env.int(f"{PREFIX}REPORT_ATTEMPTS", default=12),
}
#: Seconds a report POST may take before it counts as failed.
REPORT_TIMEOUT = env.float(f"{PREFIX}REPORT_TIMEOUT", default=5.0)
#: First retry delay (seconds); doubles on each attempt, capped at REPORT_BACKOFF_MAX.
REPORT_BACKOFF = env.float(f"{PREFIX}REPORT_BACKOFF", default=1.0)
REPORT_BACKOFF_MAX = env.float(f"{PREFIX}REPORT_BACKOFF_MAX", default=60.0)
#: Seed of the fault dice (empty: a random run).
SEED = env.str(f"{PREFIX}SEED", default="")
SIGNATURE_TOLERANCE = env.int(f"{PREFIX}SIGNATURE_TOLERANCE", default=300)
POLL_INTERVAL = env.float(f"{PREFIX}POLL_INTERVAL", default=0.1)

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
        "training_institution": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
