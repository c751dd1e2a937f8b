"""What is not a bundle at all is said so, with exit status 2; nothing crashes ``verify``."""

from __future__ import annotations

import os
import random
import zipfile
from io import BytesIO
from pathlib import Path

from daihoi.cli.main import main
from daihoi.record import verify

from .conftest import Counted, unzip, zip_of


def test_random_bytes_are_not_a_bundle() -> None:
    verdict = verify(random.Random(3).randbytes(5000))
    assert verdict.exit_code == 2
    assert verdict.message == "dữ liệu không phải tệp zip của một hồ sơ kết quả"


def test_a_zip_without_manifest_or_log_is_not_a_bundle() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    verdict = verify(out.getvalue())
    assert verdict.exit_code == 2
    assert "không có manifest.json và log.jsonl" in verdict.message


def test_an_empty_folder_and_a_missing_path_are_not_bundles(tmp_path: Path) -> None:
    assert verify(tmp_path).exit_code == 2
    verdict = verify(tmp_path / "nowhere.zip")
    assert verdict.exit_code == 2
    assert verdict.message.startswith("không có tệp hay thư mục")


def test_a_log_of_garbage_alone_is_not_a_bundle(tmp_path: Path) -> None:
    (tmp_path / "log.jsonl").write_bytes(os.urandom(300) + b"\n")
    assert verify(tmp_path).exit_code == 2


def test_garbage_in_place_of_each_file_is_caught_not_a_crash(counted: Counted) -> None:
    files = unzip(counted.recorder.zip())
    for name in files:
        for garbage in (b"", b"{", b"[]", b'{"manifest": 1, "signature": 2}', b"\xff\xfe"):
            verdict = verify(zip_of({**files, name: garbage}))
            assert verdict.exit_code in (2, 3), (name, garbage)


def test_the_command_exits_2_for_garbage_and_3_for_a_broken_bundle(
    counted: Counted, tmp_path: Path, capsys
) -> None:
    (tmp_path / "x.zip").write_bytes(b"garbage")
    assert main(["verify", str(tmp_path / "x.zip")]) == 2
    assert "Không phải hồ sơ kết quả" in capsys.readouterr().err
    (counted.folder / "log.jsonl").write_bytes(b"")
    assert main(["verify", str(counted.folder)]) == 3
    assert "Hồ sơ không đạt: log.jsonl" in capsys.readouterr().err


def test_the_command_prints_the_summary_and_exits_0(counted: Counted, capsys) -> None:
    assert main(["verify", str(counted.folder), "--key", counted.key.fingerprint]) == 0
    out = capsys.readouterr().out
    assert "q1-bch-2025 lần 1: 30 trang quét" in out
    assert f"Khoá của trạm: {counted.key.fingerprint}" in out


def test_the_command_says_partial(counted: Counted, capsys) -> None:
    with open(counted.folder / "log.jsonl", "ab") as out:
        out.write(b'{"data":')
    assert main(["verify", str(counted.folder)]) == 3
    assert "incomplete at entry" in capsys.readouterr().err
    assert main(["verify", str(counted.folder), "--partial"]) == 0
    assert "Hồ sơ dở dang" in capsys.readouterr().out


def test_a_zip_of_a_version_python_cannot_read_is_not_a_bundle(counted: Counted) -> None:
    """One byte of the central directory says "needs zip 6.4" (zipfile then raises
    NotImplementedError while opening it): found by test_properties, now said plainly."""
    raw = bytearray(counted.recorder.zip())
    at = raw.find(b"PK\x01\x02")
    raw[at + 6] = 64  # the version needed to extract: 6.4
    verdict = verify(bytes(raw))
    assert verdict.exit_code == 2
    assert "không phải tệp zip" in verdict.message
