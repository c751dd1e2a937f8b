"""A folder the central server watches for results bundles (``daihoi web watch-bundles``).

Each pass looks at the files of the folder (not its subfolders, not names beginning with
``.``). A file whose size and time have not changed since the previous look is complete (a
copy still being written is left for a later pass); it is sent to the task queue
(``services.submit_bundle``, source ``folder``), found again by its SHA-256 on the next passes,
and once its import is decided it is moved to ``imported/`` (imported, or received before) or
``refused/`` with ``<name>.txt`` beside it saying why. A file put in again later (a newer
copy of the same name, or the same bytes after its station's key was registered) is decided
again: a decision counts for a file only if it was made after the file was last changed.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .models import BundleImport
from .services import MAX_BUNDLE, plain_text, submit_bundle

IMPORTED_DIR = "imported"
REFUSED_DIR = "refused"

Look = dict[str, tuple[int, int]]  # name → (size, change time in ns)


@dataclass
class Pass:
    """What one pass did: the files sent to the queue, moved, and still waiting."""

    submitted: list[str] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)
    messages: dict[str, str] = field(default_factory=dict)


def look(folder: Path) -> Look:
    """The files of ``folder`` now, with their size and last change."""
    seen: Look = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return seen
    for entry in entries:
        if entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
            continue
        try:
            stat = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        seen[entry.name] = (stat.st_size, max(stat.st_mtime_ns, stat.st_ctime_ns))
    return seen


def run_pass(folder: Path, before: Look, now: Look) -> Pass:
    """Act on the files that did not change between the two looks."""
    done = Pass()
    for name, (size, changed) in sorted(now.items()):
        if before.get(name) != (size, changed):
            done.waiting.append(name)  # new or still being written: the next look decides
            continue
        path = folder / name
        if size > MAX_BUNDLE:
            _move(
                folder,
                name,
                REFUSED_DIR,
                f"Tệp quá lớn cho một gói kết quả: {size} byte, tối đa {MAX_BUNDLE} byte.",
            )
            done.refused.append(name)
            continue
        try:
            data = path.read_bytes()
        except OSError:
            done.waiting.append(name)
            continue
        sha = hashlib.sha256(data).hexdigest()
        since = datetime.fromtimestamp(changed / 1e9, tz=UTC)
        row = (
            BundleImport.objects.filter(
                sha256=sha, source=BundleImport.Source.FOLDER, at__gte=since
            )
            .order_by("-pk")
            .first()
        )
        if row is None:
            submitted = submit_bundle(None, None, data, name, BundleImport.Source.FOLDER)
            done.submitted.append(name)
            row = submitted.row
            row.refresh_from_db()
        if not row.finished:
            done.waiting.append(name)
            continue
        done.messages[name] = row.message
        if row.state == BundleImport.State.DONE and row.outcome in (
            BundleImport.Outcome.IMPORTED,
            BundleImport.Outcome.UNCHANGED,
        ):
            _move(folder, name, IMPORTED_DIR, None)
            done.imported.append(name)
        else:
            reason = row.message or "Không xử lý được tệp này do lỗi hệ thống."
            _move(folder, name, REFUSED_DIR, f"{reason}\n(mã: {row.code or row.state})")
            done.refused.append(name)
    return done


def _move(folder: Path, name: str, where: str, reason: str | None) -> Path:
    target_dir = folder / where
    target_dir.mkdir(exist_ok=True)
    target = target_dir / name
    stem, number = name, 2
    while target.exists() or (
        reason is not None and target.with_name(target.name + ".txt").exists()
    ):
        target = target_dir / f"{stem}.{number}"
        number += 1
    os.replace(folder / name, target)
    if reason is not None:
        text = "\n".join(plain_text(line) for line in reason.split("\n"))
        target.with_name(target.name + ".txt").write_text(text + "\n", encoding="utf-8")
    return target


def watch(
    folder: Path,
    *,
    once: bool,
    interval: float,
    sleep: Callable[[float], None],
    say: Callable[[Pass], None],
) -> None:
    """Look at ``folder`` every ``interval`` seconds and act; ``once``: two looks a moment
    apart (to see that no file is still being written), one pass, and stop."""
    before = look(folder)
    while True:
        sleep(min(interval, 1.0) if once else interval)
        now = look(folder)
        done = run_pass(folder, before, now)
        say(done)
        if once:
            return
        before = look(folder)
