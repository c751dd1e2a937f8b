"""Fixtures of the station tests: a fake station server, a scanner's folder, fast timings."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from daihoi.station.client import StationClient
from daihoi.station.sent import SentState
from daihoi.station.watch import FileReport, Outcome, Stop, Timing, Watcher
from tests.station.fake_station import FakeStation

# Quick enough for tests, slow enough that a file written in steps is seen unfinished.
FAST = Timing(settle=0.4, tick=0.05, rescan=0.3, backoff_first=0.1, backoff_max=0.4)


def pdf(label: str, size: int = 3000) -> bytes:
    """A scanner's PDF (only its first bytes matter to the watcher), distinct per ``label``."""
    body = (label.encode() * (size // max(1, len(label)) + 1))[:size]
    return b"%PDF-1.7\n" + body + b"\n%%EOF\n"


class Recorder:
    """A listener keeping what the watcher said."""

    def __init__(self) -> None:
        self.files: list[FileReport] = []
        self.notices: list[str] = []

    def file(self, report: FileReport) -> None:
        self.files.append(report)

    def notice(self, text: str) -> None:
        self.notices.append(text)

    def outcomes(self) -> dict[str, Outcome]:
        return {r.name: r.outcome for r in self.files}


def wait_for(condition: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)


@pytest.fixture
def station() -> Iterator[FakeStation]:
    server = FakeStation()
    yield server
    server.close()


@pytest.fixture
def scans(tmp_path: Path) -> Path:
    folder = tmp_path / "scanner"
    folder.mkdir()
    return folder


@pytest.fixture
def state_file(tmp_path: Path) -> Path:
    return tmp_path / "state" / "sent.json"


def make_watcher(
    folder: Path, url: str, token: str, state_file: Path, timing: Timing = FAST
) -> tuple[Watcher, Recorder]:
    client = StationClient(url, token, timeout=5)
    recorder = Recorder()
    state = SentState(state_file, client.url)
    return Watcher(folder, client, state, recorder, timing=timing), recorder


@contextmanager
def running(watcher: Watcher) -> Iterator[list[Stop]]:
    """The watcher in a thread until the block ends; the list gets its result."""
    stop = threading.Event()
    result: list[Stop] = []
    thread = threading.Thread(target=lambda: result.append(watcher.run(stop)), daemon=True)
    thread.start()
    try:
        yield result
    finally:
        stop.set()
        thread.join(timeout=10)
        assert not thread.is_alive()


def write_slowly(path: Path, data: bytes, steps: int, pause: float) -> None:
    """Write ``data`` in ``steps`` pieces, as a scanner writes a long batch."""
    piece = len(data) // steps + 1
    with path.open("wb") as out:
        for start in range(0, len(data), piece):
            out.write(data[start : start + piece])
            out.flush()
            os.fsync(out.fileno())
            time.sleep(pause)
