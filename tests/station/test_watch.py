"""The scanning PC's watcher against a fake station server.

Lan, a technical operator of the counting committee, runs ``daihoi station watch`` on the
scanning PC. The scanner writes its batches into one folder; the station server may restart,
the network may drop, and nothing may be sent twice or lost, or reveal a file's name.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.parse
from dataclasses import replace
from pathlib import Path

import pytest

from daihoi.station.client import StationClient
from daihoi.station.sent import SentState
from daihoi.station.watch import Finish, Outcome, Timing, Watcher
from tests.station.conftest import (
    FAST,
    Recorder,
    make_watcher,
    pdf,
    running,
    wait_for,
    write_slowly,
)
from tests.station.fake_station import FakeStation


def run_once(folder: Path, station: FakeStation, state_file: Path, timing: Timing = FAST):
    watcher, recorder = make_watcher(folder, station.url, station.token, state_file, timing)
    result = watcher.run(threading.Event(), once=True)
    return result, recorder


def test_it_waits_until_a_file_being_written_is_complete(station, scans, state_file) -> None:
    data = pdf("lô 1", 60_000)
    watcher, recorder = make_watcher(scans, station.url, station.token, state_file)
    with running(watcher):
        # 12 pieces, 0.1 s apart: 1.2 s of writing, 3× the settle time.
        write_slowly(scans / "lo-1.pdf", data, steps=12, pause=0.1)
        assert station.uploads() == []  # nothing left while the scanner was still writing
        wait_for(lambda: len(station.uploads()) == 1)
        time.sleep(FAST.settle * 2)
    assert [u.body for u in station.uploads()] == [data]
    assert recorder.outcomes() == {"lo-1.pdf": Outcome.SENT}


def test_it_sends_a_file_the_scanner_renamed_from_a_temporary_name_once(
    station, scans, state_file
) -> None:
    data = pdf("lô 2", 40_000)
    watcher, recorder = make_watcher(scans, station.url, station.token, state_file)
    with running(watcher):
        temporary = scans / "lo-2.pdf.part"
        write_slowly(temporary, data, steps=4, pause=0.1)
        time.sleep(FAST.settle * 2)  # settled, but under a temporary name: not sent
        assert station.uploads() == []
        temporary.rename(scans / "lo-2.pdf")
        wait_for(lambda: len(station.uploads()) == 1)
        time.sleep(FAST.settle * 2)
    assert [u.body for u in station.uploads()] == [data]
    assert recorder.outcomes() == {"lo-2.pdf": Outcome.SENT}


def test_it_never_looks_at_hidden_or_temporary_names(station, scans, state_file) -> None:
    for name in ("~lo.pdf", ".lo.pdf", "lo.tmp", "lo.pdf.part", "Thumbs.db"):
        (scans / name).write_bytes(pdf(name))
    (scans / ".cache").mkdir()
    (scans / ".cache" / "lo.pdf").write_bytes(pdf("cache"))
    result, recorder = run_once(scans, station, state_file)
    assert result.finish is Finish.DONE
    assert station.uploads() == [] and recorder.files == []


def test_the_same_bytes_under_two_names_are_sent_once(station, scans, state_file) -> None:
    data = pdf("lô 3")
    (scans / "a.pdf").write_bytes(data)
    (scans / "tổ 2").mkdir()
    (scans / "tổ 2" / "b.pdf").write_bytes(data)
    result, recorder = run_once(scans, station, state_file)
    assert result.finish is Finish.DONE
    assert len(station.uploads()) == 1
    assert sorted(recorder.outcomes().values(), key=str) == sorted(
        [Outcome.SENT, Outcome.DUPLICATE], key=str
    )


def test_a_restarted_watcher_does_not_send_again(station, scans, state_file) -> None:
    for n in range(3):
        (scans / f"{n}.pdf").write_bytes(pdf(f"trang {n}"))
    run_once(scans, station, state_file)
    assert len(station.uploads()) == 3
    result, recorder = run_once(scans, station, state_file)  # a new watcher, the same state
    assert result.finish is Finish.DONE
    assert len(station.uploads()) == 3
    assert {r.outcome for r in recorder.files} == {Outcome.DUPLICATE}
    saved = json.loads(state_file.read_text())
    assert sorted(saved["sent"]) == sorted(station.received)


def test_a_file_the_server_already_has_counts_as_confirmed(station, scans, state_file, tmp_path):
    (scans / "a.pdf").write_bytes(pdf("đã có"))
    run_once(scans, station, state_file)
    other_state = tmp_path / "other" / "sent.json"  # another PC, or the state was lost
    _, recorder = run_once(scans, station, other_state)
    assert [(r.outcome, r.detail) for r in recorder.files] == [(Outcome.DUPLICATE, "máy chủ đã có")]
    assert len(station.received) == 1
    assert len(SentState(other_state, station.url.rstrip("/"))) == 1


def test_it_waits_for_a_server_that_is_down_and_sends_when_it_is_up(
    scans, state_file, tmp_path
) -> None:
    placeholder = FakeStation()  # only to find a free port, then closed: nothing listens there
    port, token = placeholder.port, placeholder.token
    placeholder.close()
    watcher, recorder = make_watcher(scans, f"http://127.0.0.1:{port}", token, state_file)
    (scans / "a.pdf").write_bytes(pdf("trước"))
    with running(watcher):
        wait_for(lambda: len(recorder.notices) >= 2)  # tried, waiting, tried again
        (scans / "b.pdf").write_bytes(pdf("trong lúc mất mạng"))  # still followed
        time.sleep(FAST.settle)
        station = FakeStation(port=port)
        try:
            wait_for(lambda: len(station.received) == 2)
        finally:
            station.close()
    assert "không nhận kết nối" in recorder.notices[0]
    assert recorder.outcomes() == {"a.pdf": Outcome.SENT, "b.pdf": Outcome.SENT}


def test_a_server_error_is_retried(station, scans, state_file) -> None:
    station.misbehave = [503, 500]
    (scans / "a.pdf").write_bytes(pdf("5xx"))
    result, recorder = run_once(scans, station, state_file)
    assert result.finish is Finish.DONE
    assert len(station.uploads()) == 3 and len(station.received) == 1
    assert recorder.outcomes() == {"a.pdf": Outcome.SENT}


def test_an_upload_cut_off_halfway_is_sent_again(station, scans, state_file) -> None:
    data = pdf("cắt", 200_000)
    station.misbehave = ["cut", "drop"]  # the body arrives short; then the connection drops
    (scans / "a.pdf").write_bytes(data)
    result, recorder = run_once(scans, station, state_file)
    assert result.finish is Finish.DONE
    assert list(station.received.values()) == [data]
    assert len(station.uploads()) == 3
    assert recorder.outcomes() == {"a.pdf": Outcome.SENT}


def test_an_upload_whose_answer_was_lost_is_confirmed_by_sending_again(
    station, scans, state_file
) -> None:
    station.misbehave = ["lost"]
    (scans / "a.pdf").write_bytes(pdf("mất câu trả lời"))
    result, recorder = run_once(scans, station, state_file)
    assert result.finish is Finish.DONE
    assert len(station.uploads()) == 2 and len(station.received) == 1
    assert recorder.outcomes() == {"a.pdf": Outcome.SENT}
    assert len(SentState(state_file, station.url.rstrip("/"))) == 1


def test_a_file_refused_every_time_is_reported_and_the_rest_go_on(
    station, scans, state_file
) -> None:
    station.misbehave = [400, 400, 400]
    (scans / "a.pdf").write_bytes(pdf("hỏng"))
    result, recorder = run_once(scans, station, state_file)
    assert result.finish is Finish.DONE
    [report] = recorder.files
    assert report.outcome is Outcome.FAILED and "lỗi 400 giả" in report.detail
    (scans / "b.pdf").write_bytes(pdf("tốt"))
    _, recorder = run_once(scans, station, state_file)
    assert recorder.outcomes()["b.pdf"] is Outcome.SENT


def test_a_file_too_large_is_reported_and_not_retried(station, scans, state_file) -> None:
    station.misbehave = [413]
    (scans / "a.pdf").write_bytes(pdf("lớn"))
    _, recorder = run_once(scans, station, state_file)
    assert len(station.uploads()) == 1
    assert recorder.files[0].outcome is Outcome.FAILED and "quá lớn" in recorder.files[0].detail


def test_a_revoked_token_or_a_closed_count_stops_the_watcher(station, scans, state_file):
    (scans / "a.pdf").write_bytes(pdf("a"))
    watcher, _ = make_watcher(scans, station.url, "thu-hoi-roi-0000", state_file)
    result = watcher.run(threading.Event(), once=True)
    assert result.finish is Finish.UNAUTHORISED and "thu hồi" in result.message
    station.open = False
    result, recorder = run_once(scans, station, state_file)
    assert result.finish is Finish.CLOSED and "đã đóng" in result.message
    assert station.received == {} and recorder.files == []


def test_a_file_that_is_not_a_scan_is_skipped_not_sent(station, scans, state_file) -> None:
    (scans / "ghi-chu.pdf").write_bytes(b"Danh sach dai bieu\n")  # a scan's name, not its bytes
    (scans / "trong.png").write_bytes(b"")
    kinds = {
        "a.tif": b"II*\x00" + b"\x00" * 100,
        "b.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        "c.jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 100,
        "d.zip": b"PK\x03\x04" + b"\x00" * 100,
        "e.scan": pdf("không đuôi pdf"),
    }
    for name, data in kinds.items():
        (scans / name).write_bytes(data)
    _, recorder = run_once(scans, station, state_file)
    outcomes = recorder.outcomes()
    assert outcomes.pop("ghi-chu.pdf") is Outcome.SKIPPED
    assert outcomes.pop("trong.png") is Outcome.SKIPPED
    assert outcomes == dict.fromkeys(kinds, Outcome.SENT)
    assert sorted(u.headers["X-Daihoi-Kind"] for u in station.uploads()) == [
        "jpeg",
        "pdf",
        "png",
        "tiff",
        "zip",
    ]


def test_no_request_carries_a_file_name_a_path_or_a_time(station, scans, state_file) -> None:
    folder = scans / "Tổ kiểm phiếu 3"
    folder.mkdir()
    names = ["Phieu-bau-BCH-0017.pdf", "Nguyễn Văn An 0018.tif"]
    (folder / names[0]).write_bytes(pdf("x"))
    (folder / names[1]).write_bytes(b"II*\x00" + b"\x01" * 500)
    os.utime(folder / names[0], (1_750_000_000, 1_750_000_000))
    run_once(scans, station, state_file)
    assert len(station.uploads()) == 2
    secrets = [*names, *(Path(n).stem for n in names), "Tổ kiểm phiếu 3", "1750000000", "0017"]
    for request in station.requests:
        raw = request.raw
        for secret in secrets:
            for form in (secret, urllib.parse.quote(secret), secret.encode("utf-8").hex()):
                assert form.encode() not in raw, (secret, request.headers)
    allowed = {
        "Host",
        "Accept-Encoding",
        "User-Agent",
        "Connection",
        "Accept",
        "Authorization",
        "Content-Type",
        "Content-Length",
        "X-Daihoi-Sha256",
        "X-Daihoi-Kind",
    }
    for request in station.requests:
        assert set(request.headers) <= allowed, request.headers


def test_files_ready_together_are_sent_in_the_order_of_their_hashes(
    station, scans, state_file
) -> None:
    for n in range(8):
        (scans / f"{n:03}.pdf").write_bytes(pdf(f"trang {n}"))
    run_once(scans, station, state_file)
    sent = [u.headers["X-Daihoi-Sha256"] for u in station.uploads()]
    assert len(sent) == 8 and sent == sorted(sent)


def test_two_watchers_on_one_state_keep_what_both_sent(tmp_path) -> None:
    path = tmp_path / "sent.json"
    first, second = SentState(path, "http://x"), SentState(path, "http://x")

    def add(state: SentState, prefix: str) -> None:
        for n in range(40):
            state.add(f"{prefix}{n:062}")

    threads = [
        threading.Thread(target=add, args=(first, "aa")),
        threading.Thread(target=add, args=(second, "bb")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(SentState(path, "http://x")) == 80
    assert f"aa{0:062}" in second  # seen by the other watcher too


@pytest.mark.parametrize("poll", [False, True], ids=["system-events", "polling"])
def test_the_folder_is_followed_without_waiting_for_the_periodic_walk(
    station, scans, state_file, poll
) -> None:
    client = StationClient(station.url, station.token, timeout=5)
    watcher = Watcher(
        scans,
        client,
        SentState(state_file, client.url),
        Recorder(),
        timing=replace(FAST, rescan=3600),  # only watchdog's events can find the new files
        poll=poll,
    )
    with running(watcher):
        time.sleep(0.3)
        (scans / "tổ 1").mkdir()
        (scans / "tổ 1" / "a.pdf").write_bytes(pdf("sự kiện"))
        (scans / "b.pdf.tmp").write_bytes(pdf("đổi tên"))
        (scans / "b.pdf.tmp").rename(scans / "b.pdf")
        wait_for(lambda: len(station.received) == 2)
