"""Settings, read from the environment with development defaults (see docs/adr/0001)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from kombu import Queue

from common.env_secrets import secret_from_env
from portal import embedded_redis

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TROCAP_VAR_DIR", BASE_DIR / "var"))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

#: "development" (the default: safe local defaults) or "production" (every secret required).
ENVIRONMENT = env.str("DJANGO_ENV", default="development")
PRODUCTION = ENVIRONMENT == "production"
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be development, production or test, not {ENVIRONMENT!r}"
    )


def secret(name: str, dev_default: str) -> str:
    """A secret from NAME or the file named by NAME_FILE; required in production."""
    return secret_from_env(env, name, dev_default, production=PRODUCTION)


# Off unless asked for (`make dev` does): a worker must never see Django's technical 404 page.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = secret("DJANGO_SECRET_KEY", "dev-only-insecure-secret-key-change-me-0123456789")

#: The portal's public address; the mock VNeID's issuer and links in e-mails derive from it.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip(
    "/"
)
#: A demo stack (make run, docker-compose.demo.yml): every page says the data is made up.
DEMO_STACK = env.bool("TROCAP_DEMO_STACK", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "portal.admin_site.TroCapAdminConfig",  # django.contrib.admin, administrators only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "rest_framework",
    "rest_framework.authtoken",
    "knox",  # hashed, expiring API tokens (claims/api/tokens.py)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oauth2_provider",
    "allauth",
    "allauth.account",
    "axes",  # login throttling (identity/throttling.py)
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "portal",
    "common",
    "identity",
    "identity.mock_vneid",
    "eligibility",
    "eligibility.records",
    "claims",
    "employers",
    "stats",
    "training",
    "jobs",
    "demo",  # demo data commands only: the product never imports it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy on every answer (docs/adr/0013); django-csp's
    # middleware with the nonce-less header built once per process (portal/csp.py, issue 11).
    "portal.csp.StaticPolicyCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # First real work: a saturated process answers a waiting room before sessions or the DB.
    "portal.overload.OverloadSheddingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "identity.mock_vneid.middleware.MockVneidSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "identity.middleware.StaffMfaRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a locked-out sign-in into the 429 page (identity/throttling.py).
    "axes.middleware.AxesMiddleware",
]

#: Overload (portal.overload, docs/scaling.md): requests one web process handles at once before
#: it answers 503 + Retry-After with the waiting room (0: no limit); how long a request may have
#: waited at the load balancer (X-Request-Start) before it is sent there; the Retry-After.
PORTAL_MAX_IN_FLIGHT = env.int("PORTAL_MAX_IN_FLIGHT", default=32)
PORTAL_MAX_QUEUE_WAIT_MS = env.float("PORTAL_MAX_QUEUE_WAIT_MS", default=3000)
PORTAL_OVERLOAD_RETRY_AFTER = env.int("PORTAL_OVERLOAD_RETRY_AFTER", default=120)

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.portal",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Databases -------------------------------------------------------------------------
# "default" is the portal's own database; "social_security" is the separate, read-only
# social-security data store (docs/adr/0003). Each is a URL; SQLite files by default.
DATABASE_URL = env.str("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db' / 'portal.sqlite3'}")


def _derived_social_security_url(portal_url: str) -> str:
    """Same server as the portal's Postgres, database named <name>_social_security."""
    parts = urlsplit(portal_url)
    if parts.scheme.startswith("postgres"):
        name = parts.path.lstrip("/") or "trocap"
        return urlunsplit(parts._replace(path=f"/{name}_social_security"))
    return f"sqlite:///{VAR_DIR / 'db' / 'social_security.sqlite3'}"


SOCIAL_SECURITY_DATABASE_URL = env.str(
    "SOCIAL_SECURITY_DATABASE_URL", default=_derived_social_security_url(DATABASE_URL)
)
DATABASES = {
    "default": env.db_url_config(DATABASE_URL),
    "social_security": env.db_url_config(SOCIAL_SECURITY_DATABASE_URL),
}
for _alias, _db in DATABASES.items():
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL and a busy timeout let the web server and the Celery worker share the file.
        _db["OPTIONS"] = {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    else:
        _db.setdefault("CONN_MAX_AGE", 60)
        _db.setdefault("CONN_HEALTH_CHECKS", True)
DATABASE_ROUTERS = ["eligibility.records.router.SocialSecurityRouter"]
#: Which class reads social-security records (eligibility.registry); a real VSS client later.
SOCIAL_SECURITY_REGISTRY = env.str(
    "SOCIAL_SECURITY_REGISTRY", default="eligibility.registry.DatabaseRegistry"
)
#: The social-security agency's signed extract of a record (eligibility.signed_extract, ADR
#: 0016): off for a deployment whose agency has no such service. The portal trusts the agency's
#: public keys (PEM files); the stand-in store signs with SOCIAL_SECURITY_EXTRACT_SIGNING_KEY.
#: Neither set: the development key pair in SOCIAL_SECURITY_EXTRACT_KEYS_DIR (not in production).
SOCIAL_SECURITY_SIGNED_EXTRACTS = env.bool("SOCIAL_SECURITY_SIGNED_EXTRACTS", default=True)
SOCIAL_SECURITY_EXTRACT_TRUSTED_KEYS = env.list("SOCIAL_SECURITY_EXTRACT_TRUSTED_KEYS", default=[])
SOCIAL_SECURITY_EXTRACT_SIGNING_KEY = env.str("SOCIAL_SECURITY_EXTRACT_SIGNING_KEY", default="")
SOCIAL_SECURITY_EXTRACT_KEYS_DIR = Path(
    env.str("SOCIAL_SECURITY_EXTRACT_KEYS_DIR", default=str(VAR_DIR / "keys" / "social_security"))
)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, broker ------------------------------------------------------------
# Nothing a request needs may live in one process's memory or on one machine's disk (two web
# containers behind a load balancer, docs/scaling.md): the cache (rate-limit counters, the
# VNeID discovery and keys, the mock's failed sign-ins) and the sessions are in Redis when
# REDIS_URL is set, otherwise in the portal's database (portal.CacheEntry, django_session).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        # Django's Redis backend, its client built once per pool, not per call (portal/cache.py).
        "default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": REDIS_URL}
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Without REDIS_URL the broker is the embedded Redis server that `make run` / `make serve` start
# on a Unix socket under var/redis (portal.embedded_redis; kombu's filesystem transport is not
# used: concurrent producers and consumers corrupt it, kombu issue 1551, docs/adr/0001).
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL", default=REDIS_URL or embedded_redis.broker_url(VAR_DIR)
)
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None) or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# Two queues with their own workers (issue 13): bulk work (fast-track batches, what-if, the
# decisions a batch issues) never makes a single decision, a payment or a notification wait.
CELERY_TASK_DEFAULT_QUEUE = "interactive"
# Both queues declared: a worker started without --queues (a one-worker deployment, the tests'
# and benches' workers) consumes both; make serve and docker-compose name each worker's queue.
CELERY_TASK_QUEUES = (Queue("interactive"), Queue("bulk"))
CELERY_TASK_ROUTES = ("portal.celery.task_route",)
# A message no worker can read (undecodable body, unknown task) is logged and set aside on the
# dead-letter queue, never the reason a worker stops (portal.celery.SetAsideConsumer).
CELERY_WORKER_CONSUMER = "portal.celery:SetAsideConsumer"
# Nothing in the portal reads a task's result: every task writes what it did to the database.
# Without this, each task a web request sent subscribed that process to its result's channel
# on the Redis result backend, and with Redis down the send waited 20 s for the result store to
# reconnect (then a RuntimeError); now it only publishes, and fails fast (common.tasks). A
# caller that wants a result asks for it: apply_async(..., ignore_result=False).
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULE: dict[str, dict] = {
    # Drafts past their filing deadline are removed once a day (claims.filing.services.drafts_expire).
    "claims-drafts-expire": {"task": "claims.tasks.drafts_expire", "schedule": 24 * 60 * 60},
    # Notification e-mails whose task was never queued (broker down at the commit) are queued.
    "claims-notifications-email-sweep": {
        "task": "claims.tasks.notifications_email_sweep",
        "schedule": 5 * 60,
    },
    # Prefilled claims' SMS whose task was lost or whose gateway was down, in the SMS hours
    # (claims.prefill.sms.prefill_sms_sweep, ADR 0016).
    "claims-prefill-sms-sweep": {"task": "claims.tasks.prefill_sms_sweep", "schedule": 10 * 60},
    # What-if runs whose task was lost are resumed (claims.whatif.services.whatif_runs_lost).
    "eligibility-whatif-sweep": {"task": "eligibility.tasks.whatif_sweep", "schedule": 5 * 60},
    # The holiday calendar keeps the current year and the next two (eligibility.holiday_calendar).
    "eligibility-holiday-calendar-extend": {
        "task": "eligibility.tasks.holiday_calendar_extend",
        "schedule": 24 * 60 * 60,
    },
    # Fast-track batches whose task was lost are resumed (claims.review.fasttrack.batch_runs_lost).
    "claims-batch-approval-sweep": {
        "task": "claims.tasks.batch_approval_sweep",
        "schedule": 2 * 60,
    },
    # Decisions not yet rendered and signed (lost task, failed try) are queued again.
    "claims-decisions-sweep": {"task": "claims.tasks.decisions_sweep", "schedule": 2 * 60},
    # Payments: missing schedules, due installments, lost or stuck orders (claims.payments).
    "claims-payments-sweep": {"task": "claims.tasks.payments_sweep", "schedule": 60},
    # Training enrolments not yet pushed to the institution, attended months without their
    # orders, orders lost or due again (training.enrolment.services.enrolments_sweep).
    "training-enrolments-sweep": {"task": "training.tasks.enrolments_sweep", "schedule": 60},
    # Training-support decisions not yet rendered and signed are queued again (ADR 0022).
    "training-decisions-sweep": {
        "task": "training.tasks.training_decisions_sweep",
        "schedule": 2 * 60,
    },
    # The statistics' summaries, rebuilt every five minutes on the bulk queue (stats.refresh).
    "stats-summaries-refresh": {
        "task": "stats.tasks.summaries_refresh",
        "schedule": 5 * 60,
        "options": {"queue": "bulk"},
    },
    # The benefit period (claims.period, ADR 0015): closed notification windows are judged
    # (suspension, three misses) hourly, so a day's windows are closed soon after midnight;
    # the sweep lays out lost months, links installments, issues missing decisions.
    "claims-period-windows-close": {
        "task": "claims.tasks.period_windows_close",
        "schedule": 60 * 60,
    },
    "claims-period-sweep": {"task": "claims.tasks.period_sweep", "schedule": 10 * 60},
    # The monthly notification's reminders, each once (claims.period.reminders, ADR 0020).
    "claims-period-reminders": {"task": "claims.tasks.period_reminders", "schedule": 60 * 60},
    # The social-security store's new jobs of benefit recipients (claims.period.detection).
    "claims-period-new-jobs-detect": {
        "task": "claims.tasks.period_new_jobs_detect",
        "schedule": 24 * 60 * 60,
    },
}

# --- Rule sets (eligibility) ------------------------------------------------------------
#: Admin pages other apps add to a rule set, as functions (admin site) -> URL patterns: the
#: what-if analysis reads claims, which eligibility never imports, so the shell wires it here.
RULESET_ADMIN_URLS = ["claims.whatif.views.whatif_urls"]

# --- SMS to workers (claims.sms, ADR 0020) ----------------------------------------------
#: The backend: the stand-in (claims.sms.client.FileBackend, $TROCAP_VAR_DIR/sms/outbox.jsonl,
#: `manage.py sms_outbox`), or claims.sms.client.HttpBackend with the gateway below.
SMS_BACKEND = env.str("SMS_BACKEND", default="claims.sms.client.FileBackend")
SMS_GATEWAY_URL = env.str("SMS_GATEWAY_URL", default="")
SMS_GATEWAY_TOKEN = secret("SMS_GATEWAY_TOKEN", "") if SMS_GATEWAY_URL else ""
SMS_GATEWAY_TIMEOUT = env.float("SMS_GATEWAY_TIMEOUT", default=10.0)
if SMS_BACKEND.endswith("HttpBackend") and not SMS_GATEWAY_URL:
    raise ImproperlyConfigured("SMS_BACKEND is the HTTP gateway but SMS_GATEWAY_URL is not set")

# --- Decisions (claims.decisions) -------------------------------------------------------
# The center's signing key and certificate: a PKCS#12 file, or a PEM key + certificate (+ chain).
# By default `manage.py dev_keys` creates a development CA and a signing certificate here.
DECISION_KEYS_DIR = Path(env.str("DECISION_KEYS_DIR", default=str(VAR_DIR / "keys" / "decisions")))
#: A PKCS#12 file with the key, certificate and chain (its password from ..._PASSWORD[_FILE]).
DECISION_SIGNING_PKCS12 = env.str("DECISION_SIGNING_PKCS12", default="")
DECISION_SIGNING_PKCS12_PASSWORD = (
    secret("DECISION_SIGNING_PKCS12_PASSWORD", "") if DECISION_SIGNING_PKCS12 else ""
)
#: Or PEM files: the key, its certificate, the intermediate/root certificates.
DECISION_SIGNING_KEY = env.str("DECISION_SIGNING_KEY", default="")
DECISION_SIGNING_KEY_PASSWORD = (
    env.str("DECISION_SIGNING_KEY_PASSWORD", default="") if DECISION_SIGNING_KEY else ""
)
DECISION_SIGNING_CERT = env.str("DECISION_SIGNING_CERT", default="")
DECISION_SIGNING_CHAIN = env.list("DECISION_SIGNING_CHAIN", default=[])
#: PEM files of the CA certificates a decision's signature must chain to (default: the dev CA).
DECISION_TRUST_ROOTS = env.list("DECISION_TRUST_ROOTS", default=[])
#: Signers who sign as the director ("GIÁM ĐỐC"); every other signer signs "KT. GIÁM ĐỐC /
#: PHÓ GIÁM ĐỐC" (on behalf of the director).
DECISION_DIRECTOR_USERNAMES = env.list("DECISION_DIRECTOR_USERNAMES", default=[])
#: /verify/: decision lookups allowed per client IP per minute (the code cannot be guessed).
DECISION_VERIFY_RATE = env.int("DECISION_VERIFY_RATE", default=20)

# --- Settlement office (claims.payments; the simulator is settlement_office/) ------------
SETTLEMENT_OFFICE_URL = env.str("SETTLEMENT_OFFICE_URL", default="http://127.0.0.1:8010").rstrip(
    "/"
)
#: Shared HMAC secret for both directions (common.signed_http).
SETTLEMENT_OFFICE_SECRET = secret("SETTLEMENT_OFFICE_SECRET", "dev-only-settlement-shared-secret")
#: Seconds to wait for the office's answer to one order (connect and read).
SETTLEMENT_OFFICE_TIMEOUT = env.float("SETTLEMENT_OFFICE_TIMEOUT", default=10.0)
#: Tries of one order in a row (Celery retries) before it waits for the sweep and staff.
SETTLEMENT_MAX_ATTEMPTS = env.int("SETTLEMENT_MAX_ATTEMPTS", default=8)
#: Exponential backoff with full jitter: a retry waits random(0, min(CAP, BASE * 2**(n-1))) s.
SETTLEMENT_RETRY_BASE = env.float("SETTLEMENT_RETRY_BASE", default=2.0)
SETTLEMENT_RETRY_CAP = env.float("SETTLEMENT_RETRY_CAP", default=300.0)
#: How long a sender holds an order; after that the sweep may hand it to another worker.
SETTLEMENT_LEASE_SECONDS = env.float(
    "SETTLEMENT_LEASE_SECONDS", default=SETTLEMENT_OFFICE_TIMEOUT + 30
)
#: An order still waiting this long after it was due is queued again by the sweep.
SETTLEMENT_SWEEP_GRACE = env.float("SETTLEMENT_SWEEP_GRACE", default=120.0)
#: An accepted order without a final answer after this long is shown to staff.
SETTLEMENT_STALE_AFTER = env.float("SETTLEMENT_STALE_AFTER", default=3600.0)
#: Callbacks whose timestamp is further than this from our clock are refused (replay).
SETTLEMENT_CALLBACK_TOLERANCE = env.int("SETTLEMENT_CALLBACK_TOLERANCE", default=300)
#: Where the office calls back (sent with every order).
SETTLEMENT_CALLBACK_BASE_URL = (
    env.str("SETTLEMENT_CALLBACK_BASE_URL", default="") or SITE_URL
).rstrip("/")

# --- Training institutions (training.enrolment; the stand-in is training_institution/) ----
#: The institutions' system (the stand-in by default; an InstitutionLink may name another).
TRAINING_INSTITUTION_URL = env.str(
    "TRAINING_INSTITUTION_URL", default="http://127.0.0.1:8011"
).rstrip("/")
#: Master secret each institution's HMAC key is derived from where none is stored
#: (common.institution_keys; the stand-in has the same development default). Optional in
#: production, where it is empty unless set: then only institutions given their own secret
#: (InstitutionLink.secret) can talk to the portal.
TRAINING_INSTITUTION_SECRET = secret_from_env(
    env,
    "TRAINING_INSTITUTION_SECRET",
    "" if PRODUCTION else "dev-only-training-institution-secret",
    production=False,
)
TRAINING_INSTITUTION_TIMEOUT = env.float("TRAINING_INSTITUTION_TIMEOUT", default=10.0)
#: Signed institution requests whose timestamp is further than this from our clock are refused.
TRAINING_INSTITUTION_TOLERANCE = env.int("TRAINING_INSTITUTION_TOLERANCE", default=300)
#: Where institutions report and the settlement office calls back for training orders.
TRAINING_CALLBACK_BASE_URL = (
    env.str("TRAINING_CALLBACK_BASE_URL", default="") or SETTLEMENT_CALLBACK_BASE_URL
).rstrip("/")

# --- Auth -------------------------------------------------------------------------------
AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked account+address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# allauth: staff sign in with username + password + TOTP; citizens only through VNeID.
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_ALLOW_REGISTRATION = False
ACCOUNT_ADAPTER = "identity.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
# Failed sign-ins are throttled by django-axes (below), by account+address and by address alone;
# allauth's own per-account limit would lock an account from everywhere, so it is off.
ACCOUNT_RATE_LIMITS = {"login_failed": False}
AXES_HANDLER = "identity.throttling.AccountAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=5)
#: Failures from one address, whatever the accounts, before the address is locked.
LOGIN_FAILURES_PER_IP = env.int("LOGIN_FAILURES_PER_IP", default=50)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "identity.throttling.login_username"
AXES_LOCKOUT_CALLABLE = "identity.throttling.locked_out"
AXES_VERBOSE = False

SOCIALACCOUNT_ADAPTER = "identity.adapters.VneidSocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
# VNeID asserts no e-mail address: a VNeID login has none to verify (allauth would look for one
# and for a verified one at each first login, issue 11). Staff e-mails are set by administrators.
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ONLY = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "identity.adapters.MfaAdapter"
# The code fields open the number keyboard on phones (inputmode="numeric", issue 13).
MFA_FORMS = {
    "authenticate": "identity.mfa_forms.NumericAuthenticateForm",
    "reauthenticate": "identity.mfa_forms.NumericReauthenticateForm",
    "activate_totp": "identity.mfa_forms.NumericActivateTOTPForm",
}
MFA_TOTP_ISSUER = "TroCap"
# A code typed as its 30-second step ends still counts (one step either side, RFC 6238 5.2's
# allowance for delay): a slow phone network, or a loaded server, no longer refuses a right code.
# allauth still accepts each code only once.
MFA_TOTP_TOLERANCE = 1

#: The national identity provider. By default the mock one mounted in this site
#: (docs/adr/0002); pointing at another OpenID Connect issuer is configuration only.
VNEID_ISSUER = env.str("VNEID_ISSUER", default=f"{SITE_URL}/mock-vneid").rstrip("/")
VNEID_CLIENT_ID = env.str("VNEID_CLIENT_ID", default="trocap-portal")
VNEID_CLIENT_SECRET = secret("VNEID_CLIENT_SECRET", "dev-only-vneid-client-secret")
#: How long the issuer's discovery document and keys are kept (identity.oidc.metadata).
VNEID_METADATA_CACHE_SECONDS = env.int("VNEID_METADATA_CACHE_SECONDS", default=3600)
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        # allauth's provider plus a nonce and an always-checked ID token signature (identity/oidc).
        "provider_class": "identity.oidc.provider.VneidOpenIDConnectProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": "vneid",
                "name": "VNeID",
                "client_id": VNEID_CLIENT_ID,
                "secret": VNEID_CLIENT_SECRET,
                "settings": {
                    "server_url": VNEID_ISSUER,
                    "token_auth_method": "client_secret_post",
                    "scope": ["openid", "profile", "phone", "vneid"],
                    "oauth_pkce_enabled": True,
                },
            }
        ],
    }
}

# The mock VNeID provider (django-oauth-toolkit with OpenID Connect).
MOCK_VNEID_ENABLED = env.bool("MOCK_VNEID_ENABLED", default=True)
MOCK_VNEID_KEY_FILE = Path(
    env.str("MOCK_VNEID_KEY_FILE", default=str(VAR_DIR / "keys" / "mock_vneid_rs256.pem"))
)
MOCK_VNEID_REDIRECT_URIS = env.list(
    "MOCK_VNEID_REDIRECT_URIS", default=[f"{SITE_URL}/accounts/oidc/vneid/login/callback/"]
)
#: Where the mock may send the browser after an RP-initiated logout (the portal's home page).
MOCK_VNEID_POST_LOGOUT_REDIRECT_URIS = env.list(
    "MOCK_VNEID_POST_LOGOUT_REDIRECT_URIS", default=[f"{SITE_URL}/"]
)
#: Redirect URI schemes the mock accepts: https only in production (RFC 9700 2.1); a benchmark
#: of the production settings on 127.0.0.1 may allow http again (check --deploy then warns).
MOCK_VNEID_REDIRECT_SCHEMES = env.list(
    "MOCK_VNEID_REDIRECT_SCHEMES", default=["https"] if PRODUCTION else ["http", "https"]
)
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": f"{SITE_URL}/mock-vneid",
    "PKCE_REQUIRED": True,
    # OpenID Connect RP-Initiated Logout: the portal's logout ends the mock's sign-in too
    # (identity.mock_vneid.views.EndSessionView); no question asked when the ID token is the
    # signed-in person's, and the way back must be registered exactly.
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_RP_INITIATED_LOGOUT_STRICT_REDIRECT_URIS": True,
    # RFC 9700 (OAuth 2.0 Security BCP), each of django-oauth-toolkit's gates on: no implicit
    # or password grant, PKCE S256 only, access tokens never in a query string, `iss` in the
    # authorization response (RFC 9207), tokens stored hashed (SHA-256), refresh-token replay
    # revokes the family, exact redirect URIs, https redirect URIs where they are required.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": "http" not in MOCK_VNEID_REDIRECT_SCHEMES,
    "ALLOWED_REDIRECT_URI_SCHEMES": MOCK_VNEID_REDIRECT_SCHEMES,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": 0,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 300,
    "SCOPES": {
        "openid": "Định danh / OpenID Connect",
        "profile": "Họ tên, ngày sinh, giới tính, địa chỉ",
        "phone": "Số điện thoại",
        "organisation": "Tài khoản định danh của tổ chức (mã số thuế, tên tổ chức)",
        "vneid": "Số định danh cá nhân và mức độ định danh",
    },
    "DEFAULT_SCOPES": ["openid"],
    "OAUTH2_VALIDATOR_CLASS": "identity.mock_vneid.validator.MockVneidValidator",
    # The key is loaded lazily from MOCK_VNEID_KEY_FILE (generated on first start).
    "OIDC_RSA_PRIVATE_KEY": "",
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "mock_vneid.Application"
OAUTH2_PROVIDER_GRANT_MODEL = "mock_vneid.Grant"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "mock_vneid.AccessToken"  # noqa: S105 - a model name
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "mock_vneid.RefreshToken"  # noqa: S105 - a model name
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "mock_vneid.IDToken"  # noqa: S105 - a model name
OAUTH2_PROVIDER_DEVICE_GRANT_MODEL = "mock_vneid.DeviceGrant"

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "trocap_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# Read by the server only; over https only in production (issue 12).
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
# dd/mm/yyyy and dd/mm/yyyy HH:MM in both languages (common/formats/, issue 13).
FORMAT_MODULE_PATH = ["common.formats"]
USE_TZ = True

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
#: Uploaded documents and signed decisions: local files under var/media by default; an
#: S3-compatible object store (django-storages) when STORAGE_S3_BUCKET is set, so that every
#: web container sees every file (README, Configuration).
STORAGE_S3_BUCKET = env.str("STORAGE_S3_BUCKET", default="")
if STORAGE_S3_BUCKET:
    _DEFAULT_STORAGE: dict = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_S3_BUCKET,
            "endpoint_url": env.str("STORAGE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("STORAGE_S3_REGION", default="") or None,
            # Empty: boto3's own chain (instance role, AWS_* variables, ~/.aws).
            "access_key": env.str("STORAGE_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": secret_from_env(env, "STORAGE_S3_SECRET_ACCESS_KEY", "", production=False)
            or None,
            "location": env.str("STORAGE_S3_PREFIX", default=""),
            "addressing_style": env.str("STORAGE_S3_ADDRESSING_STYLE", default="") or None,
            # Personal documents: private objects, never overwritten, fetched by the portal
            # (or through short-lived signed URLs), encrypted at rest by the store.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"},
        },
    }
else:
    _DEFAULT_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    }
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- E-mail -----------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="TroCap <no-reply@trocap.gov.vn>")

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    "DEFAULT_VERSION": "v1",
    "ALLOWED_VERSIONS": ["v1"],
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    # Per user and per anonymous address; 429 + Retry-After (common/throttles.py).
    "DEFAULT_THROTTLE_CLASSES": ["common.throttles.AnonThrottle", "common.throttles.UserThrottle"],
}
# API tokens: only a digest stored, expiring, "Authorization: Token <key>" (django-rest-knox).
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("API_TOKEN_TTL_DAYS", default=30)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="120/min"),
    "user": env.str("API_THROTTLE_USER", default="300/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "TroCap API",
    "DESCRIPTION": "Citizen API of the unemployment-benefit portal (docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc served from our own static files (drf-spectacular-sidecar), no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Two models have a field named "status": each enum gets a name of its own.
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.core.transitions.Status",
        "NoticeStatusEnum": "employers.models.LayoffNotice.Status",
    },
    # Every operation lists the 400/401/403/404/429 it can answer (claims/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.add_error_responses",
    ],
}

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin: a claim's address (with its id) never leaves for another site in a Referer.
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    # Behind a TLS-terminating proxy or load balancer: the header it sets and the value that
    # means https, as "HEADER,value" (default X-Forwarded-Proto: https; empty: no proxy). Only a
    # proxy that always sets (or strips) this header may be trusted with it.
    _proxy_ssl_header = env.list(
        "SECURE_PROXY_SSL_HEADER", default=["HTTP_X_FORWARDED_PROTO", "https"]
    )
    if _proxy_ssl_header and len(_proxy_ssl_header) != 2:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER is 'HEADER,value' (e.g. HTTP_X_FORWARDED_PROTO,https) or empty"
        )
    SECURE_PROXY_SSL_HEADER = tuple(_proxy_ssl_header) if _proxy_ssl_header else None
    # http is redirected to https (a laptop demo without TLS turns it off); /healthz answers
    # the container's own plain-http health check.
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # HSTS for a year, the whole domain, and eligible for the browsers' preload list.
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# Content-Security-Policy (django-csp): no inline script or style anywhere, no 'unsafe-inline'
# and no 'unsafe-eval'; a script that must be inline carries the request's nonce
# (`{{ request.csp_nonce }}`). Forms may post to the portal and to the VNeID issuer (the
# OIDC redirect after "log in with VNeID", and the RP-initiated logout). docs/adr/0013.
_VNEID_ORIGIN = "/".join(VNEID_ISSUER.split("/")[:3])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF, _VNEID_ORIGIN],
        "base-uri": [SELF],
        "object-src": [NONE],
        **({"upgrade-insecure-requests": True} if PRODUCTION else {}),
    },
}
#: Nothing in the portal uses these browser features (a document photo is taken through the
#: file picker, which needs no permission), so no page and no frame may ask for them.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
