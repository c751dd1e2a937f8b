"""Where uploaded files (ballot images) are stored: local files by default, S3 when configured.

The settings are read in a fresh process each time, as a server starts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SHOW = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import storages
storage = storages["default"]
kind = type(storage)
shown = {"backend": kind.__module__ + "." + kind.__name__, "setting": settings.STORAGES["default"]}
if hasattr(storage, "bucket_name"):
    shown |= {"bucket": storage.bucket_name, "endpoint": storage.endpoint_url,
              "prefix": storage.location, "url": storage.url("lo/ab12.png")}
else:
    shown["location"] = str(storage.location)
print(json.dumps(shown, default=str))
"""


def settings_with(tmp_path: Path, **env: str) -> dict[str, object]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DAIHOI_", "DATABASE_URL"))}
    clean = {k: v for k, v in clean.items() if not k.startswith("AWS_")}
    clean |= {
        "DAIHOI_DATA_DIR": str(tmp_path / "var"),
        "DJANGO_SETTINGS_MODULE": "daihoi.web.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", SHOW], env=clean | env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_stores_files_under_the_data_folder_by_default(tmp_path: Path) -> None:
    shown = settings_with(tmp_path)
    assert shown["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert shown["location"] == str(tmp_path / "var" / "media")


def test_a_bucket_switches_to_s3_compatible_storage(tmp_path: Path) -> None:
    pytest.importorskip("boto3")
    shown = settings_with(
        tmp_path,
        DAIHOI_S3_BUCKET="phieu-bau",
        DAIHOI_S3_ENDPOINT_URL="http://minio.tinh.local:9000",
        DAIHOI_S3_REGION="us-east-1",
        DAIHOI_S3_ACCESS_KEY="khoa-truy-cap",
        DAIHOI_S3_SECRET_KEY="bi-mat",
        DAIHOI_S3_ADDRESSING_STYLE="path",
        DAIHOI_S3_PREFIX="daihoi",
    )
    assert shown["backend"] == "storages.backends.s3.S3Storage"
    assert (shown["bucket"], shown["endpoint"], shown["prefix"]) == (
        "phieu-bau",
        "http://minio.tinh.local:9000",
        "daihoi",
    )
    # Ballot images are never public: every link is signed and expires (made offline).
    url = str(shown["url"])
    assert url.startswith("http://minio.tinh.local:9000/phieu-bau/daihoi/lo/ab12.png?")
    assert "Signature=" in url and "Expires=" in url
    assert "bi-mat" not in url
