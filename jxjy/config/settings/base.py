"""Settings shared by every environment. Everything that differs between machines comes from
the environment (see .env.example); a bad value stops start-up with a message naming it."""

from datetime import timedelta
from pathlib import Path

import dj_database_url

from jxjy.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parents[3]
DATA_DIR = Path(env_str("JXJY_DATA_DIR", str(BASE_DIR / "data")))

# The development default keeps `make run` a one-step affair; production.py refuses to start without one.
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-3c7f0a9e1b2d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e")
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("JXJY_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("JXJY_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "jxjy.regions",
    "jxjy.organizations",
    "jxjy.people",
    "jxjy.access",
    "jxjy.audit",
    "jxjy.catalogue",
    "jxjy.rules",
    "jxjy.records",
    "jxjy.compliance",
    "jxjy.proofs",
    "jxjy.imports",
    "jxjy.jobs",
    "jxjy.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "jxjy.config.middleware.ApiJsonErrorsMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "jxjy.access.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout raised during authentication into a response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jxjy.config.urls"
WSGI_APPLICATION = "jxjy.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jxjy" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jxjy.access.context_processors.roles",
            ],
        },
    },
]


def _database_from_url(url: str) -> dict:
    config = dj_database_url.parse(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN, so
        # two writers queue (for `timeout` seconds) instead of failing halfway through a transaction.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return config


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'jxjy.sqlite3'}")
DATABASES = {"default": _database_from_url(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "access.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "access:login"
LOGIN_REDIRECT_URL = "access:home"
LOGOUT_REDIRECT_URL = "access:login"

# Lock a login name out after repeated failures, whatever address they come from.
AXES_FAILURE_LIMIT = env_int("JXJY_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("JXJY_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "jxjy.access.auth.login_name_from_request"
AXES_LOCKOUT_TEMPLATE = "access/locked_out.html"
AXES_VERBOSE = False

# Sessions end after 30 minutes idle (the cookie is renewed on every request) and 12 hours in all
# (SessionLifetimeMiddleware).
SESSION_COOKIE_AGE = env_int("JXJY_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
JXJY_SESSION_MAX_SECONDS = env_int("JXJY_SESSION_MAX_SECONDS", 12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "zh-hans"
FORMAT_MODULE_PATH = ["jxjy.config.formats"]  # "200,000" where a page groups digits
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "jxjy" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "jxjy" / "static"]
WHITENOISE_USE_FINDERS = True

X_FRAME_OPTIONS = "DENY"

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
NINJA_PAGINATION_CLASS = "jxjy.config.pagination.BoundedLimitOffset"

# The platform's own jurisdiction: the GB/T 2260 code of the autonomous region it serves.
JXJY_JURISDICTION = env_str("JXJY_JURISDICTION", "650000")

# Audit chain. The key never enters the database: with database access alone nobody can recompute
# a valid chain. Checkpoints (sequence, head) go to a file outside the database.
JXJY_AUDIT_KEY = env_str("JXJY_AUDIT_KEY", "dev-only-audit-key-9f8e7d6c5b4a39281706f5e4d3c2b1a0")
JXJY_AUDIT_CHECKPOINT_FILE = Path(
    env_str("JXJY_AUDIT_CHECKPOINT_FILE", str(DATA_DIR / "audit-checkpoints.jsonl"))
)
JXJY_AUDIT_CHECKPOINT_EVERY = env_int("JXJY_AUDIT_CHECKPOINT_EVERY", 100, minimum=1)

# Files people upload as evidence, and the hours proofs issued, live outside the database under
# random names; they are served only through views that check scope (evidence) or the code (proofs).
JXJY_EVIDENCE_DIR = Path(env_str("JXJY_EVIDENCE_DIR", str(DATA_DIR / "evidence")))
JXJY_EVIDENCE_MAX_BYTES = env_int("JXJY_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)
JXJY_PROOFS_DIR = Path(env_str("JXJY_PROOFS_DIR", str(DATA_DIR / "proofs")))
# Import files (XLSX or CSV) larger than this are refused before they are read.
JXJY_IMPORT_MAX_BYTES = env_int("JXJY_IMPORT_MAX_BYTES", 200 * 1024 * 1024, minimum=1024)
# A list export longer than this runs as a background job (progress bar, file to download when
# done) instead of in the request: a million-row XLSX takes about half a minute to build.
JXJY_EXPORT_INLINE_ROWS = env_int("JXJY_EXPORT_INLINE_ROWS", 20_000, minimum=0)
# Days a finished job's files (the upload with its ID numbers, the reports, an export's file) are
# kept for download; then `jobs_purge` deletes them. The job's row and audit entries stay.
JXJY_JOB_FILES_DAYS = env_int("JXJY_JOB_FILES_DAYS", 30, minimum=1)
# The address printed in proofs' QR codes: where the public reaches /verify/<code>.
JXJY_PUBLIC_BASE_URL = env_str("JXJY_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Upload size the framework accepts at all (evidence limit plus form overhead).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Background jobs (imports, big exports): queued in the database, run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("JXJY_LOG_LEVEL", "INFO")},
}

SILENCED_SYSTEM_CHECKS = [
    # Lockout is by login name on purpose: a whole unit often shares one public address behind NAT,
    # and locking that address would lock out every colleague of whoever mistyped a password.
    "axes.W006",
]
