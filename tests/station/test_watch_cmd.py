"""``daihoi station watch`` as Lan types it: Vietnamese lines, a summary, clear stops."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from daihoi.cli.main import main
from daihoi.station.sent import state_path
from tests.station.conftest import pdf
from tests.station.fake_station import FakeStation


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("DAIHOI_STATION_TOKEN", raising=False)


def watch(folder: Path, station: FakeStation, state: Path, *extra: str) -> int:
    once = ["--once", "--settle", "0.1", "--state", str(state)]
    return main(["station", "watch", str(folder), station.url, *once, *extra])


def test_it_prints_one_line_per_file_and_a_summary(station, scans, state_file, capsys) -> None:
    (scans / "a.pdf").write_bytes(pdf("a"))
    (scans / "b.pdf").write_bytes(pdf("a"))
    (scans / "ghi-chu.txt").write_text("không phải ảnh")
    status = watch(scans, station, state_file, "--token", station.token)
    out = capsys.readouterr().out
    assert status == 0, out
    assert "Trạm “Máy quét 1” — Bầu Ban Chấp hành, vòng 1" in out
    assert "đã gửi  a.pdf" in out
    assert "trùng (đã gửi trước)  b.pdf" in out
    assert "bỏ qua (không phải ảnh quét)  ghi-chu.txt" in out
    assert "Xong: 1 đã gửi, 1 trùng, 1 bỏ qua, 0 lỗi." in out
    assert station.token not in out  # the token is never shown in full
    assert "tram…" in out


def test_the_token_can_come_from_the_environment(
    station, scans, state_file, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("DAIHOI_STATION_TOKEN", station.token)
    (scans / "a.pdf").write_bytes(pdf("a"))
    assert watch(scans, station, state_file) == 0
    assert len(station.received) == 1


def test_a_revoked_token_stops_with_a_message(station, scans, state_file, capsys) -> None:
    (scans / "a.pdf").write_bytes(pdf("a"))
    status = watch(scans, station, state_file, "--token", "da-bi-thu-hoi-1234")
    out = capsys.readouterr().out
    assert status == 1
    assert "Mã máy quét không đúng hoặc đã bị thu hồi: không gửi tiếp." in out
    assert "da-bi-thu-hoi-1234" not in out
    assert station.uploads() == []


def test_a_closed_count_stops_with_a_message(station, scans, state_file, capsys) -> None:
    station.open = False
    (scans / "a.pdf").write_bytes(pdf("a"))
    status = watch(scans, station, state_file, "--token", station.token)
    out = capsys.readouterr().out
    assert status == 1
    assert "(chưa mở hoặc đã đóng)" in out
    assert "Cuộc kiểm phiếu đã được xác nhận hoặc đã đóng: không gửi tiếp." in out
    assert "(máy chủ: Cuộc kiểm phiếu đã đóng.)" in out


def test_a_file_the_server_refuses_makes_the_exit_status_1(
    station, scans, state_file, capsys
) -> None:
    station.misbehave = [413]
    (scans / "lon.pdf").write_bytes(pdf("a"))
    assert watch(scans, station, state_file, "--token", station.token) == 1
    assert "lỗi (tệp quá lớn: lỗi 413 giả)  lon.pdf" in capsys.readouterr().out


def test_an_address_that_is_not_a_server_is_a_usage_error(scans, state_file, capsys) -> None:
    status = main(["station", "watch", str(scans), "192.168.1.10:8000", "--token", "x"])
    err = capsys.readouterr().err
    assert status == 2
    assert "không phải địa chỉ máy chủ trạm" in err


def test_a_missing_token_is_a_usage_error(station, scans, state_file, capsys) -> None:
    status = main(["station", "watch", str(scans), station.url])
    assert status == 2
    assert "thiếu tùy chọn --token" in capsys.readouterr().err


def test_the_state_is_kept_per_server_and_token(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    one = state_path("http://192.168.1.10:8000", "token-a")
    assert one.parent == tmp_path / "daihoi"
    assert one != state_path("http://192.168.1.10:8000", "token-b")
    assert one != state_path("http://192.168.1.11:8000", "token-a")
    assert "token-a" not in one.name


def test_the_watcher_does_not_load_django_or_the_image_libraries() -> None:
    code = (
        "import sys; from daihoi.cli.main import _load_commands; "
        "_load_commands(['station', 'watch']); import daihoi.station.watch; "
        "print(sorted(m for m in ('django', 'cv2', 'numpy', 'reportlab') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ctrl_c_prints_a_summary(station, scans, state_file) -> None:
    (scans / "a.pdf").write_bytes(pdf("a"))
    command = [sys.executable, "-m", "daihoi.cli.main", "station", "watch", str(scans)]
    options = ["--token", station.token, "--settle", "0.1", "--state", str(state_file)]
    process = subprocess.Popen(
        [*command, station.url, *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines = []
        while not lines or "đã gửi  a.pdf" not in lines[-1]:  # sent and confirmed
            lines.append(process.stdout.readline())
            assert lines[-1], "".join(lines)
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, output
    assert "Đã dừng: 1 đã gửi, 0 trùng, 0 bỏ qua, 0 lỗi." in output


def test_a_state_file_that_cannot_be_written_is_a_clear_error(
    station, scans, tmp_path, capsys
) -> None:
    (tmp_path / "tep").write_text("")
    state = tmp_path / "tep" / "sent.json"  # under a file, not a folder
    assert watch(scans, station, state, "--token", station.token) == 2
    assert "không mở được tệp trạng thái của trạm" in capsys.readouterr().err


def test_a_damaged_state_file_is_a_clear_error(station, scans, state_file, capsys) -> None:
    state_file.parent.mkdir(parents=True)
    state_file.write_text("{không phải json")
    assert watch(scans, station, state_file, "--token", station.token) == 2
    assert "tệp trạng thái của trạm hỏng" in capsys.readouterr().err
