"""The station's key: made once, kept private, known by a short fingerprint."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from daihoi.record import RecordError, StationKey
from daihoi.record.key import check_signature, fingerprint_of


def test_it_creates_the_key_file_readable_by_its_owner_only(tmp_path: Path) -> None:
    key = StationKey.load_or_create(tmp_path / "station.key")
    mode = stat.S_IMODE((tmp_path / "station.key").stat().st_mode)
    assert mode == 0o600
    assert (tmp_path / "station.key").read_text() == key.seed.hex() + "\n"
    assert [p.name for p in tmp_path.iterdir()] == ["station.key"]  # no temporary left


def test_it_loads_the_same_key_again(tmp_path: Path) -> None:
    first = StationKey.load_or_create(tmp_path / "station.key")
    again = StationKey.load_or_create(tmp_path / "station.key")
    assert again.public_hex == first.public_hex
    assert again.fingerprint == first.fingerprint == fingerprint_of(first.public_hex)


def test_a_signature_checks_with_its_key_and_not_another(tmp_path: Path) -> None:
    key = StationKey.load_or_create(tmp_path / "a.key")
    other = StationKey.load_or_create(tmp_path / "b.key")
    signature = key.sign(b"message").hex()
    assert check_signature(key.public_hex, b"message", signature)
    assert not check_signature(other.public_hex, b"message", signature)
    assert not check_signature(key.public_hex, b"messagf", signature)
    assert not check_signature(key.public_hex, b"message", "zz")


def test_a_file_that_is_not_a_key_is_refused_with_its_name(tmp_path: Path) -> None:
    (tmp_path / "station.key").write_text("not a seed\n")
    with pytest.raises(RecordError, match="không chứa khoá"):
        StationKey.load_or_create(tmp_path / "station.key")


def test_the_seed_never_shows_in_its_repr() -> None:
    key = StationKey.from_seed(bytes(range(32)))
    assert key.seed.hex() not in repr(key)
    assert key.fingerprint in repr(key)
