"""The results record's tests: a station counts the example congress of ``examples/`` into a
bundle (``daihoi_testsupport.recordsample``); Mallory, who took the station's laptop and its
key, then changes it in the ways the tests name."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from daihoi.record import Recorder, StationKey
from daihoi.record.bundle import LOG, MANIFEST, ZIP_TIME, signed_manifest
from daihoi.record.log import Head, read_log
from daihoi_testsupport.recordsample import CONGRESS, SampleCount, count_sample

SCANNED = "rounds/q1-bch-2025-1/"
TYPED = "rounds/q1-bithu-2025-1/"


@dataclass
class Counted:
    folder: Path
    key: StationKey
    recorder: Recorder
    done: SampleCount


@pytest.fixture(scope="session")
def station_key() -> StationKey:
    return StationKey.from_seed(bytes(range(32)))


@pytest.fixture(scope="session")
def other_key() -> StationKey:
    return StationKey.from_seed(bytes(range(1, 33)))


def count_into(folder: Path, key: StationKey, **options: Any) -> Counted:
    recorder = Recorder([folder], key, CONGRESS)
    done = count_sample(recorder, **options)
    return Counted(folder, key, recorder, done)


@pytest.fixture(scope="session")
def counted_master(tmp_path_factory: pytest.TempPathFactory, station_key: StationKey) -> Counted:
    return count_into(tmp_path_factory.mktemp("master") / "bundle", station_key)


@pytest.fixture
def counted(tmp_path: Path, counted_master: Counted) -> Counted:
    """A copy of the counted congress's bundle folder, free to change."""
    folder = tmp_path / "bundle"
    shutil.copytree(counted_master.folder, folder)
    return Counted(folder, counted_master.key, counted_master.recorder, counted_master.done)


def read_json(folder: Path, name: str) -> Any:
    return json.loads((folder / name).read_text("utf-8"))


def write_json(folder: Path, name: str, value: Any) -> None:
    from daihoi.record.records import json_file

    (folder / name).write_bytes(json_file(value))


def resign(folder: Path, key: StationKey, *, congress: dict[str, str] | None = None) -> None:
    """Mallory writes the manifest again for the files as they are now, signed with ``key``."""
    manifest = read_json(folder, MANIFEST)["manifest"]
    head = Head(manifest["head"]["n"], manifest["head"]["hash"])
    files = {}
    for name in manifest["files"]:
        path = folder / name
        if path.exists():
            from daihoi.record.canonical import sha256_hex

            data = path.read_bytes()
            files[name] = (sha256_hex(data), len(data))
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_file() and name not in (LOG, MANIFEST) and name not in files:
            from daihoi.record.canonical import sha256_hex

            files[name] = (sha256_hex(path.read_bytes()), path.stat().st_size)
    (folder / MANIFEST).write_bytes(
        signed_manifest(key, congress or manifest["congress"], head, files)
    )


def edit_records(folder: Path, change: Callable[[list[dict[str, Any]]], None]) -> None:
    data = read_json(folder, SCANNED + "records.json")
    change(data["records"])
    write_json(folder, SCANNED + "records.json", data)


def log_lines(folder: Path) -> list[bytes]:
    return (folder / LOG).read_bytes().splitlines(keepends=True)


def entries(folder: Path) -> list[Any]:
    return list(read_log((folder / LOG).read_bytes()).entries)


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, data in files.items():
            bundle.writestr(zipfile.ZipInfo(name, ZIP_TIME), data)
    return out.getvalue()


def unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}
