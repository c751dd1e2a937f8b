"""The batch journal: one JSON line per page read, appended and fsynced, for resuming.

An interrupted batch (Ctrl-C, kill -9, a power cut) is continued by running the same command:
pages already in the journal are not read again, so no page is counted twice or lost. A line
cut short by a power cut is dropped (and cut off the file) when the journal is opened again.

One batch at a time writes a journal: ``BatchLock`` holds an exclusive lock on a file beside it
(``….journal.lock``, naming the process that holds it) for as long as the batch runs; the
operating system lets go of it when that process ends, however it ends.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import IO, Any

from daihoi.engine.errors import InputError, Location
from daihoi.scan.readings import PageReading, reading_from_dict

FORMAT = "daihoi-scan-journal/1"


def lock_path(journal: Path) -> Path:
    """The lock file of a journal: ``results.json.journal`` → ``results.json.journal.lock``."""
    return journal.with_name(journal.name + ".lock")


class BatchLock:
    """An exclusive hold on the journal ``path`` (a lock on ``path.lock``) for one batch.

    A second batch on the same output is refused (``InputError``, exit 2) with the process id
    and start time of the batch holding it, rather than both writing one results file.
    """

    def __init__(self, path: Path) -> None:
        self.path = lock_path(path)
        self._handle: IO[bytes] | None = open(self.path, "a+b")  # noqa: SIM115 - held until close
        if not _try_lock(self._handle):
            self._handle.seek(0)
            holder = self._handle.read(200).decode("utf-8", "replace").strip()
            self._handle.close()
            self._handle = None
            raise InputError(
                f"một lần quét khác đang ghi vào kết quả này ({holder or 'không rõ tiến trình'}); "
                "hãy đợi nó xong, hoặc chọn tệp kết quả khác",
                Location(file=str(path)),
            )
        self._handle.seek(0)
        self._handle.truncate()
        started = time.strftime("%Y-%m-%d %H:%M:%S")
        self._handle.write(f"tiến trình {os.getpid()}, bắt đầu lúc {started}\n".encode())
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file lets go of the lock
            self._handle = None


if sys.platform == "win32":
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        # One byte well past the holder's line, so that others can still read who holds it.
        handle.seek(4096)
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


class Journal:
    """Append-only record of a batch, keyed by image file (name and SHA-256) and page; held by
    one batch at a time (``BatchLock``)."""

    def __init__(self, path: Path, header: dict[str, Any]) -> None:
        self.path = path
        self._lock = BatchLock(path)
        try:
            self._open(header)
        except BaseException:
            self._lock.close()
            raise

    def _open(self, header: dict[str, Any]) -> None:
        path = self.path
        self.header = {"kind": "header", "format": FORMAT, **header}
        self.readings: dict[tuple[str, str, int], PageReading] = {}
        self.order: list[tuple[str, str, int]] = []
        self.files_done: set[tuple[str, str]] = set()
        self._load()
        self._handle = open(path, "ab")  # noqa: SIM115 - kept open for the whole batch
        if path.stat().st_size == 0:
            self._append(self.header)

    def _load(self) -> None:
        if not self.path.exists():
            return
        raw = self.path.read_bytes()
        good_end = 0
        lines = raw.split(b"\n")
        offset = 0
        for index, line in enumerate(lines):
            end = offset + len(line) + 1
            if not line.strip():
                offset = end
                continue
            try:
                entry = json.loads(line)
            except (json.JSONDecodeError, RecursionError, UnicodeDecodeError):
                # A line the journal never writes (cut short, or not JSON it could have made).
                if index == len(lines) - 1 or all(not rest.strip() for rest in lines[index + 1 :]):
                    break  # the last line, cut short: the page it named is read again
                raise InputError(
                    "nhật ký quét bị hỏng ở giữa tệp; hãy xóa nó để quét lại từ đầu",
                    Location(file=str(self.path), row=index + 1),
                ) from None
            self._take(entry, index + 1)
            good_end = min(end, len(raw))
            offset = end
        if good_end < len(raw):
            with open(self.path, "r+b") as handle:
                handle.truncate(good_end)
                if good_end and not raw[:good_end].endswith(b"\n"):
                    handle.seek(good_end)
                    handle.write(b"\n")

    def _take(self, entry: dict[str, Any], line: int) -> None:
        kind = entry.get("kind")
        if kind == "header":
            for key in ("election", "round", "layout", "seal_sample"):
                if entry.get(key) != self.header.get(key):
                    raise InputError(
                        "nhật ký quét bên cạnh tệp kết quả thuộc cuộc bầu hoặc mẫu phiếu khác "
                        f"({key}: {entry.get(key)}); hãy chọn tệp kết quả khác hoặc xóa nhật ký",
                        Location(file=str(self.path), row=line),
                    )
        elif kind == "page":
            reading = reading_from_dict(entry["reading"])
            if reading.key not in self.readings:
                self.order.append(reading.key)
            self.readings[reading.key] = reading
        elif kind == "file":
            self.files_done.add((str(entry["source"]), str(entry["sha256"])))

    def _append(self, entry: dict[str, Any]) -> None:
        line = json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"
        try:
            self._handle.write(line.encode("utf-8"))
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:  # a full disk: say which file could not be written
            raise OSError(exc.errno, exc.strerror, str(self.path)) from exc

    def record(self, reading: PageReading) -> None:
        """Write one page's reading durably before going on to the next page."""
        self._append({"kind": "page", "reading": reading.to_dict(with_fingerprint=True)})
        if reading.key not in self.readings:
            self.order.append(reading.key)
        self.readings[reading.key] = reading

    def finish_file(self, source: str, sha256: str, pages: int) -> None:
        self._append({"kind": "file", "source": source, "sha256": sha256, "pages": pages})
        self.files_done.add((source, sha256))

    def all_readings(self) -> list[PageReading]:
        return [self.readings[key] for key in self.order]

    def close(self) -> None:
        try:
            self._handle.close()
        finally:
            self._lock.close()
