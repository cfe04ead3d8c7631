"""Settings, read from the environment so one installed package serves every deployment.

Every variable here is documented in the README, and read through rapport/environment.py,
which stops the start with a clear line when one is malformed. Nothing secret lives in
git: when RAPPORT_SECRET_KEY is unset, a key is generated once into the data folder.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import django_stubs_ext

from rapport import environment as env

# Django's generic classes (ModelAdmin, FormView, a session store, ...) accept the type
# arguments django-stubs gives them, so ``admin.ModelAdmin[Report]`` also runs.
django_stubs_ext.monkeypatch()


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = env.directory("RAPPORT_DATA_DIR", Path.cwd() / "var")
# Production mode (docs/deploy.md): `rapport serve --production` and `rapport worker
# --production` set it for the processes they start; a deployment may set it itself.
RAPPORT_PRODUCTION = env.flag("RAPPORT_PRODUCTION")


def _secret_key() -> str:
    from_env = env.text("RAPPORT_SECRET_KEY", "")
    if from_env:
        return from_env
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists() and RAPPORT_PRODUCTION:
        # Every web and worker machine must share one key: never invent one here.
        raise SystemExit(
            f"Production mode needs a secret key: set RAPPORT_SECRET_KEY, or write one to "
            f"{key_file} (python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not key_file.exists():
        # O_EXCL: two processes starting at once must not write two different keys.
        try:
            fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# Keys retired by a rotation, still accepted for what they signed: sessions, reset and
# confirmation links, unsubscribe links and recovery codes (docs/deploy.md, "Rotating
# the secret key"). Comma-separated; keys made as docs/deploy.md says hold no comma.
SECRET_KEY_FALLBACKS = [
    key.strip() for key in env.text("RAPPORT_SECRET_KEY_FALLBACKS", "").split(",") if key.strip()
]
DEBUG = env.flag("RAPPORT_DEBUG") and not RAPPORT_PRODUCTION
ALLOWED_HOSTS = env.host_names("RAPPORT_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# The product's own rules, each an instance setting.
RAPPORT_CONNECTION_CAP = env.whole_number("RAPPORT_CONNECTION_CAP", 150, minimum=1)
RAPPORT_REQUEST_BUDGET_PENDING = env.whole_number("RAPPORT_REQUEST_BUDGET_PENDING", 5, minimum=1)
RAPPORT_REQUEST_BUDGET_WEEK = env.whole_number("RAPPORT_REQUEST_BUDGET_WEEK", 10, minimum=1)
# Login throttling counts failures per address. Behind a reverse proxy every client
# arrives from the proxy's address; set this only when the proxy appends the client's
# address to X-Forwarded-For (nginx: proxy_add_x_forwarded_for). docs/security.md.
RAPPORT_TRUST_X_FORWARDED_FOR = env.flag("RAPPORT_TRUST_X_FORWARDED_FOR")
# The largest file an import accepts (an upload, or a file of a LinkedIn ZIP), in bytes.
RAPPORT_IMPORT_MAX_BYTES = env.whole_number(
    "RAPPORT_IMPORT_MAX_BYTES", 200 * 1024 * 1024, minimum=1
)


def _site_url() -> str:
    return env.site_address("RAPPORT_SITE_URL", "http://127.0.0.1:8000")


# The site's address as members reach it, for the links in mail: the worker that sends
# mail has no request to read it from.
RAPPORT_SITE_URL = _site_url()
# Served under a path of its host (https://example.org/rapport, docs/deploy.md), every
# address Rapport writes starts with it. Django's script prefix is fixed from the one
# setting rather than read from a proxy's SCRIPT_NAME header: the worker, which writes
# the mail, never sees a request (Django ticket #34028), and gunicorn drops a header
# with an underscore in its name. The proxy passes the rest of the path; one that
# passes it whole is served too (rapport/operations/site_path.py).
_site_path = urlsplit(RAPPORT_SITE_URL).path  # "" at the root of its host
FORCE_SCRIPT_NAME = _site_path or None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # intcomma: counts of thousands read "30,000", as every form's limits do.
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    # Installed in every mode, though only production queues on RQ: its migrations (the
    # staff dashboard's permission) must be applied by the `rapport migrate` that
    # docs/deploy.md runs without --production, or `serve --production` would ask for
    # a migration that no `rapport migrate` applies.
    "django_rq",
    "ninja",
    "rapport.web",
    "rapport.members",
    "rapport.network",
    "rapport.conversations",
    "rapport.keeper",
    "rapport.ego",
    "rapport.imports",
    "rapport.audit",
    "rapport.introductions",
    "rapport.asks",
    "rapport.gatherings",
    "rapport.coffee",
    "rapport.safety",
    "rapport.notifications",
    "rapport.photos",
    "rapport.seeding",
    "rapport.operations",
    "rapport.demo",
]

MIDDLEWARE = [
    # Outermost: every response, redirects and errors too, gets a request id and a log line.
    "rapport.operations.middleware.AccessLog",
    "rapport.operations.middleware.DatabaseUnavailable",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Django's, reading the session and its member with one prepared query
    # (rapport/members/sessions.py).
    "rapport.members.sessions.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, then the member's time zone for the rest of the request
    # (rapport/members/time_zones.py).
    "rapport.members.time_zones.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-csp's, with the settings' policy built once (rapport/web/content_security_policy.py).
    "rapport.web.content_security_policy.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "rapport.web.not_found.NotFoundAsHttp404",
]

ROOT_URLCONF = "rapport.urls"
WSGI_APPLICATION = "rapport.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # After Django's own: the same token, masked in one read of randomness.
                "rapport.web.csrf_tokens.csrf",
            ],
            "string_if_invalid": "",
            # {% url %} that remembers argument-free addresses (same output, faster).
            "builtins": ["rapport.web.templatetags.rapport_urls"],
        },
    }
]

_database_url = env.database_url("DATABASE_URL")
# Read whatever the database, so a slip shows before the day PostgreSQL is set up.
_db_connect_timeout = env.whole_number("RAPPORT_DB_CONNECT_TIMEOUT", 3, minimum=1, unit="seconds")
if RAPPORT_PRODUCTION and not (_database_url or "").startswith(("postgres://", "postgresql://")):
    raise SystemExit(
        "Production mode needs PostgreSQL: set DATABASE_URL=postgres://USER@HOST:5432/NAME "
        "(SQLite serves one person or a demo, not several web processes)."
    )
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Django's backend, with a check of kept connections that needs no round trip
        # (rapport/operations/postgresql/base.py).
        DATABASES["default"]["ENGINE"] = "rapport.operations.postgresql"
        # An unreachable database must fail a request within seconds (a 503), not hang it;
        # in production a connection kept between requests is checked before reuse, so a
        # restarted server costs no request an error.
        DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = _db_connect_timeout
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = RAPPORT_PRODUCTION
    # One test database per test run, so two runs on one server never collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_rapport_{os.getpid()}"}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "rapport.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE: a transaction that will write takes the write lock at
                # BEGIN, so two accepts cannot both read "below the cap" and then
                # both write. SQLite's stand-in for PostgreSQL's row locks.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "members.Member"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    # Django's default compares with first_name and last_name, which Member leaves
    # empty: the full name is ``name``.
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "name", "email")},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The API's maxLength for passwords (rapport/members/passwords.py).
    {"NAME": "rapport.members.passwords.MaximumLengthValidator"},
]
# ModelBackend with the signed-in member read by one prepared query; Django's own stays
# listed so that sessions signed in through it remain valid (rapport/members/backends.py).
AUTHENTICATION_BACKENDS = [
    "rapport.members.backends.MemberBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Each member's home page, kept between the changes it shows (rapport/web/home_pages.py)
# in each process's memory: about 7 KB a page, so 5,000 pages keep a web worker within
# its memory budget (docs/deploy.md).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "home": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "rapport-home",
        "OPTIONS": {"MAX_ENTRIES": env.whole_number("RAPPORT_HOME_PAGES_KEPT", 5000, minimum=1)},
    },
}

# A "forgot your password?" link works once, for an hour, not Django's three days: it
# travels by plain email and opens the whole account, and a mailbox read later (a
# shared computer, a forwarded message, a breach) should find it dead. An hour is
# enough to read the mail; asking again costs a minute (docs/security.md).
PASSWORD_RESET_TIMEOUT = 60 * 60
# A link that confirms a new email address works for a day. It opens nothing but the
# change the member already asked for with their password, so it need not die within
# the hour as a reset link must; and the new mailbox (a work address, a partner's) may
# only be read the next morning. Asking again costs one click (docs/security.md).
EMAIL_CONFIRMATION_TIMEOUT = 60 * 60 * 24

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Django's database sessions with the member's id beside them, so that a signed-in
# request reads its session and its member in one query (rapport/members/sessions.py).
SESSION_ENGINE = "rapport.members.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Under a path, the cookies are the path's: another application on the host is never
# sent them, nor overwrites them with its own of the same name.
SESSION_COOKIE_PATH = CSRF_COOKIE_PATH = _site_path or "/"
# A notice for the next page ("Your profile is saved", "We sent a link to <address>")
# waits in the session, under its cookie's path: Django's messages cookie has no path
# setting, so under a path it went to every application on the host, readable.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): everything from this origin, nothing inline.
# No template may carry a style= attribute or an inline <script>; htmx is told not to
# inject styles or evaluate code (base.html). tests/security/ holds the site to it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
# Where Django writes a date itself (the admin), as the site writes it.
FORMAT_MODULE_PATH = ["rapport.formats"]

# Relative, so Django puts the script prefix before it: /rapport/static/ under a path.
# Spelt out under one, so that a thread that never set the prefix (the worker's) says
# it too; whitenoise takes FORCE_SCRIPT_NAME off again to find the files.
STATIC_URL = f"{_site_path}/static/" if _site_path else "static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise warns about a missing STATIC_ROOT; the folder exists from the first start.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve straight from the apps' static folders: no collectstatic step for `make demo`.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {
    "default": {
        "BACKEND": env.dotted_path("RAPPORT_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env.dotted_path(
    "RAPPORT_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# SMTP, used when RAPPORT_EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env.host_name("RAPPORT_EMAIL_HOST", "localhost")
EMAIL_PORT = env.whole_number("RAPPORT_EMAIL_PORT", 25, minimum=1, maximum=65535)
EMAIL_HOST_USER = env.text("RAPPORT_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.text("RAPPORT_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.flag("RAPPORT_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env.mail_sender("RAPPORT_EMAIL_FROM", "Rapport <rapport@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.log_level("RAPPORT_LOG_LEVEL", "WARNING")},
}

# Production mode: PostgreSQL, RQ on Redis, whitenoise's collected files, HTTPS only,
# JSON log lines. `rapport serve --production` and docs/deploy.md tell the rest.
REDIS_URL = env.redis_url("REDIS_URL", "redis://127.0.0.1:6379/0")
# Redis being down must not hold a request: the outbox keeps the task meanwhile.
_REDIS_TIMEOUTS = "socket_connect_timeout=1&socket_timeout=2"
RQ_QUEUES = {
    "default": {
        "URL": REDIS_URL
        if "timeout=" in REDIS_URL
        else REDIS_URL + ("&" if "?" in REDIS_URL else "?") + _REDIS_TIMEOUTS,
        "DEFAULT_TIMEOUT": 3600,
    }
}
# HTTPS settings, read in every mode so `rapport check` finds a slip before production does.
_ssl_redirect = env.flag("RAPPORT_SSL_REDIRECT", True)
_hsts_seconds = env.whole_number("RAPPORT_HSTS_SECONDS", 31_536_000, unit="seconds")
_hsts_include_subdomains = env.flag("RAPPORT_HSTS_INCLUDE_SUBDOMAINS")
_trust_x_forwarded_proto = env.flag("RAPPORT_TRUST_X_FORWARDED_PROTO")
if RAPPORT_PRODUCTION:
    if not os.environ.get("RAPPORT_TASK_BACKEND"):
        # Written to PostgreSQL in the caller's transaction, relayed to RQ by the worker.
        TASKS = {"default": {"BACKEND": "rapport.operations.outbox.OutboxBackend"}}
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    WHITENOISE_USE_FINDERS = False
    SECURE_SSL_REDIRECT = _ssl_redirect
    # Load balancers probe over plain HTTP. Matched against the path with the script
    # prefix, without its leading slash: "rapport/health" under a path.
    _health = f"{_site_path.lstrip('/')}/health" if _site_path else "health"
    SECURE_REDIRECT_EXEMPT = [rf"^{re.escape(_health)}$"]
    SECURE_HSTS_SECONDS = _hsts_seconds
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _hsts_include_subdomains
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    if _trust_x_forwarded_proto:
        # Only behind a proxy that overwrites the header; gunicorn already trusts its
        # own FORWARDED_ALLOW_IPS (127.0.0.1 by default) without this.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    LOGGING = {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "rapport.operations.logs.JsonLinesFormatter"}},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json",
                "stream": "ext://sys.stdout",
            }
        },
        "root": {"handlers": ["console"], "level": env.log_level("RAPPORT_LOG_LEVEL", "INFO")},
    }
