"""Settings for Backchannel, read from the environment (see ``.env.example``).

A fresh clone runs on an embedded SQLite database under ``var/``; setting
``DATABASE_URL`` switches to PostgreSQL.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url

from backchannel.env import (
    ConfigError,
    env_bool,
    env_choice,
    env_count_limits,
    env_int,
    env_list,
    env_origins,
    env_path,
    env_rate_limits,
    env_secret,
    env_str,
    env_url,
    private_dir,
    secret_file,
)


def _flood_defaults() -> dict[str, str]:
    # Here: settings.py loads before any app; flood.py itself imports no model.
    from backchannel.consultations.flood import DEFAULT_LIMITS

    return DEFAULT_LIMITS


BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = env_path("BACKCHANNEL_DATA_DIR", PROJECT_DIR / "var")
if env_str("DATABASE_URL") == "" or DATA_DIR.exists():
    # Owner-only (0700): the embedded database, its WAL and SHM, generated keys.
    private_dir(DATA_DIR)

DEBUG = env_bool("DEBUG", False)
_DATABASE_SCHEMES = ("postgres", "postgresql", "pgsql", "postgis", "sqlite")
_database_url = env_url("DATABASE_URL", "", schemes=_DATABASE_SCHEMES)
EMBEDDED = _database_url == ""
TESTING = "pytest" in sys.modules
# The embedded default, DEBUG and the test suite may generate their own keys
# into the data directory; a production deployment must be given them.
GENERATE_KEYS = EMBEDDED or DEBUG or TESTING

_secret = env_secret("SECRET_KEY")
if _secret is None:
    if not GENERATE_KEYS:
        raise ConfigError(
            "SECRET_KEY is not set: set SECRET_KEY or SECRET_KEY_FILE "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    _secret = secret_file(DATA_DIR / "secret.key", lambda: secrets.token_urlsafe(50))
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # django-ninja as an app: /api/docs then serves its own pinned Swagger UI
    # from our static files (otherwise it loads it from a CDN).
    "ninja",
    "backchannel.core",
    "backchannel.accounts",
    "backchannel.processes",
    "backchannel.participants",
    "backchannel.meetings",
    "backchannel.consultations",
    "backchannel.records",
    "backchannel.ideas",
    "backchannel.translations",
    "backchannel.reports",
    "backchannel.evaluation",
    "backchannel.transfer",
    "backchannel.dashboard",
    "backchannel.portability",
    # After Backchannel's apps: `backchannel db_worker` is backchannel.core's
    # (django-tasks' worker, which recovers the tasks of dead workers).
    "django_tasks",
    "django_tasks.backends.database",
]

MIDDLEWARE = [
    # Outermost: the CSP and no-store reach every response, including the 400
    # for an unknown Host, CommonMiddleware's APPEND_SLASH redirects and
    # whitenoise's files (backchannel.core.middleware).
    "backchannel.core.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The public JSON vote, the busiest URL, answered here: it needs nothing of
    # the middleware below (backchannel.consultations.middleware).
    "backchannel.consultations.middleware.VoteFastPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: a user's saved language wins over the cookie and
    # Accept-Language (backchannel.accounts.language).
    "backchannel.accounts.middleware.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "backchannel.core.middleware.SessionTimeoutMiddleware",
    "backchannel.participants.middleware.RequireMFAMiddleware",
]

ROOT_URLCONF = "backchannel.urls"
WSGI_APPLICATION = "backchannel.wsgi.application"

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
            ],
        },
    }
]

_default_db = f"sqlite:///{DATA_DIR / 'backchannel.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        _database_url or _default_db,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions avoid "database is locked" on upgrade from read to
    # write; secure_delete overwrites freed pages so destroyed data is gone.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA secure_delete=ON; PRAGMA foreign_keys=ON;"
        ),
    }
    # A file per test run, so parallel runs never share one; pytest-django
    # deletes it at the end.
    DATABASES["default"]["TEST"] = {
        "NAME": env_str("TEST_DB_NAME") or str(DATA_DIR / f"test-{os.getpid()}.sqlite3")
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Hostile input (backchannel/core/uploads.py): the largest file an import reads
# (process JSON, roster CSV, gate documents, Pol.is CSV files), the largest
# request body (JSON API, forms), and the decompression-bomb limits of restore.
BACKCHANNEL_MAX_UPLOAD_BYTES = env_int(
    "BACKCHANNEL_MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1024
)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int(
    "BACKCHANNEL_MAX_REQUEST_BYTES", 2_621_440, minimum=1024
)
BACKCHANNEL_MAX_EXPANSION = env_int("BACKCHANNEL_MAX_EXPANSION", 100, minimum=2)
BACKCHANNEL_MAX_DECOMPRESSED_BYTES = env_int(
    "BACKCHANNEL_MAX_DECOMPRESSED_BYTES", 8 * 1024**3, minimum=1024 * 1024
)
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "processes:process-list"
LOGOUT_REDIRECT_URL = "login"

# Authentication: django-allauth with MFA (TOTP, WebAuthn, recovery codes).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "backchannel.accounts.adapter.AccountAdapter"
MFA_ADAPTER = "backchannel.accounts.adapter.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_EMAIL_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# Failed logins: per (pseudonymised) address and per username; see the adapter.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_rate_limits("LOGIN_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "login": "30/m/ip",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Backchannel"
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = EMBEDDED or DEBUG
# Conveners, facilitators and rapporteurs must use a second factor. The local
# demo turns this off (it says so when it starts); production leaves it on.
BACKCHANNEL_REQUIRE_MFA = env_bool("BACKCHANNEL_REQUIRE_MFA", True)

# Security state, shared by every worker and server and never evicted: used
# TOTP codes (accepted once only) and login throttling live in django-allauth's
# default cache. The database by default, in a cache that only ever drops
# expired entries (backchannel/core/cache.py); Redis when REDIS_URL is set, which
# must not evict keys (maxmemory-policy noeviction: `backchannel doctor` checks).
# CACHE_KEY_PREFIX keeps deployments that share one Redis apart.
_redis = env_url("REDIS_URL", "", schemes=("redis", "rediss", "unix"))
_redis_cache = {
    "BACKEND": "django.core.cache.backends.redis.RedisCache",
    "LOCATION": _redis,
    "KEY_PREFIX": env_str("CACHE_KEY_PREFIX"),
}
CACHES = {
    "default": (
        _redis_cache
        if _redis
        else {
            "BACKEND": "backchannel.core.cache.SecurityStateCache",
            "LOCATION": "backchannel_cache",
        }
    )
}

# Anti-flood counters of public consultations (backchannel.consultations.flood):
# in Redis when REDIS_URL is set, otherwise in the database (core.Counter, one
# upsert per request, backchannel/core/counters.py): shared by every server
# either way, and never evicted before their window ends.
CACHES["flood"] = dict(_redis_cache) if _redis else CACHES["default"]

# Their limits, e.g. CONSULTATION_FLOOD_LIMITS="ballot_votes=120/m,consultation_votes=60000/m"
# (names and defaults in backchannel/consultations/flood.py).
# Parsed here, so a typo stops start-up naming the variable (not a 500 per vote).
CONSULTATION_FLOOD_LIMITS = env_count_limits(
    "CONSULTATION_FLOOD_LIMITS", _flood_defaults()
)

# Background work (the analysis of public consultations): django-tasks, its
# database backend by default (`backchannel db_worker` runs the queue). For
# scale, TASKS_BACKEND=rq (Redis, `backchannel rqworker QUEUE`) or celery
# (RabbitMQ, `celery -A backchannel.core.celery_app worker -Q QUEUE`), with
# TASKS_BROKER_URL naming the broker (backchannel/core/queues.py).
_TASKS_BACKENDS = {
    "database": "django_tasks.backends.database.DatabaseBackend",
    "rq": "backchannel.core.queues.RQBackend",
    "celery": "backchannel.core.celery_app.CeleryBackend",
}
_tasks_backend = env_str("TASKS_BACKEND", "database").strip()
_tasks_backend = {
    # The names earlier versions documented.
    "django_tasks.backends.database.DatabaseBackend": "database",
    "django_tasks.backends.rq.RQBackend": "rq",
}.get(_tasks_backend, _tasks_backend)
if _tasks_backend not in _TASKS_BACKENDS:
    raise ConfigError(
        f"Unexpected value TASKS_BACKEND={_tasks_backend!r}: use database (the "
        "default), rq (Redis) or celery (RabbitMQ)."
    )
TASKS_QUEUE = env_str("TASKS_QUEUE", "default").strip()
if (
    not TASKS_QUEUE
    or len(TASKS_QUEUE) > 32
    or not all(c.isalnum() or c in "-_." for c in TASKS_QUEUE)
):
    raise ConfigError(
        f"Unexpected value TASKS_QUEUE={TASKS_QUEUE!r}: use up to 32 letters, digits, "
        "'-', '_' or '.', e.g. TASKS_QUEUE=backchannel."
    )
TASKS_BROKER_URL = env_url(
    "TASKS_BROKER_URL",
    _redis if _tasks_backend == "rq" else "",
    schemes=("redis", "rediss", "unix", "amqp", "amqps"),
)
if _tasks_backend in ("rq", "celery") and not TASKS_BROKER_URL:
    raise ConfigError(
        f"TASKS_BACKEND={_tasks_backend} needs a broker: set TASKS_BROKER_URL, e.g. "
        + (
            "redis://127.0.0.1:6379/1 (or REDIS_URL)."
            if _tasks_backend == "rq"
            else "amqp://user:password@127.0.0.1:5672/backchannel."
        )
    )
# A database worker that has not been heard of for this many seconds is dead:
# the task it held is given to another worker (at most TASKS_MAX_ATTEMPTS runs).
TASKS_WORKER_LEASE = env_int("TASKS_WORKER_LEASE", 60, minimum=1)
TASKS_MAX_ATTEMPTS = env_int("TASKS_MAX_ATTEMPTS", 3, minimum=1)
TASKS = {
    "default": {
        "BACKEND": _TASKS_BACKENDS[_tasks_backend],
        "QUEUES": [TASKS_QUEUE],
    }
}
if _tasks_backend == "rq":
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {TASKS_QUEUE: {"URL": TASKS_BROKER_URL}}

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en"
# One date format per language, pages and PDFs alike (backchannel/formats).
FORMAT_MODULE_PATH = ["backchannel.formats"]
# The interface languages (README, "Languages"); catalogues in backchannel/locale.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("ru", "Русский"),
    ("zh-hans", "简体中文"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "backchannel_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True

# Sessions: absolute lifetime 12 h; the idle timeout is enforced by middleware.
# Stored under a hash of the cookie, encrypted under a key derived from it
# (backchannel/accounts/sessions.py): a database copy logs no one in.
SESSION_ENGINE = "backchannel.accounts.sessions"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not EMBEDDED)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
# A deployment (DATABASE_URL set) is served over HTTPS only, by default.
# (Not under the test suite: the test client speaks plain http.)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not EMBEDDED and not TESTING)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = env_int(
    "SECURE_HSTS_SECONDS", 0 if EMBEDDED else 31_536_000, minimum=0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", not EMBEDDED
)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not EMBEDDED)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Master key for envelope encryption: never stored in the database.
BACKCHANNEL_MASTER_KEY = env_secret("BACKCHANNEL_MASTER_KEY")
BACKCHANNEL_MASTER_KEY_PATH = DATA_DIR / "master.key"
# Accepted for unwrapping only, while `backchannel keys rotate` re-wraps.
BACKCHANNEL_PREVIOUS_MASTER_KEYS = env_list(
    "BACKCHANNEL_PREVIOUS_MASTER_KEYS",
    [k for k in (env_secret("BACKCHANNEL_PREVIOUS_MASTER_KEY") or "").split(",") if k],
)
# The public key that checks audit checkpoints, configured out of band (the line
# `backchannel audit public-key` prints); never taken from a checkpoint file.
BACKCHANNEL_AUDIT_PUBLIC_KEY = env_secret("BACKCHANNEL_AUDIT_PUBLIC_KEY")
if BACKCHANNEL_AUDIT_PUBLIC_KEY is not None:
    import base64
    import binascii

    try:
        _audit_key_bytes = base64.b64decode(BACKCHANNEL_AUDIT_PUBLIC_KEY, validate=True)
    except binascii.Error:
        _audit_key_bytes = b""
    if len(_audit_key_bytes) != 32:
        raise ConfigError(
            "BACKCHANNEL_AUDIT_PUBLIC_KEY is not an audit public key: set it to the "
            "line printed by `backchannel audit public-key` (44 characters of base64)."
        )
if BACKCHANNEL_MASTER_KEY is None and not GENERATE_KEYS:
    raise ConfigError(
        "BACKCHANNEL_MASTER_KEY is not set: set it (or BACKCHANNEL_MASTER_KEY_FILE) "
        "to 32 random bytes in base64, e.g. "
        "python -c 'import os,base64; print(base64.b64encode(os.urandom(32)).decode())'."
    )

# The key store (backchannel/core/keystore.py): wrapped data keys live here, not
# in the database nor its backups. A separate database (PostgreSQL) shared by
# every app server, or a SQLite file (0600) under the data directory.
BACKCHANNEL_KEYSTORE_URL = env_secret("BACKCHANNEL_KEYSTORE_URL") or (
    f"sqlite:///{DATA_DIR / 'keys.sqlite3'}" if GENERATE_KEYS else ""
)
if not BACKCHANNEL_KEYSTORE_URL:
    raise ConfigError(
        "BACKCHANNEL_KEYSTORE_URL is not set: give the key store a database of its "
        "own, e.g. postgres://backchannel@db/backchannel_keys (not the one in "
        "DATABASE_URL), or a file, sqlite:////var/lib/backchannel/keys.sqlite3."
    )
if BACKCHANNEL_KEYSTORE_URL.rstrip("/") == env_str("DATABASE_URL").rstrip("/"):
    raise ConfigError(
        "BACKCHANNEL_KEYSTORE_URL names the same database as DATABASE_URL: the key "
        "store must be a separate database, so that database backups carry no keys."
    )
# Key-store backups (`backchannel keys backup`): where, and for how many days.
# A destroyed process stays recoverable from a key-store backup kept elsewhere for
# at most this long; `process destroy` scrubs the ones in this directory at once.
BACKCHANNEL_KEY_BACKUP_DIR = env_path(
    "BACKCHANNEL_KEY_BACKUP_DIR", DATA_DIR / "key-backups"
)
BACKCHANNEL_KEY_BACKUP_DAYS = env_int("BACKCHANNEL_KEY_BACKUP_DAYS", 7, minimum=1)

# Logs carry no content and no client addresses.
# LOG_FORMAT=json writes one JSON object per line, for log shippers.
_log_format = env_str("LOG_FORMAT", "plain")
if _log_format not in ("plain", "json"):
    raise ConfigError(
        f"Unexpected value LOG_FORMAT={_log_format!r}: use 'plain' or 'json'."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "backchannel.core.logging.JsonFormatter"},
    },
    "filters": {
        # Invitation codes in request lines (participants/logging.py).
        "no_invitation_codes": {
            "()": "backchannel.participants.logging.RedactInvitationCodes"
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": _log_format}
    },
    "root": {
        "handlers": ["console"],
        "level": env_choice(
            "LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
    "loggers": {
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "filters": ["no_invitation_codes"],
            "propagate": False,
        },
        "django.server": {
            "handlers": ["console"],
            "level": "INFO",
            "filters": ["no_invitation_codes"],
            "propagate": False,
        },
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# Invitations (participants.services). Links are absolute when
# BACKCHANNEL_BASE_URL is set (e.g. https://backchannel.example.org); email is
# off unless EMAIL_URL names an SMTP server:
# smtp://user:password@host:25, smtp+tls://…:587 (STARTTLS), smtp+ssl://…:465.
BACKCHANNEL_BASE_URL = env_str("BACKCHANNEL_BASE_URL").rstrip("/")
_email_url = env_str("EMAIL_URL")
EMAIL_ENABLED = bool(_email_url)
if _email_url:
    from urllib.parse import unquote, urlsplit

    _mail = urlsplit(_email_url)
    if _mail.scheme not in ("smtp", "smtp+tls", "smtp+ssl") or not _mail.hostname:
        raise ConfigError(
            f"Unexpected EMAIL_URL scheme {_mail.scheme!r}: use "
            "smtp://user:password@host:port (or smtp+tls://, smtp+ssl://)."
        )
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname
    EMAIL_PORT = (
        _mail.port or {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[_mail.scheme]
    )
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme == "smtp+tls"
    EMAIL_USE_SSL = _mail.scheme == "smtp+ssl"
    EMAIL_TIMEOUT = 15
    DEFAULT_FROM_EMAIL = env_str("EMAIL_FROM", "backchannel@localhost")
