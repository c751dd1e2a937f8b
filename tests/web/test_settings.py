"""Settings as a new station or server starts: no configuration needed, mistakes refused."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.decorators import login_not_required
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import path

SHOW = (
    "import django, json; from django.conf import settings as s; "
    "print(json.dumps({'debug': s.DEBUG, 'key': s.SECRET_KEY, 'db': s.DATABASES['default']}))"
)


def start(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DAIHOI_", "DATABASE_URL"))}
    clean |= {
        "DAIHOI_DATA_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "daihoi.web.settings",
    }
    clean |= env
    return subprocess.run(
        [sys.executable, "-c", SHOW], env=clean, capture_output=True, text=True, timeout=60
    )


def test_a_first_start_writes_a_private_random_key_and_keeps_it(tmp_path: Path) -> None:
    first = start(tmp_path)
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    assert len(key) >= 50 and f'"key": "{key}"' in first.stdout
    again = start(tmp_path)
    assert f'"key": "{key}"' in again.stdout  # sessions survive a restart
    other = start(tmp_path / "elsewhere")
    assert f'"key": "{key}"' not in other.stdout


def test_debug_is_off_unless_asked_for(tmp_path: Path) -> None:
    assert '"debug": false' in start(tmp_path).stdout
    assert '"debug": true' in start(tmp_path, DAIHOI_DEBUG="yes").stdout


@pytest.mark.parametrize("value", ["ture", "2", "bật"])
def test_a_mistyped_yes_no_setting_stops_the_start_with_its_name(
    tmp_path: Path, value: str
) -> None:
    result = start(tmp_path, DAIHOI_DEBUG=value)
    assert result.returncode != 0
    assert "DAIHOI_DEBUG" in result.stderr and "true/false" in result.stderr


def test_the_old_built_in_key_is_refused(tmp_path: Path) -> None:
    result = start(tmp_path, DAIHOI_SECRET_KEY="dev-only-insecure-key-change-me")
    assert result.returncode != 0 and "khoá mẫu cũ" in result.stderr


def test_sqlite_waits_for_a_busy_writer_instead_of_failing(tmp_path: Path) -> None:
    result = start(tmp_path)
    assert '"transaction_mode": "IMMEDIATE"' in result.stdout
    assert "journal_mode=WAL" in result.stdout and '"timeout": 30' in result.stdout


@login_not_required
def _broken(request):  # type: ignore[no-untyped-def]
    raise RuntimeError("a bug in a view")


urlpatterns = [path("broken/", _broken)]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_server_error_shows_a_plain_vietnamese_page(db) -> None:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "máy chủ gặp lỗi" in page and "không bị mất" in page
    assert "a bug in a view" not in page and "Traceback" not in page
    assert "Yêu cầu không hợp lệ" in render_to_string("400.html")
