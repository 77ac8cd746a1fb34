"""Settings, all read from the environment (12-factor); production-safe when DEBUG is off."""

from pathlib import Path

import django.conf.locale
import environ
from csp.constants import NONE, SELF
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str(
    "SECRET_KEY",
    # Only development may run with a known key; production must set its own.
    default="insecure-development-key-do-not-use-in-production" if DEBUG else environ.Env.NOTSET,
)
if not DEBUG and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to at least 50 random characters when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'nyinorge.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Norway's synthetic test population uses birth month + 40 (NAV) or + 80 (Skatteetaten/Tenor).
# Real registers must refuse them, so only test and demo environments switch this on.
ALLOW_SYNTHETIC_IDENTITY_NUMBERS = env.bool("ALLOW_SYNTHETIC_IDENTITY_NUMBERS", default=DEBUG)

# The interpreter register's qualification categories: which versioned rule table computes them
# (nyinorge/interpreters/categories.py; "2020-12" = categories A–E, the register's current naming), and
# optional labels per category code, e.g. INTERPRETER_CATEGORY_LABELS="A=Kategori A,B=Kategori B".
INTERPRETER_CATEGORY_RULES = env.str("INTERPRETER_CATEGORY_RULES", default="2020-12")
INTERPRETER_CATEGORY_LABELS = env.dict("INTERPRETER_CATEGORY_LABELS", default={})

INSTALLED_APPS = [
    "nyinorge.core.admin_apps.NyinorgeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_tasks",
    "django_tasks.backends.database",  # the queue's table (DBTaskResult) for the database backend
    "csp",  # django-csp: its system checks (legacy CSP_* settings)
    "ninja",  # its Swagger UI template and static files, so /api/docs needs no CDN
    "nyinorge.core",
    "nyinorge.settlement",
    "nyinorge.register",
    "nyinorge.interpreters",
    "nyinorge.statistics",
    "nyinorge.synthetic",
    "nyinorge.grants",
    "nyinorge.competence",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "nyinorge.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Staff pages stay in bokmål or English whatever the resident-facing languages a browser asks for.
    "nyinorge.competence.middleware.StaffLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "nyinorge.core.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nyinorge.urls"
WSGI_APPLICATION = "nyinorge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "nyinorge.core.context_processors.shell",
            ],
        },
    },
]

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after repeated failures (django-axes): per user name and client address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Optional OpenID Connect login (ID-porten, Entra ID, ...): on when a client id is configured.
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    # The core backend (provisioned staff only) plus self-registration for interpreters who start from their page.
    AUTHENTICATION_BACKENDS.append("nyinorge.interpreters.oidc.InterpreterSignupOIDCBackend")
    OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
    OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
    OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid profile email")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
    OIDC_OP_LOGOUT_ENDPOINT = env.str("OIDC_OP_LOGOUT_ENDPOINT", default="")
    # Claim that identifies the user: "email", or "pid" (the fødselsnummer ID-porten sends).
    OIDC_USERNAME_CLAIM = env.str("OIDC_USERNAME_CLAIM", default="email")
    OIDC_CREATE_USER = False  # users are provisioned with an organisation and roles first
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="ID-porten")

LANGUAGE_CODE = "nb"
# The staff pages offer bokmål and English; the residents' pages (Kompass, `competence.resident_i18n`) all ten.
STAFF_LANGUAGES = [("nb", _("Norwegian bokmål")), ("en", _("English"))]
LANGUAGES = [*STAFF_LANGUAGES, ("ar", _("Arabic")), ("prs", _("Dari")), ("ps", _("Pashto")), ("ti", _("Tigrinya")),
             ("so", _("Somali")), ("uk", _("Ukrainian")), ("kmr", _("Kurmanji")), ("ckb", _("Sorani"))]
# Django's LANG_INFO lacks these; each named in its own script (the resident's language menu shows name_local).
django.conf.locale.LANG_INFO.update({
    "prs": {"bidi": True, "code": "prs", "name": "Dari", "name_local": "دری"},
    "ps": {"bidi": True, "code": "ps", "name": "Pashto", "name_local": "پښتو"},
    "ti": {"bidi": False, "code": "ti", "name": "Tigrinya", "name_local": "ትግርኛ"},
    "so": {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"},
    "kmr": {"bidi": False, "code": "kmr", "name": "Kurmanji", "name_local": "Kurmancî"},
    "ckb": {"bidi": True, "code": "ckb", "name": "Sorani", "name_local": "کوردیی ناوەندی"},
})
# Written right to left (`<html dir>` in base.html): Django's list (Arabic, Hebrew, Persian, Sorani, Uyghur, Urdu)
# and the refugee-facing languages coming next that it lacks: Pashto and Dari (`prs`). See TRANSLATING.md.
LANGUAGES_BIDI = [*global_settings.LANGUAGES_BIDI, *(code for code in ("ps", "prs", "ckb")
                                                      if code not in global_settings.LANGUAGES_BIDI)]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Optional translation of a resident's free-text answers to bokmål for staff (never the interface): "none", or the
# dotted path of a callable (text, source_language) -> str; see `competence.translators`.
COMPETENCE_TRANSLATOR = env.str("COMPETENCE_TRANSLATOR", default="none")
LANGUAGE_COOKIE_NAME = "nyinorge_language"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and env.bool("STATIC_MANIFEST", default=True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or not env.bool("STATIC_MANIFEST", default=True)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
# No email is sent inside a request or a transaction any more (they are tasks), but a mail server that hangs must
# not hold a worker for ever either.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="nyinorge <noreply@nyinorge.invalid>")
# Links in emails (sent by commands, outside any request) need the public address of the site.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Background tasks (django-tasks, see the README): stored in the database, run by `nyinorge db_worker`.
# TASK_BACKEND=immediate runs each task inside the call that queues it (tests; a setup without a worker).
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks.backends.database.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[env.str("TASK_BACKEND", default="database")],
    },
}
# Retries of the tasks that are safe to repeat (emails): TASK_MAX_ATTEMPTS in all, waiting 1, 2, 4, ... minutes.
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=5)
TASK_RETRY_BASE_SECONDS = env.int("TASK_RETRY_BASE_SECONDS", default=60)
TASK_RETRY_MAX_SECONDS = env.int("TASK_RETRY_MAX_SECONDS", default=3600)
# "Foreslå tildelinger": at most this many solver runs queued or running at once (a further start is refused);
# a running run whose worker has not written a heartbeat for this long is marked failed by the sweeper.
SETTLEMENT_SUGGESTION_MAX_CONCURRENT_RUNS = env.int("SETTLEMENT_SUGGESTION_MAX_CONCURRENT_RUNS", default=1)
SETTLEMENT_SUGGESTION_STALE_SECONDS = env.int("SETTLEMENT_SUGGESTION_STALE_SECONDS", default=300)
# The per-capita grants' instalments: their payment dates in each budget year ("MM-DD"), four by default.
GRANT_INSTALMENT_DATES = env.list("GRANT_INSTALMENT_DATES", default=["03-20", "06-20", "09-20", "12-10"])

# Interpreter register: documents applicants upload live outside the web root and are served only by an
# access-checked, audited view; the external sources (population register, contact register, diploma portal,
# university results) are "fake" (development, tests), "none" (not connected) or a dotted factory path.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
INTERPRETER_DOCUMENT_MAX_BYTES = env.int("INTERPRETER_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)
INTERPRETER_SOURCES = env.str("INTERPRETER_SOURCES", default="fake" if ALLOW_SYNTHETIC_IDENTITY_NUMBERS else "none")
# The interpreter's own login: local accounts in development; in production through OIDC (ID-porten).
INTERPRETER_LOCAL_SIGNUP = env.bool("INTERPRETER_LOCAL_SIGNUP", default=DEBUG)
# Organisations applying for grants: a local signup with a password in development; in production their users log in
# through ID-porten/Altinn (OIDC, see `grants.oidc`).
GRANTS_LOCAL_SIGNUP = env.bool("GRANTS_LOCAL_SIGNUP", default=DEBUG)

# Security headers. Content-Security-Policy (django-csp 4): only our own scripts and styles, nothing inline
# and no nonces, so no template needs one. A response that sets its own header (the sandboxed document view) keeps it.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *([env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")] if OIDC_ENABLED else [])],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "nyinorge.core.middleware.RequestIdLogFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools log every step of every PDF at INFO; only their problems matter here.
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"},
                # The worker logs each task's start and end; through our handler once (not a second one of its own).
                "django_tasks": {"level": "INFO", "handlers": ["console"], "propagate": False}},
}
