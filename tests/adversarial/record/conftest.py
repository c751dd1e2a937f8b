"""Fixtures of the bundle campaign: the published sample (its key's seed is public) and a
bundle counted through the real station (its throw-away key kept by
``scripts/make_example_bundle.py --key FILE``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.adversarial.record._bundle import ROOT, Bundle, Run

VIETNAMESE = re.compile(
    r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE
)


def refused(run: Run, *needles: str, code: int = 3) -> None:
    """Exit ``code`` (3: a thing that does not hold), a Vietnamese message naming each needle,
    never a traceback."""
    assert "Traceback" not in run.text, run.text
    assert run.code == code, f"exit {run.code}, expected {code}:\n{run.text}"
    assert VIETNAMESE.search(run.text), f"message not in Vietnamese: {run.text!r}"
    for needle in needles:
        assert needle in run.text, f"message does not name {needle!r}:\n{run.text}"


def passes(run: Run, *needles: str) -> None:
    assert "Traceback" not in run.text, run.text
    assert run.code == 0, f"exit {run.code}, expected 0:\n{run.text}"
    for needle in needles:
        assert needle in run.text, f"summary does not name {needle!r}:\n{run.text}"


@pytest.fixture
def sample() -> Bundle:
    return Bundle.from_zip()


@pytest.fixture(scope="session")
def station_made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes, str]:
    """(zip, seed, fingerprint) of a bundle counted through the real station (~30 s)."""
    base = tmp_path_factory.mktemp("station")
    tmp = base / "tmp"
    tmp.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), TMPDIR=str(tmp))
    key_file = base / "station.key"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "make_example_bundle.py"),
            str(base),
            "--key",
            str(key_file),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=600,
    )
    zips = list(base.glob("*.bundle.zip"))
    assert len(zips) == 1 and key_file.exists(), zips
    assert list(tmp.iterdir()) == [], "the script left its station's folder behind"
    seed = bytes.fromhex(key_file.read_text().strip())
    fingerprint = next(base.glob("*.fingerprint")).read_text().strip()
    return zips[0], seed, fingerprint


@pytest.fixture
def station(station_made: tuple[Path, bytes, str]) -> Bundle:
    path, seed, _ = station_made
    return Bundle.from_zip(path, seed)
