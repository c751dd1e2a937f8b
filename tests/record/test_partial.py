"""A station stopped mid-count: its folder verifies up to its last signed head.

The writer in a subprocess counts the example congress one page per commit and is killed with
SIGKILL at a random moment, many times: every folder it leaves verifies with ``--partial``,
and without it either holds whole or says where it is incomplete. The station then opens the
folder again and goes on, and the result verifies whole.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from daihoi.record import Recorder, StationKey, verify
from daihoi_testsupport.recordsample import CONGRESS

from .conftest import Counted, log_lines

WRITER = """
import sys
from pathlib import Path
from daihoi.record import Recorder, StationKey
from daihoi_testsupport.recordsample import CONGRESS, count_sample
key = StationKey.from_seed(bytes(range(32)))
folder = Path(sys.argv[1])
print("ready", flush=True)
recorder = Recorder([folder / "disk", folder / "usb"], key, CONGRESS)
count_sample(recorder, batch_size=1)
print("done", flush=True)
"""


def test_an_entry_appended_after_the_last_commit_is_incomplete_unless_partial(
    counted: Counted,
) -> None:
    recorder = Recorder([counted.folder], counted.key, CONGRESS)
    n = recorder.head.n
    recorder.append("export", {"by": "hung", "at": "2025-07-11T11:00:00+07:00", "what": "usb"})
    verdict = verify(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message.startswith(f"hồ sơ chưa trọn vẹn ở mục {n} (incomplete at entry {n})")
    assert f"mục {n + 1}–{n + 1} đã vào nhật ký nhưng chưa được chốt" in verdict.message
    partial = verify(counted.folder, partial=True)
    assert partial.exit_code == 0
    assert partial.message.startswith(
        f"Hồ sơ dở dang (--partial): mọi điều kiểm tra đúng đến mục {n}"
    )
    assert partial.summary["partial"] is True


def test_a_last_line_written_in_part_is_incomplete_and_cut_off_when_the_station_reopens(
    counted: Counted,
) -> None:
    lines = log_lines(counted.folder)
    with open(counted.folder / "log.jsonl", "ab") as out:
        out.write(lines[-1][:40])
    verdict = verify(counted.folder)
    assert verdict.exit_code == 3
    assert f"dòng cuối của nhật ký (mục {len(lines) + 1}) chỉ ghi được một phần" in verdict.message
    assert verify(counted.folder, partial=True).exit_code == 0
    Recorder([counted.folder], counted.key, CONGRESS)
    assert verify(counted.folder).exit_code == 0


def test_a_commit_stopped_after_its_manifest_was_staged_is_the_new_state(
    counted: Counted, monkeypatch: pytest.MonkeyPatch
) -> None:
    import daihoi.record.bundle as bundle

    recorder = Recorder([counted.folder], counted.key, CONGRESS)
    recorder.append("export", {"by": "hung", "at": "2025-07-11T11:00:00+07:00", "what": "usb"})
    recorder.put("rounds/q1-bch-2025-1/results.json", b'{"changed": true}\n')

    def killed(_folder: Path) -> None:
        raise KeyboardInterrupt  # the station stops right after the commit point

    monkeypatch.setattr(bundle, "_finish_commit", killed)
    with pytest.raises(KeyboardInterrupt):
        recorder.commit()
    monkeypatch.undo()
    assert (counted.folder / ".pending" / "manifest.json").exists()
    # The results confirmed pinned the earlier results: the staged state is caught for that …
    verdict = verify(counted.folder)
    assert verdict.exit_code == 3
    assert verdict.message.startswith("rounds/q1-bch-2025-1/results.json: khác với tệp đã xác nhận")
    # … and it is the state the station finishes when it opens the folder again.
    Recorder([counted.folder], counted.key, CONGRESS)
    assert [p for p in (counted.folder / ".pending").rglob("*") if p.is_file()] == []
    assert verify(counted.folder).message == verdict.message


def test_a_folder_with_a_log_and_no_manifest_yet_is_incomplete(tmp_path: Path) -> None:
    key = StationKey.from_seed(bytes(range(32)))
    recorder = Recorder([tmp_path / "b"], key, CONGRESS)
    (tmp_path / "b" / "manifest.json").unlink()
    verdict = verify(tmp_path / "b")
    assert verdict.exit_code == 3
    assert "chưa chốt lần nào" in verdict.message
    assert verify(tmp_path / "b", partial=True).exit_code == 0
    assert recorder.head.n == 1


@pytest.mark.parametrize("seed", range(12))
def test_a_station_killed_at_a_random_moment_leaves_a_folder_that_verifies(
    tmp_path: Path, seed: int
) -> None:
    rng = random.Random(seed)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    (tmp_path / "usb").mkdir()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path)],
        stdout=subprocess.PIPE,
        env=env,
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == b"ready"
    time.sleep(rng.uniform(0.0, 4.0))  # the writer takes about 4 s on this machine
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    for folder in (tmp_path / "disk", tmp_path / "usb"):
        verdict = verify(folder, partial=True)
        if not (folder / "log.jsonl").exists():
            assert verdict.exit_code == 2  # killed before its first entry: nothing yet
            continue
        assert verdict.exit_code == 0, verdict.message
        whole = verify(folder)
        assert whole.exit_code == 0 or "incomplete at entry" in whole.message, whole.message
    # The station comes back: its puts before the kill are still pending, the log is whole.
    key = StationKey.from_seed(bytes(range(32)))
    recorder = Recorder([tmp_path / "disk", tmp_path / "usb"], key, CONGRESS)
    assert recorder.problems == []
    for folder in (tmp_path / "disk", tmp_path / "usb"):
        assert verify(folder, partial=True, head=recorder.head.hash).exit_code == 0
    if recorder.uncommitted == 0:
        recorder.append("export", {"by": "hung", "at": "2025-07-10T17:00:00+07:00", "what": "usb"})
        recorder.commit()
        for folder in (tmp_path / "disk", tmp_path / "usb"):
            verdict = verify(folder, head=recorder.head.hash)
            assert verdict.exit_code == 0, verdict.message
