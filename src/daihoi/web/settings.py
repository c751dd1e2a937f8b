"""Django settings, read only from the environment; with none set: SQLite in ./var, debug on.

See ``.env.example`` for every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envstr(name: str, default: str) -> str:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value is None or value == "" else int(value)


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(envstr("DAIHOI_DATA_DIR", str(Path.cwd() / "var")))

DEBUG = envbool("DAIHOI_DEBUG", True)
SECRET_KEY = envstr("DAIHOI_SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = envstr("DAIHOI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "treebeard",
    "daihoi.web.core",
    "daihoi.web.accounts",
    "daihoi.web.orgs",
    "daihoi.web.audit",
    "daihoi.web.season",
    "daihoi.web.groups",
    "daihoi.web.dashboard",
    "daihoi.web.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "daihoi.web.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says otherwise (login, language switch).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "daihoi.web.urls"
WSGI_APPLICATION = "daihoi.web.wsgi.application"

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
                "daihoi.web.core.context_processors.navigation",
            ],
        },
    },
]

_sqlite_default = f"sqlite:///{DATA_DIR / 'daihoi.sqlite3'}"
DATABASE_URL = envstr("DATABASE_URL", _sqlite_default)
if not os.environ.get("DATABASE_URL"):
    # The embedded default needs no setup at all: its folder is made on first use.
    DATA_DIR.mkdir(parents=True, exist_ok=True)
# Seconds a database connection is kept for the next request. 0 (the default) closes it after
# each request: Django's development server opens a thread per request, and kept connections
# would pile up until PostgreSQL refuses new ones. Behind gunicorn or uwsgi, 60 saves a connect.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=envint("DAIHOI_DB_CONN_MAX_AGE", 0), conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# dd/mm/yyyy and 1.234,5 (core/formats/vi overrides Django's "d-m-Y" for Vietnamese).
FORMAT_MODULE_PATH = ["daihoi.web.core.formats"]
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# Login throttling: this many failures for one username from one address lock it for this long.
LOGIN_FAILURE_LIMIT = envint("DAIHOI_LOGIN_FAILURE_LIMIT", 5)
LOGIN_LOCK_MINUTES = envint("DAIHOI_LOGIN_LOCK_MINUTES", 15)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("DAIHOI_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# Largest organisation file accepted for import.
ORG_IMPORT_MAX_BYTES = envint("DAIHOI_ORG_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ORG_IMPORT_MAX_BYTES + 1024 * 1024
