"""``--record-copy FOLDER`` (``daihoi web serve``, ``daihoi station serve``): the USB stick's
folder is checked before anything starts, and one that cannot take the copy stops it, saying
why; a good one is handed to the server and its worker."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from daihoi.cli.main import main
from daihoi.cli.web_cmds import record_copy_folder


@pytest.mark.parametrize("command", [["web", "serve"], ["station", "serve", "--data"]])
def test_a_file_where_the_stick_should_be_stops_the_station(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocked = tmp_path / "usb"
    blocked.write_text("not a folder")
    args = [*command, *([str(tmp_path / "data")] if command[-1] == "--data" else [])]
    assert main([*args, "--record-copy", str(blocked)]) == 2
    err = capsys.readouterr().err
    assert "--record-copy" in err and "là một tệp, không phải thư mục" in err
    assert not (tmp_path / "data" / "daihoi.sqlite3").exists()  # nothing started


def test_a_folder_under_a_file_is_refused_with_the_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "usb").write_text("x")
    assert main(["web", "serve", "--record-copy", str(tmp_path / "usb" / "daihoi")]) == 2
    assert "không ghi được vào thư mục" in capsys.readouterr().err


def test_a_good_folder_is_made_and_handed_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DAIHOI_RECORD_COPY", raising=False)
    record_copy_folder(tmp_path / "stick" / "daihoi")
    assert (tmp_path / "stick" / "daihoi").is_dir()
    assert os.environ["DAIHOI_RECORD_COPY"] == str((tmp_path / "stick" / "daihoi").resolve())
    assert list((tmp_path / "stick" / "daihoi").iterdir()) == []  # the probe is gone
