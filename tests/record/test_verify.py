"""``verify`` on a counted congress's bundle: all holds, as a folder and as a zip."""

from __future__ import annotations

import json
import re

from daihoi.record import verify
from daihoi.record.records import file_hashes

from .conftest import SCANNED, Counted, count_into, unzip


def test_it_passes_the_counted_congress_as_a_folder(counted: Counted) -> None:
    verdict = verify(counted.folder)
    assert verdict.exit_code == 0, verdict.message
    summary = verdict.summary
    assert summary["congress"]["id"] == "q1-2025"
    assert [(r["election"], r["round"]) for r in summary["rounds"]] == [
        ("q1-bch-2025", 1),
        ("q1-bithu-2025", 1),
    ]
    assert summary["pages"] == 30
    assert summary["manual"] == 9
    assert summary["fingerprint"] == counted.key.fingerprint
    assert summary["head"]["hash"] == counted.recorder.head.hash
    assert summary["partial"] is False
    assert counted.key.fingerprint in verdict.message
    assert "Đại hội đại biểu Đảng bộ Quận 1 lần thứ XII" in verdict.message


def test_the_recount_elects_whom_the_example_elects(counted: Counted) -> None:
    rounds = {r["election"]: r for r in verify(counted.folder).summary["rounds"]}
    assert rounds["q1-bch-2025"]["elected"] == [
        "Nguyễn Văn An (1970)",
        "Võ Thị Anh",
        "Hoàng Minh Ánh",
        "Trần Thị Bình",
        "Nguyễn Văn An (1982)",
    ]
    assert rounds["q1-bch-2025"]["counted"] == 30
    assert rounds["q1-bithu-2025"]["counted"] == 9


def test_it_passes_the_zip_with_its_key_and_the_head_of_the_minutes(counted: Counted) -> None:
    data = counted.recorder.zip()
    head = counted.done.confirmed_heads["q1-bch-2025"]
    printed = " ".join(head[i : i + 8] for i in range(0, 64, 8))  # as the minutes print it
    verdict = verify(data, key=counted.key.fingerprint, head=printed)
    assert verdict.exit_code == 0, verdict.message
    # A prefix is not the printed head: a forger could grind a head that starts the same.
    short = verify(data, key=counted.key.fingerprint, head=head[:16])
    assert short.exit_code == 2 and "64 chữ số" in short.message  # bad input, not a bad bundle
    assert set(unzip(data)) >= {"manifest.json", "log.jsonl", SCANNED + "records.json"}


def test_a_zip_file_on_disk_verifies_with_the_fingerprint_typed_loosely(
    counted: Counted, tmp_path
) -> None:
    path = tmp_path / "q1.bundle.zip"
    path.write_bytes(counted.recorder.zip())
    typed = counted.key.fingerprint.replace("-", " ").upper()
    assert verify(path, key=typed).exit_code == 0


def test_the_zip_of_the_same_bundle_is_the_same_bytes(counted: Counted) -> None:
    assert counted.recorder.zip() == counted.recorder.zip()


def test_the_fingerprint_is_four_groups_of_four_hex_digits(counted: Counted) -> None:
    assert re.fullmatch(r"[0-9a-f]{4}(-[0-9a-f]{4}){3}", counted.key.fingerprint)


def test_the_log_commits_to_the_confirmed_files(counted: Counted) -> None:
    confirmed = [e for e in _entries(counted) if e.kind == "results.confirmed"]
    assert [e.data["election"] for e in confirmed] == ["q1-bch-2025", "q1-bithu-2025"]
    files = {name: (counted.folder / name).read_bytes() for name in confirmed[0].data["files"]}
    assert file_hashes(files) == confirmed[0].data["files"]


def test_a_station_with_a_usb_copy_writes_both_and_each_verifies(tmp_path, station_key) -> None:
    stick = tmp_path / "usb"
    stick.mkdir()
    done = count_into(tmp_path / "disk", station_key)
    assert verify(tmp_path / "disk").exit_code == 0
    from daihoi.record import Recorder
    from daihoi_testsupport.recordsample import CONGRESS

    # The stick joins later (it was forgotten at setup): the station brings it up to date.
    again = Recorder([tmp_path / "disk", stick / "daihoi"], station_key, CONGRESS)
    assert again.problems == []
    assert again.head == done.recorder.head
    verdict = verify(stick / "daihoi", head=done.recorder.head.hash)
    assert verdict.exit_code == 0, verdict.message


def _entries(counted: Counted):
    from .conftest import entries

    return entries(counted.folder)


def test_a_usb_stick_not_plugged_in_is_reported_and_the_count_goes_on(
    tmp_path, station_key
) -> None:
    from daihoi.record import Recorder
    from daihoi_testsupport.recordsample import CONGRESS, count_sample

    stick = tmp_path / "media" / "usb" / "daihoi"  # its mount point is not there
    recorder = Recorder([tmp_path / "disk", stick], station_key, CONGRESS)
    assert len(recorder.problems) == 1
    assert recorder.problems[0].startswith(f"thư mục {stick}: ")
    assert recorder.folders == [tmp_path / "disk"]
    assert not stick.exists()  # not made on the station's own disk in its place
    count_sample(recorder)
    assert verify(tmp_path / "disk").exit_code == 0


def test_entries_appended_from_several_threads_keep_one_chain(tmp_path, station_key) -> None:
    import threading

    from daihoi.record import Recorder
    from daihoi_testsupport.recordsample import CONGRESS

    recorder = Recorder([tmp_path / "disk"], station_key, CONGRESS)

    def export(who: str) -> None:
        for number in range(20):
            recorder.append(
                "export",
                {"by": who, "at": f"2025-07-10T17:{number:02d}:00+07:00", "what": "minutes"},
            )
            recorder.commit()

    threads = [threading.Thread(target=export, args=(name,)) for name in ("hung", "lan", "vinh")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert recorder.head.n == 61
    verdict = verify(tmp_path / "disk", head=recorder.head.hash)
    assert verdict.exit_code == 0, verdict.message


def test_a_round_reopened_may_change_until_it_is_confirmed_again(counted: Counted) -> None:
    from daihoi.record import Recorder, file_hashes
    from daihoi_testsupport.recordsample import CONGRESS

    recorder = Recorder([counted.folder], counted.key, CONGRESS)
    recorder.append(
        "reopened",
        {
            "election": "q1-bch-2025",
            "round": 1,
            "by": "hung",
            "at": "2025-07-10T16:30:00+07:00",
            "reason": "in lại biên bản",
        },
    )
    recorder.put(SCANNED + "minutes.pdf", b"%PDF-1.4 printed again")
    recorder.commit()
    rounds = {r["election"]: r for r in verify(counted.folder).summary["rounds"]}
    assert rounds["q1-bch-2025"]["confirmed"] is False
    assert verify(counted.folder).exit_code == 0
    names = (
        "election.json",
        "records.json",
        "manual.json",
        "results.json",
    )
    files = {SCANNED + n: (counted.folder / SCANNED / n).read_bytes() for n in names}
    head = recorder.append(
        "results.confirmed",
        {
            "election": "q1-bch-2025",
            "round": 1,
            "by": "hung",
            "at": "2025-07-10T16:40:00+07:00",
            "files": file_hashes(files),
        },
    )
    recorder.commit()
    # The minutes of the first confirmation still print its head: stale, and said so.
    stale = verify(counted.folder)
    assert stale.exit_code == 3 and "minutes.json: biên bản in mã kiểm tra của mục" in stale.message
    minutes = json.loads((counted.folder / SCANNED / "minutes.json").read_bytes())
    minutes["record"] = {"entry": head.n, "head": head.hash, "key": counted.key.fingerprint}
    printed = {
        SCANNED + "minutes.json": json.dumps(minutes).encode(),
        SCANNED + "minutes.pdf": b"%PDF-1.4 printed again",
    }
    recorder.put(SCANNED + "minutes.json", printed[SCANNED + "minutes.json"])
    recorder.commit()
    # The minutes made again are not yet in the log (minutes.printed): said so.
    unlogged = verify(counted.folder)
    assert unlogged.exit_code == 3 and "minutes.printed" in unlogged.message
    recorder.append(
        "minutes.printed",
        {"election": "q1-bch-2025", "round": 1, "files": file_hashes(printed)},
    )
    recorder.commit()
    verdict = verify(counted.folder, head=recorder.head.hash)
    assert verdict.exit_code == 0, verdict.message
    assert all(r["confirmed"] for r in verdict.summary["rounds"])
