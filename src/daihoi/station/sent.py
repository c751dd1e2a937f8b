"""The files a station server has confirmed, by SHA-256, kept on the scanning PC.

One state file per server and token (``state_path``): a JSON list of hex SHA-256 values in
sorted order, nothing else (no file name, no time, no order of scanning: the state file of a
scanning PC reveals no more than the server knows). It is rewritten whole through a temporary
file (``write_atomic``), and every change is made under an exclusive lock on a lock file beside
it, re-reading first: two watchers on one state merge what they sent instead of losing it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from daihoi.engine.errors import InputError, Location
from daihoi.files.atomic import write_atomic

FORMAT = "daihoi-station-sent/1"


def state_dir() -> Path:
    """Where the user's state lives: %LOCALAPPDATA%\\daihoi on Windows, else the XDG state
    directory (``~/.local/state/daihoi``)."""
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "daihoi"
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "daihoi"


def state_path(url: str, token: str, folder: Path | None = None) -> Path:
    """The state file for one server and token: a new token starts a new state (the server
    dedupes what is sent again). The name is a fingerprint, so it shows neither of them."""
    fingerprint = hashlib.sha256(f"{url}\n{token}".encode()).hexdigest()[:16]
    return (folder or state_dir()) / f"station-{fingerprint}.json"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (made if missing) for the duration of the block."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if sys.platform == "win32":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            while True:  # LK_LOCK gives up after 10 tries of a second: wait as long as needed
                try:
                    msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
                    break
                except OSError:
                    continue
            try:
                yield
            finally:
                os.lseek(fd, 0, os.SEEK_SET)
                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


class SentState:
    """The SHA-256 values confirmed by the server (201 queued or 200 duplicate)."""

    def __init__(self, path: Path, server: str) -> None:
        self.path = path
        self._server = server
        self._lock = path.with_name(path.name + ".lock")
        self._known: set[str] = set()
        self._stamp: tuple[int, int] | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with _locked(self._lock):
                self._read()
        except OSError as error:
            raise InputError(
                f"không mở được tệp trạng thái của trạm ({error.strerror or error})",
                Location(file=str(path)),
            ) from None

    def __contains__(self, sha256: object) -> bool:
        if sha256 in self._known:
            return True
        if self._changed_on_disk():  # another watcher on this state may have sent it
            with _locked(self._lock):
                self._read()
        return sha256 in self._known

    def __len__(self) -> int:
        return len(self._known)

    def add(self, sha256: str) -> None:
        """Record a confirmed value: re-read under the lock, merge, write whole."""
        with _locked(self._lock):
            self._read()
            if sha256 in self._known:
                return
            self._known.add(sha256)
            document = {"format": FORMAT, "server": self._server, "sent": sorted(self._known)}
            write_atomic(self.path, (json.dumps(document, indent=0) + "\n").encode())
            self._stamp = self._on_disk()

    def _on_disk(self) -> tuple[int, int] | None:
        try:
            status = self.path.stat()
        except FileNotFoundError:
            return None
        return (status.st_mtime_ns, status.st_size)

    def _changed_on_disk(self) -> bool:
        return self._on_disk() != self._stamp

    def _read(self) -> None:
        stamp = self._on_disk()
        if stamp is None:
            self._known, self._stamp = set(), None
            return
        try:
            document = json.loads(self.path.read_bytes())
            sent = document["sent"] if document.get("format") == FORMAT else None
        except (ValueError, AttributeError, KeyError, TypeError):
            sent = None
        if not isinstance(sent, list) or not all(isinstance(s, str) for s in sent):
            raise InputError(
                "tệp trạng thái của trạm hỏng: hãy xoá nó rồi chạy lại (các tệp đã gửi sẽ được "
                "gửi lại và máy chủ trả lời là trùng, không đếm hai lần)",
                Location(file=str(self.path)),
            )
        self._known, self._stamp = set(sent), stamp
