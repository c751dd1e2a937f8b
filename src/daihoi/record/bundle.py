"""The results bundle on disk (hồ sơ kết quả): written continuously, in one or more folders.

A folder holds the bundle's files under their names (``docs/bundle.md``), the log
``log.jsonl`` and ``manifest.json`` (every file's SHA-256 and size, the log's head, signed).
Every change keeps the folder verifiable at any moment, a station killed at any instant
included:

* the log is appended one whole line at a time with ``fsync``; a line written only in part is
  the only damage a kill can do, and it is cut off when the station opens the folder again;
* ``put`` writes a file under ``.pending/`` (never over a file the manifest names);
* ``commit`` first writes the new signed manifest to ``.pending/manifest.json`` (the commit
  point), then moves each pending file to its name, then the manifest. A reader that finds
  ``.pending/manifest.json`` takes it and the pending files (``BundleFiles.of_folder``), and
  the station finishes the moves when it opens the folder again.

The first folder is the station's own disk and must work; the others (a USB stick) are copies:
one that is missing or fails is reported in ``Recorder.problems`` and left aside.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import threading
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from daihoi.engine.errors import InputError
from daihoi.files.atomic import write_atomic
from daihoi.record.canonical import canonical_json, sha256_hex
from daihoi.record.errors import ForeignRecord, RecordError
from daihoi.record.key import StationKey
from daihoi.record.log import (
    FORMAT,
    OPENED,
    PAGES_READ,
    Entry,
    Head,
    LogReading,
    data_problem,
    new_entry,
    opened_data,
    read_log,
)
from daihoi.record.records import json_file

LOG = "log.jsonl"
MANIFEST = "manifest.json"
PENDING = ".pending"
BUNDLE_FORMAT = "daihoi-bundle/1"
NAME_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
RESERVED = frozenset({LOG, MANIFEST})
CONGRESS_KEYS = ("id", "name", "organisation")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # no clock in the zip: the same bundle gives the same bytes


def name_problem(name: str) -> str | None:
    """What is wrong with ``name`` as a file of the bundle, or None."""
    parts = name.split("/")
    if name in RESERVED:
        return f"“{name}” là tên dành riêng của hồ sơ"
    if not all(NAME_PART.fullmatch(part) for part in parts):
        return f"tên tệp “{name}” không hợp lệ (chỉ chữ, số, . _ - và /, không bắt đầu bằng .)"
    return None


def manifest_message(manifest: Mapping[str, Any]) -> bytes:
    """What the station signs for a manifest."""
    return b"daihoi-record-manifest/1\n" + canonical_json(dict(manifest))


def signed_manifest(
    key: StationKey, congress: Mapping[str, Any], head: Head, files: Mapping[str, tuple[str, int]]
) -> bytes:
    """The manifest file: the manifest and the station's signature of it."""
    manifest = {
        "format": BUNDLE_FORMAT,
        "congress": dict(congress),
        "key": key.public_hex,
        "fingerprint": key.fingerprint,
        "head": {"n": head.n, "hash": head.hash},
        "files": {
            name: {"sha256": sha, "size": size} for name, (sha, size) in sorted(files.items())
        },
    }
    signature = key.sign(manifest_message(manifest)).hex()
    return json_file({"manifest": manifest, "signature": signature})


def _fsync_dir(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _write(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Write a file whole (``write_atomic``: temporary file, fsync, rename) and, unless the
    caller does it once for many files, fsync its folder so that the rename lasts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomic(path, data)
    except InputError as exc:
        raise OSError(exc.message) from None
    if sync_folder:
        _fsync_dir(path.parent)


@dataclass
class _Folder:
    """One folder of the bundle and what the station knows of it."""

    path: Path
    log: LogReading
    manifest: dict[str, Any] | None

    @property
    def size(self) -> int:
        return len(self.log.entries)


def _finish_commit(folder: Path) -> None:
    """Finish a commit (or one a killed station left half done): move the pending files the
    staged manifest names to their names, then the manifest. Without a staged manifest the
    pending files are puts not yet committed, and stay."""
    pending = folder / PENDING
    staged = pending / MANIFEST
    if staged.is_file():
        data = staged.read_bytes()
        moved: set[Path] = set()
        for name in _manifest_files(data):
            source = pending / name
            if source.is_file():
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, folder / name)
                moved.add((folder / name).parent)
        for parent in sorted(moved):
            _fsync_dir(parent)
        # The manifest last: until it is in place the staged one (and the files) are read.
        os.replace(staged, folder / MANIFEST)
        _fsync_dir(folder)


def _pending_files(folder: Path) -> dict[str, Path]:
    """The puts of a folder not yet committed, by name."""
    pending = folder / PENDING
    found: dict[str, Path] = {}
    if pending.is_dir():
        for path in sorted(pending.rglob("*")):
            name = path.relative_to(pending).as_posix()
            if path.is_file() and name_problem(name) is None:
                found[name] = path
    return found


def _manifest_files(data: bytes) -> dict[str, Any]:
    import json

    try:
        files = json.loads(data)["manifest"]["files"]
    except (ValueError, KeyError, TypeError):
        return {}
    return dict(files) if isinstance(files, dict) else {}


def _read_manifest(folder: Path) -> dict[str, Any] | None:
    import json

    try:
        value = json.loads((folder / MANIFEST).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise RecordError(f"manifest của thư mục {folder} hỏng: {exc}") from None
    manifest = value.get("manifest") if isinstance(value, dict) else None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("congress"), dict):
        raise RecordError(f"manifest của thư mục {folder} hỏng")
    return manifest


class Recorder:
    """The station's writer of the results bundle (ghi hồ sơ kết quả).

    Opens the folders, or resumes a bundle begun earlier in them (the log read and checked,
    a half-finished commit completed, a torn last line cut off, a folder that is behind the
    others brought up to date). Refuses (``RecordError``) a folder holding another congress's
    record or one signed by another key; ``problems`` lists what went wrong with the copies.

    One process writes a bundle (it keeps the head in memory); within it, ``append``, ``put``,
    ``commit`` and ``zip`` may be called from several threads (a lock orders them).
    """

    def __init__(
        self,
        folders: Sequence[str | os.PathLike[str]],
        key: StationKey,
        congress: Mapping[str, str],
    ) -> None:
        if not folders:
            raise RecordError("cần ít nhất một thư mục để ghi hồ sơ")
        missing = [k for k in CONGRESS_KEYS if not str(congress.get(k) or "")]
        if missing:
            raise RecordError(f"thông tin đại hội thiếu: {', '.join(missing)}")
        self.key = key
        self.congress = {k: str(v) for k, v in congress.items()}
        self.problems: list[str] = []
        self._lock = threading.RLock()
        self._folders: list[_Folder] = []
        for index, raw in enumerate(folders):
            path = Path(raw)
            try:
                self._folders.append(self._open(path, first=index == 0))
            except ForeignRecord:
                raise
            except (OSError, RecordError) as exc:
                text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                if index == 0:
                    raise RecordError(f"không ghi được vào thư mục {path}: {text}") from None
                self.problems.append(f"thư mục {path}: {text}")
        primary = max(self._folders, key=lambda f: f.size)
        self._entries: list[Entry] = list(primary.log.entries)
        self._files: dict[str, tuple[str, int]] = {
            name: (str(v["sha256"]), int(v["size"]))
            for name, v in ((primary.manifest or {}).get("files") or {}).items()
        }
        self._committed = Head(**primary.manifest["head"]) if primary.manifest else None
        # Puts made before a station was stopped stay pending: the next commit takes them.
        self._pending: dict[str, tuple[str, int]] = {}
        for name, path in _pending_files(primary.path).items():
            data = path.read_bytes()
            self._pending[name] = (sha256_hex(data), len(data))
        for folder in list(self._folders):
            if folder is not primary and not self._catch_up(folder, primary):
                self._folders.remove(folder)
        if not self._entries:
            self.append(OPENED, opened_data(self.congress, key))
            self.commit()
        else:
            self._check_opened(primary.path, self._entries[0].data)

    # ---------------------------------------------------------------------------- opening

    def _open(self, path: Path, *, first: bool) -> _Folder:
        # A copy's folder is made only where its parent is (a USB stick not plugged in is
        # reported, not replaced by a folder on the station's own disk).
        path.mkdir(parents=first, exist_ok=True)
        if not os.access(path, os.W_OK):
            raise OSError(13, "không có quyền ghi")
        _finish_commit(path)
        try:
            data = (path / LOG).read_bytes()
        except FileNotFoundError:
            data = b""
        log = read_log(data)
        if log.problem is not None:
            raise RecordError(f"nhật ký trong thư mục {path} hỏng ở {log.problem}")
        if log.entries:
            self._check_opened(path, log.entries[0].data)
        if log.torn or log.good_size != len(data):
            # A line written in part by a station killed while writing it: never signed whole.
            with open(path / LOG, "r+b") as out:
                out.truncate(log.good_size)
                out.flush()
                os.fsync(out.fileno())
        manifest = _read_manifest(path)
        if manifest is not None and manifest.get("congress", {}).get("id") != self.congress["id"]:
            raise ForeignRecord(f"thư mục {path} chứa hồ sơ của đại hội khác")
        return _Folder(path, log, manifest)

    def _check_opened(self, path: Path, opened: Mapping[str, Any]) -> None:
        theirs = opened["congress"].get("id")
        if theirs != self.congress["id"]:
            raise ForeignRecord(
                f"thư mục {path} chứa hồ sơ của đại hội “{theirs}”, "
                f"không phải “{self.congress['id']}”"
            )
        if opened["key"] != self.key.public_hex:
            raise ForeignRecord(
                f"hồ sơ trong thư mục {path} được ký bằng khoá {opened['fingerprint']}, "
                f"không phải khoá của trạm này ({self.key.fingerprint})"
            )

    def _catch_up(self, folder: _Folder, primary: _Folder) -> bool:
        """Bring a folder that is behind (a USB stick put back) up to the primary's state."""
        mine = folder.log.entries
        if mine and (len(mine) > len(self._entries) or mine[-1] != self._entries[len(mine) - 1]):
            self.problems.append(f"thư mục {folder.path}: nhật ký khác với thư mục chính; bỏ qua")
            return False
        try:
            if not mine and self._entries:
                _write(folder.path / LOG, b"".join(e.line() for e in self._entries))
            else:
                self._append_lines(folder.path, self._entries[len(mine) :])
            if folder.manifest != primary.manifest and primary.manifest is not None:
                shutil.rmtree(folder.path / PENDING, ignore_errors=True)
                for name in self._files:
                    _write(folder.path / PENDING / name, (primary.path / name).read_bytes())
                self._commit_folder(folder.path, (primary.path / MANIFEST).read_bytes())
            shutil.rmtree(folder.path / PENDING, ignore_errors=True)
            for name, path in _pending_files(primary.path).items():
                _write(folder.path / PENDING / name, path.read_bytes())
        except OSError as exc:
            self.problems.append(f"thư mục {folder.path}: {exc.strerror or exc}")
            return False
        return True

    # ---------------------------------------------------------------------------- writing

    @property
    def head(self) -> Head:
        return self._entries[-1].head

    @property
    def uncommitted(self) -> int:
        """Entries appended since the last commit. After reopening a bundle whose station was
        stopped, the station puts its files as they now are before it commits."""
        return self.head.n - (self._committed.n if self._committed else 0)

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The log's entries so far (read back on resume): what the log already says."""
        return tuple(self._entries)

    @property
    def folders(self) -> list[Path]:
        """The folders being written (a copy that failed is no longer among them)."""
        return [f.path for f in self._folders]

    def _each(self, action: Any) -> None:
        """Do ``action(path)`` in every folder; a copy that fails is reported and left aside."""
        for folder in list(self._folders):
            try:
                action(folder.path)
            except OSError as exc:
                if folder is self._folders[0]:
                    raise RecordError(
                        f"không ghi được vào thư mục {folder.path}: {exc.strerror or exc}"
                    ) from None
                self.problems.append(f"thư mục {folder.path}: {exc.strerror or exc}")
                self._folders.remove(folder)

    @staticmethod
    def _append_lines(path: Path, entries: Sequence[Entry]) -> None:
        if not entries:
            return
        with open(path / LOG, "ab") as out:
            out.write(b"".join(e.line() for e in entries))
            out.flush()
            os.fsync(out.fileno())

    def append(self, kind: str, data: Mapping[str, Any]) -> Head:
        """Append one entry to the log, chained and its head signed; returns the new head.

        ``pages.read`` data without ``total`` gets it (the round's pages so far)."""
        with self._lock:
            return self._append(kind, data)

    def _append(self, kind: str, data: Mapping[str, Any]) -> Head:
        data = dict(data)
        if (
            kind == PAGES_READ
            and "total" not in data
            and {"election", "round", "pages"} <= set(data)
        ):
            data["total"] = self._pages_so_far(str(data["election"]), int(data["round"])) + int(
                data["pages"]
            )
        problem = data_problem(kind, data)
        if problem is not None:
            raise ValueError(problem)
        if not self._entries and kind != OPENED:
            raise ValueError("the first entry opens the record")
        entry = new_entry(
            self.key,
            self.congress["id"],
            self._entries[-1].head if self._entries else None,
            kind,
            data,
        )
        if entry.n == 1:
            # Written whole (temporary file and rename): a log exists only with its first entry.
            self._each(lambda path: _write(path / LOG, entry.line()))
        else:
            self._each(lambda path: self._append_lines(path, [entry]))
        self._entries.append(entry)
        return entry.head

    def _pages_so_far(self, election: str, round_no: int) -> int:
        for entry in reversed(self._entries):
            d = entry.data
            if entry.kind == PAGES_READ and d["election"] == election and d["round"] == round_no:
                return int(d["total"])
        return 0

    def put(self, name: str, content: bytes) -> None:
        """Put a file into the bundle (written now, part of the bundle at the next commit)."""
        with self._lock:
            self._put(name, content)

    def _put(self, name: str, content: bytes) -> None:
        problem = name_problem(name)
        if problem is not None:
            raise ValueError(problem)
        data = bytes(content)
        stamp = (sha256_hex(data), len(data))
        if self._pending.get(name) == stamp:
            return
        if self._files.get(name) == stamp:
            # The same as committed: nothing to write (and an earlier put of it is void).
            if name in self._pending:
                self._each(lambda path: (path / PENDING / name).unlink(missing_ok=True))
                del self._pending[name]
            return
        self._each(lambda path: _write(path / PENDING / name, data, sync_folder=False))
        self._pending[name] = stamp

    def commit(self) -> None:
        """Sign and write the manifest (every file, the log's head) in every folder."""
        with self._lock:
            self._commit()

    def _commit(self) -> None:
        files = {**self._files, **self._pending}
        manifest = signed_manifest(self.key, self.congress, self.head, files)
        self._each(lambda path: self._commit_folder(path, manifest))
        self._files, self._pending = files, {}
        self._committed = self.head

    @staticmethod
    def _commit_folder(path: Path, manifest: bytes) -> None:
        # The pending files' renames last before the staged manifest's (the commit point).
        for parent in sorted({p.parent for p in _pending_files(path).values()}):
            _fsync_dir(parent)
        _write(path / PENDING / MANIFEST, manifest)
        _finish_commit(path)

    # ---------------------------------------------------------------------------- export

    def zip(self, images: Mapping[str, bytes] | None = None) -> bytes:
        """The committed bundle as a zip; ``images`` (``<sha256>.<ext>`` → bytes) go under
        ``images/`` and into its manifest, signed again for the zip."""
        with self._lock:
            return self._zip(images)

    def _zip(self, images: Mapping[str, bytes] | None) -> bytes:
        primary = self._folders[0].path
        if self._committed is None:
            raise RecordError("hồ sơ chưa được chốt lần nào")
        contents = {name: (primary / name).read_bytes() for name in self._files}
        for raw, data in (images or {}).items():
            name = raw if raw.startswith("images/") else f"images/{raw}"
            stem = name.removeprefix("images/").split(".", 1)[0]
            if sha256_hex(data) != stem:
                raise ValueError(f"image {raw}: its bytes' SHA-256 is not its name")
            contents[name] = bytes(data)
        files = {name: (sha256_hex(data), len(data)) for name, data in contents.items()}
        manifest = signed_manifest(self.key, self.congress, self._committed, files)
        log = b"".join(e.line() for e in self._entries[: self._committed.n])
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bundle:
            for name, data in [(MANIFEST, manifest), (LOG, log), *sorted(contents.items())]:
                info = zipfile.ZipInfo(name, ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                bundle.writestr(info, data)
        return out.getvalue()


__all__ = ["FORMAT", "Recorder"]
