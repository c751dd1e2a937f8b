"""Watching a scanner's output folder and delivering each completed file once (``Watcher``).

A file is complete when its size and modification time have not changed for ``Timing.settle``
seconds and it can be opened (a scanner on Windows keeps its file locked while writing).
Hidden and temporary names (``.*``, ``~*``, ``*.tmp``, ``*.part``…) are never looked at: a
scanner that writes under such a name and renames when done is seen at the final name only.

The folder is followed with ``watchdog`` (the system's own file events; its polling observer
for network shares, or when events cannot be had), and walked again every ``Timing.rescan``
seconds in case an event was lost: the events only make a file be looked at sooner.

Each complete file is hashed (SHA-256); bytes the server has confirmed (``SentState``) are not
sent again, under any name, in this run or a later one. Files ready at the same moment are sent
in the order of their hashes, not of their names or times. A network that is down, a server
that restarts or answers 5xx is waited for with a growing pause while the folder is still
followed; nothing is marked done before the server confirms it.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path, PurePath
from typing import Protocol

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from daihoi.station.client import STOPPING, Reply, StationClient
from daihoi.station.kinds import HEAD_BYTES, Kind, kind_of
from daihoi.station.sent import SentState

# Names a scanner, a copy or the system writes while a file is not finished, or that are not
# scans at all; never looked at.
TEMPORARY_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download")
SYSTEM_NAMES = frozenset({"thumbs.db", "desktop.ini"})

_CHUNK = 1 << 20


def is_ignored(relative: PurePath) -> bool:
    """True for a hidden or temporary name (``relative`` is inside the watched folder)."""
    if any(part.startswith(".") for part in relative.parts):
        return True
    name = relative.name.lower()
    return name.startswith("~") or name.endswith(TEMPORARY_SUFFIXES) or name in SYSTEM_NAMES


class Outcome(Enum):
    """What became of one file (one line on the operator's terminal)."""

    SENT = "sent"  # đã gửi
    DUPLICATE = "duplicate"  # trùng: these bytes were confirmed before
    SKIPPED = "skipped"  # bỏ qua: not a scan (its first bytes)
    FAILED = "failed"  # lỗi: the server refused it (400 after retries, 413)


@dataclass(frozen=True)
class FileReport:
    """One file's outcome. ``name`` is its path in the folder, for the local terminal only."""

    name: str
    outcome: Outcome
    detail: str = ""


class Finish(Enum):
    DONE = "done"  # --once: everything there was handled
    INTERRUPTED = "interrupted"  # asked to stop (Ctrl+C)
    UNAUTHORISED = "unauthorised"  # 401: token unknown or revoked
    CLOSED = "closed"  # 409: the count is closed
    WRONG_SERVER = "wrong_server"  # the address is not a station server


@dataclass(frozen=True)
class Stop:
    finish: Finish
    message: str = ""


_FINISH_OF = {
    Reply.UNAUTHORISED: Finish.UNAUTHORISED,
    Reply.CLOSED: Finish.CLOSED,
    Reply.WRONG_SERVER: Finish.WRONG_SERVER,
}


@dataclass
class Tally:
    """How many files had each outcome in this run."""

    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))

    def add(self, outcome: Outcome) -> None:
        self.counts[outcome] += 1


class Listener(Protocol):
    """Where the watcher tells what it does (the terminal, or a test)."""

    def file(self, report: FileReport) -> None: ...

    def notice(self, text: str) -> None: ...


@dataclass(frozen=True)
class Timing:
    """The watcher's pauses, in seconds."""

    settle: float = 2.0  # unchanged this long → complete
    tick: float = 0.25  # how often pending files are looked at
    rescan: float = 30.0  # the whole folder walked again (lost events, network shares)
    backoff_first: float = 1.0  # first pause when the server cannot be reached
    backoff_max: float = 30.0
    refused_tries: int = 3  # sends of a file answered 400 (cut off) before it is reported


Signature = tuple[int, int]  # size, modification time (ns)


class _Again(Enum):
    """A file that could not be handled now (changed or unreadable): it stays pending."""

    AGAIN = "again"


@dataclass
class _Pending:
    signature: Signature
    since: float  # when this signature was first seen


@dataclass(frozen=True)
class _Ready:
    path: Path
    signature: Signature
    sha256: str
    kind: Kind | None


class _Inbox(FileSystemEventHandler):
    """Paths that watchdog says were created, changed or moved in; taken by the main loop."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._paths: set[Path] = set()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in {"moved"}:
            target = event.dest_path
        elif event.event_type in {"created", "modified", "closed"}:
            target = event.src_path
        else:
            return
        if target:
            with self._lock:
                self._paths.add(Path(os.fsdecode(target)))

    def take(self) -> set[Path]:
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths


def _signature(path: Path) -> Signature | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns)


class Watcher:
    """Follows ``folder`` and sends each complete file once to ``client``'s station."""

    def __init__(
        self,
        folder: Path,
        client: StationClient,
        state: SentState,
        listener: Listener,
        *,
        timing: Timing | None = None,
        poll: bool = False,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = folder
        self.tally = Tally()
        self._client = client
        self._state = state
        self._listener = listener
        self._timing = timing or Timing()
        self._poll = poll
        self._clock = clock
        self._inbox = _Inbox()
        self._pending: dict[Path, _Pending] = {}
        self._done: dict[Path, Signature] = {}
        self._refused: dict[str, str] = {}  # sha256 → why the server refused it (this run)

    def run(self, stop: threading.Event, *, once: bool = False) -> Stop:
        """Watch until ``stop`` is set or the server says stop; with ``once``, until every file
        there at the start has been handled."""
        observer = None if once else self._start_observer()
        try:
            self._walk(self.folder)
            last_walk = self._clock()
            while not stop.is_set():
                for path in self._inbox.take():
                    self._note(path)
                if not once and self._clock() - last_walk >= self._timing.rescan:
                    self._walk(self.folder)
                    last_walk = self._clock()
                finished = self._deliver(self._ready(), stop)
                if finished is not None:
                    return finished
                if once and not self._pending:
                    return Stop(Finish.DONE)
                stop.wait(self._timing.tick)
            return Stop(Finish.INTERRUPTED)
        finally:
            if observer is not None:
                observer.stop()
                observer.join(timeout=5)

    def _start_observer(self) -> BaseObserver | None:
        # The system's events first (inotify, ReadDirectoryChangesW…), else polling.
        makers: list[Callable[[], BaseObserver]] = [] if self._poll else [Observer]
        makers.append(PollingObserver)
        for make in makers:
            observer = make()
            try:
                observer.schedule(self._inbox, str(self.folder), recursive=True)
                observer.start()
            except OSError as error:  # e.g. the system's limit of watched folders
                self._listener.notice(
                    f"Không theo dõi được thư mục bằng sự kiện của hệ thống ({error}): "
                    "chuyển sang dò định kỳ."
                )
                continue
            return observer
        return None  # the periodic walk alone

    def _walk(self, top: Path) -> None:
        for path in self._files_under(top):
            self._note(path)

    def _files_under(self, top: Path) -> Iterator[Path]:
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in files:
                yield Path(root) / name

    def _note(self, path: Path) -> None:
        """Look at ``path`` (a file or a folder moved in) soon."""
        try:
            relative = path.relative_to(self.folder)
        except ValueError:
            return
        if relative == PurePath(".") or is_ignored(relative):
            return
        if path.is_dir():
            self._walk(path)
            return
        signature = _signature(path)
        if signature is None or not path.is_file():
            return
        if self._done.get(path) == signature:
            return
        seen = self._pending.get(path)
        if seen is None or seen.signature != signature:
            self._pending[path] = _Pending(signature, self._clock())

    def _ready(self) -> list[_Ready]:
        """The pending files that are complete, hashed, in the order of their hashes."""
        now = self._clock()
        ready = []
        for path, seen in list(self._pending.items()):
            signature = _signature(path)
            if signature is None:  # gone (renamed, deleted): its new name has its own event
                del self._pending[path]
                continue
            if signature != seen.signature:
                self._pending[path] = _Pending(signature, now)
                continue
            if now - seen.since < self._timing.settle:
                continue
            hashed = self._hash(path, signature)
            if hashed is not None:
                ready.append(hashed)
        return sorted(ready, key=lambda item: item.sha256)

    def _hash(self, path: Path, signature: Signature) -> _Ready | None:
        digest = hashlib.sha256()
        try:
            with path.open("rb") as stream:
                head = stream.read(HEAD_BYTES)
                digest.update(head)
                while chunk := stream.read(_CHUNK):
                    digest.update(chunk)
        except OSError:  # still held open by the scanner (Windows), or gone: wait
            return None
        if _signature(path) != signature:
            return None  # changed while being read: the next look starts its wait again
        return _Ready(path, signature, digest.hexdigest(), kind_of(head))

    def _deliver(self, ready: list[_Ready], stop: threading.Event) -> Stop | None:
        for item in ready:
            finished = self._handle(item, stop)
            if finished is _Again.AGAIN:
                continue
            if finished is not None:
                return finished  # this file stays pending: it was not confirmed
            self._pending.pop(item.path, None)
            self._done[item.path] = item.signature
        return None

    def _report(self, item: _Ready, outcome: Outcome, detail: str = "") -> None:
        self.tally.add(outcome)
        name = item.path.relative_to(self.folder).as_posix()
        self._listener.file(FileReport(name, outcome, detail))

    def _handle(self, item: _Ready, stop: threading.Event) -> Stop | _Again | None:
        """Send one complete file unless it was confirmed before; None once it is handled."""
        if item.sha256 in self._state:
            self._report(item, Outcome.DUPLICATE, "đã gửi trước")
            return None
        if item.kind is None:
            self._report(item, Outcome.SKIPPED, "không phải ảnh quét")
            return None
        if item.sha256 in self._refused:
            self._report(item, Outcome.FAILED, self._refused[item.sha256])
            return None
        try:
            data = item.path.read_bytes()
        except OSError:
            return _Again.AGAIN
        if hashlib.sha256(data).hexdigest() != item.sha256:
            # Rewritten since it was hashed: it waits to settle again.
            self._pending[item.path] = _Pending(item.signature, self._clock())
            return _Again.AGAIN
        refused = 0
        pause = self._timing.backoff_first
        tried = False  # an earlier try of this run may have reached the server
        while True:
            answer = self._client.upload(data, item.sha256, item.kind)
            if answer.reply in {Reply.QUEUED, Reply.DUPLICATE}:
                self._state.add(item.sha256)
                # A duplicate after a try whose answer was lost is this run's own upload.
                if answer.reply is Reply.QUEUED or tried:
                    self._report(item, Outcome.SENT)
                else:
                    self._report(item, Outcome.DUPLICATE, "máy chủ đã có")
                return None
            if answer.reply in STOPPING:
                return Stop(_FINISH_OF[answer.reply], answer.message)
            if answer.reply is Reply.TOO_LARGE:
                self._refuse(item, f"tệp quá lớn: {answer.message}")
                return None
            if answer.reply is Reply.REFUSED:
                refused += 1  # a body cut off on the way is sent again, a few times
                tried = True
                if refused >= self._timing.refused_tries:
                    self._refuse(item, f"máy chủ không nhận: {answer.message}")
                    return None
                continue
            self._listener.notice(
                f"Chưa gửi được ({answer.message}): thử lại sau {pause:g} giây, "
                "vẫn đang theo dõi thư mục."
            )
            tried = True
            if stop.wait(pause):
                return Stop(Finish.INTERRUPTED)
            pause = min(pause * 2, self._timing.backoff_max)
            for path in self._inbox.take():  # files that arrive meanwhile are not lost
                self._note(path)

    def _refuse(self, item: _Ready, why: str) -> None:
        self._refused[item.sha256] = why
        self._report(item, Outcome.FAILED, why)
