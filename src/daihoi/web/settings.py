"""Django settings, read only from the environment; with none set: SQLite in ./var, debug on.

See ``.env.example`` for every variable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def envbool(name: str, default: bool) -> bool:
    """A yes/no setting; a value that is neither (``ture``, ``2``) stops the start with its name."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: cần true/false (hoặc 1/0, yes/no, on/off)")


def envstr(name: str, default: str) -> str:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: cần một số nguyên") from None


# The key shipped by early versions; a server started with it could have its sessions forged.
_OLD_BUILT_IN_KEY = "dev-only-insecure-key-change-me"


def secret_key(data_dir: Path) -> str:
    """``DAIHOI_SECRET_KEY``, else a random key kept in ``<data>/secret_key`` (mode 0600).

    The first start writes the file, so a station or a demo needs no configuration and its
    sessions survive a restart. Only the old built-in key is refused.
    """
    key = os.environ.get("DAIHOI_SECRET_KEY", "").strip()
    path = data_dir / "secret_key"
    if not key:
        try:
            key = path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            key = ""
    if not key:
        data_dir.mkdir(parents=True, exist_ok=True)
        new = secrets.token_urlsafe(50)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process (the task worker) wrote it first
            key = path.read_text(encoding="ascii").strip()
        else:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(new + "\n")
            key = new
    if key == _OLD_BUILT_IN_KEY:
        raise ImproperlyConfigured(
            "DAIHOI_SECRET_KEY là khoá mẫu cũ, ai cũng biết: hãy xoá nó (một khoá ngẫu nhiên sẽ được "
            f"tạo trong {path}) hoặc đặt một khoá bí mật khác"
        )
    return key


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(envstr("DAIHOI_DATA_DIR", str(Path.cwd() / "var")))

# Off unless asked for: the demo, a hall station and the central server all run like production.
DEBUG = envbool("DAIHOI_DEBUG", False)
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = [
    h.strip()
    for h in envstr("DAIHOI_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
    if h.strip()
]

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
    "django_tasks",
    "django_tasks_db",
    "daihoi.web.core",
    "daihoi.web.accounts",
    "daihoi.web.orgs",
    "daihoi.web.audit",
    "daihoi.web.season",
    "daihoi.web.groups",
    "daihoi.web.personnel",
    "daihoi.web.documents",
    "daihoi.web.elections",
    "daihoi.web.counting",
    "daihoi.web.imports",
    "daihoi.web.packages",
    "daihoi.web.agenda",
    "daihoi.web.dashboard",
    "daihoi.web.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the app itself (no CDN, no separate web server in a congress hall).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "daihoi.web.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page needs a login unless its view says otherwise (login, language switch).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A counting station's account opens its congress's counting pages only, until the end.
    "daihoi.web.counting.middleware.StationAccountMiddleware",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers at once (the server's threads and the task worker): write-ahead logging so
    # readers never wait, transactions that take the write lock when they begin (no deadlock on
    # upgrade), and a wait instead of "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("DAIHOI_SQLITE_TIMEOUT", 30),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
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
# Only where ``collectstatic`` is run (a large server behind a proxy): set DAIHOI_STATIC_ROOT.
STATIC_ROOT = envstr("DAIHOI_STATIC_ROOT", "") or None
# whitenoise serves the files straight from the packages (no collectstatic step to forget).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Background work (imports of large files, scan batches, reports) runs in the task worker
# (``daihoi web worker``, started by ``daihoi web serve``), never inside a request.
# The address of the central server printed in the public comment round's QR code and poster
# (the page the public opens needs the central server, not a hall station); empty: the address
# the page was asked at.
DAIHOI_PUBLIC_URL = envstr("DAIHOI_PUBLIC_URL", "")
TASKS = {"default": {"BACKEND": envstr("DAIHOI_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}
MEDIA_ROOT = DATA_DIR / "media"
# The results record (docs/bundle.md): the station's signing key, the bundle of each congress
# written as it is counted, and a second copy of it (a USB stick) when DAIHOI_RECORD_COPY names a
# folder (``daihoi web serve --record-copy``).
STATION_KEY_FILE = Path(envstr("DAIHOI_STATION_KEY", str(DATA_DIR / "station.key")))
RECORD_DIR = DATA_DIR / "records"
# The central office's Ed25519 key that signs the congress packages sent to hall stations
# (``docs/package.md``): made on first use, never shown; only its fingerprint is printed.
OFFICE_KEY_FILE = Path(envstr("DAIHOI_OFFICE_KEY", str(DATA_DIR / "office.key")))
RECORD_COPY = envstr("DAIHOI_RECORD_COPY", "")
# Uploaded files (ballot images, imports) go through Django's storage API: local files under
# MEDIA_ROOT, or an S3-compatible bucket (django-storages; boto3 from the ``s3`` extra) when a
# central server sets DAIHOI_S3_BUCKET. Ballot images are secret: the bucket must not be public,
# and links to its files are signed and expire.
S3_BUCKET = envstr("DAIHOI_S3_BUCKET", "")
if S3_BUCKET:
    _default_storage: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": envstr("DAIHOI_S3_ENDPOINT_URL", "") or None,
            "region_name": envstr("DAIHOI_S3_REGION", "") or None,
            "access_key": envstr("DAIHOI_S3_ACCESS_KEY", "") or None,
            "secret_key": envstr("DAIHOI_S3_SECRET_KEY", "") or None,
            # "path" for MinIO and others without bucket names in DNS; unset: boto3 chooses.
            "addressing_style": envstr("DAIHOI_S3_ADDRESSING_STYLE", "") or None,
            "location": envstr("DAIHOI_S3_PREFIX", ""),
            "default_acl": None,  # the bucket's own (private) policy
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    }
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
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
# Largest organisation file accepted for import (its real size, checked by the import form).
ORG_IMPORT_MAX_BYTES = envint("DAIHOI_ORG_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ORG_IMPORT_MAX_BYTES + 1024 * 1024
# Bounds on what a file may become once read (see docs/web.md, "Importing organisations"): data
# rows (the full demo has about 50,000 organisations), and for .xlsx (a zip) the size of its
# parts once decompressed and how much larger a part may be than its compressed form.
ORG_IMPORT_MAX_ROWS = envint("DAIHOI_ORG_IMPORT_MAX_ROWS", 100_000)
ORG_IMPORT_MAX_UNZIPPED_BYTES = envint("DAIHOI_ORG_IMPORT_MAX_UNZIPPED_BYTES", 200 * 1024 * 1024)
ORG_IMPORT_MAX_ZIP_RATIO = envint("DAIHOI_ORG_IMPORT_MAX_ZIP_RATIO", 100)
REMINDER_MAIL = envbool("DAIHOI_REMINDER_MAIL", False)
REMINDER_DAYS = envint("DAIHOI_REMINDER_DAYS", 7)
