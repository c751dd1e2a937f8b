"""The batch runner of ``daihoi count scan``: the files, the journal and the crops around a
``ScanSession``.

Pages are read by a pool of worker processes (``pool``) or in this process; the session checks
each reading (the same paper twice) and this adapter journals it, in file and page order, before
the next one: an interrupted batch continues where it stopped, and a page still being read when
it stopped is simply read again. Readings name the image file and page only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from daihoi.engine.election import Election
from daihoi.files import write_atomic
from daihoi.scan.decide import DUPLICATE_PAGE, UNCLEAR, UNREADABLE_FILE, PageStatus
from daihoi.scan.images import (
    PageImage,
    UnreadableFile,
    expand_inputs,
    file_sha256,
    read_pages,
)
from daihoi.scan.journal import Journal
from daihoi.scan.pool import FileJob, FileOutcome, PageReaders, default_workers
from daihoi.scan.reader import PageResult, SealSampleError, read_page
from daihoi.scan.readings import PageReading
from daihoi.scan.seal import SealModel
from daihoi.scan.session import ScanSession
from daihoi.scan.template import BallotTemplate, Box

PageCallback = Callable[[PageReading], None]


def journal_path(output: Path) -> Path:
    """The journal lives beside the results file: ``results.json`` → ``results.json.journal``."""
    return output.with_name(output.name + ".journal")


@dataclass(frozen=True)
class BatchResult:
    """What ``scan_batch`` made: the results document, and the journalled pages it left out
    because their file is no longer among the inputs (deleted, or changed since)."""

    document: dict[str, Any]
    left_out: tuple[PageReading, ...]


def scan_batch(
    election: Election,
    inputs: Iterable[Path],
    journal_file: Path,
    *,
    crops: Path | None = None,
    on_page: PageCallback | None = None,
    workers: int | None = None,
    seal_sample: Iterable[Path] = (),
) -> BatchResult:
    """Read every page of ``inputs`` (resuming from ``journal_file``) and return the results.

    ``workers`` processes read the pages (None: one per core when the batch is big enough to
    repay starting them); this process alone checks, journals and counts them, in file order.
    The journal is a cache of readings, not a list of ballots: only the pages of the files
    given now are counted, in the order they are given, whether read now or found in it.
    ``seal_sample``: image files of stamped blank ballots, the committee's seal
    (``reader.SealSampleError`` when one cannot be used).
    """
    files = expand_inputs(inputs)
    session = ScanSession(election)
    samples = seal_sample_pages(seal_sample)
    if samples:
        session.learn_seal(samples)
    header = {
        "election": election.id,
        "round": election.round,
        "layout": session.template.layout.hash,
        "seal_sample": session.seal_sample_document(),
    }
    journal = Journal(journal_file, header)
    run = _Run(session, journal, crops, on_page)
    try:
        count = default_workers(len(files)) if workers is None else max(1, workers)
        with PageReaders(election, count, session.seal_model) as readers:
            jobs = readers.read(_jobs(files, journal), want_images=crops is not None)
            for job, outcome in jobs:
                run.take_file(job, outcome)
    finally:
        journal.close()
    left_out = tuple(journal.readings[key] for key in journal.order if key not in run.used)
    return BatchResult(session.results_document(), left_out)


def seal_sample_pages(paths: Iterable[Path]) -> list[PageImage]:
    """The decoded pages of the seal sample files (``SealSampleError`` for one not readable)."""
    pages: list[PageImage] = []
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SealSampleError(f"không đọc được tệp mẫu dấu {path}: {exc.strerror}") from None
        for item in read_pages(path, data):
            if isinstance(item, UnreadableFile):
                raise SealSampleError(f"tệp mẫu dấu {path}: {item.message}")
            pages.append(item)
    return pages


def _jobs(files: list[Path], journal: Journal) -> Iterator[FileJob]:
    """The files to read, each with its pages already in the journal (not read again).

    A journalled copy of a page (``duplicate_page``) whose original is not among the pages
    given before it is read again: it may be the only copy left.
    """
    by_file: dict[tuple[str, str], list[int]] = {}
    for source, sha, page in journal.order:
        by_file.setdefault((source, sha), []).append(page)
    given: set[tuple[str, int]] = set()  # journalled pages of the files yielded so far
    for path in files:
        source = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield FileJob(source, b"", "", frozenset(), f"không đọc được tệp: {exc.strerror}")
            continue
        digest = file_sha256(data)
        cached = sorted(by_file.get((source, digest), []))
        done: list[int] = []
        for page in cached:
            original = journal.readings[(source, digest, page)].duplicate_of
            if original is not None and (original["source"], original["page"]) not in given:
                continue
            done.append(page)
            given.add((source, page))
        complete = (source, digest) in journal.files_done and len(done) == len(cached)
        yield FileJob(source, b"" if complete else data, digest, frozenset(done), None, complete)


@dataclass
class _Run:
    """One run of the batch: what this process hands to the session and journals, in order."""

    session: ScanSession
    journal: Journal
    crops: Path | None
    on_page: PageCallback | None
    used: set[tuple[str, str, int]] = field(default_factory=set)  # journal keys in the session
    taken: set[tuple[str, str]] = field(default_factory=set)  # files (name, SHA-256) taken

    def take_file(self, job: FileJob, outcome: FileOutcome) -> None:
        """Check (in the session), crop and journal one file's pages, in page order; the pages
        already journalled go to the session as they were read, and are checked again for
        copies among the pages given now."""
        source, digest = job.source, job.sha256
        if (source, digest) in self.taken:  # the same file given twice
            return
        self.taken.add((source, digest))
        session = self.session
        if job.error is not None:
            self._record(session.add_unreadable(UnreadableFile(source, "", job.error)))
            return
        fresh = {item.page: item for item in outcome.pages if item.page not in job.done}
        for page in sorted(job.done | fresh.keys()):
            if page in job.done:
                key = (source, digest, page)
                self.used.add(key)
                cached = self.journal.readings[key]
                if cached.reason in (DUPLICATE_PAGE, UNREADABLE_FILE):
                    session.restore(cached)  # its original was given before it (see _jobs)
                else:
                    # A machine reading, checked again among the pages given now: in another
                    # order it may be the copy of a page given before it this time.
                    session.add_result(PageResult(cached, None, None))
                continue
            item = fresh[page]
            if item.unreadable is not None:
                self._record(session.add_unreadable(item.unreadable))
                continue
            assert item.result is not None
            reading = session.add_result(item.result)
            if self.crops is not None and reading.status is PageStatus.REVIEW:
                result = item.result
                if result.images is None:  # a duplicate found here: read again for crops
                    result = _read_again(job, page, session.election, session.seal_model) or result
                write_crops(self.crops, _named(job, page), result, reading, session.template)
            self._record(reading)
        if not job.cached:
            self.journal.finish_file(source, digest, outcome.count)

    def _record(self, reading: PageReading) -> None:
        self.journal.record(reading)
        self.used.add(reading.key)
        if self.on_page is not None:
            self.on_page(reading)


# ------------------------------------------------------------------------------------ crops


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_") or "trang"


def write_crops(
    folder: Path,
    page: PageImage,
    result: PageResult,
    reading: PageReading,
    template: BallotTemplate,
) -> list[Path]:
    """Write each doubtful row or area of a page sent to review as a PNG; return the files."""
    if result.images is None:
        return []
    folder.mkdir(parents=True, exist_ok=True)
    gray = result.images.gray
    stem = f"{_safe(Path(page.source).name)}-trang{page.page}"
    written: list[Path] = []

    def save(name: str, box: Box | None) -> None:
        if box is None:
            image = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
        else:
            x0, y0, x1, y1 = box.pixels(template.scale)
            image = gray[max(0, y0) : y1, max(0, x0) : x1]
        target = folder / f"{stem}-{name}.png"
        ok, data = cv2.imencode(".png", image)
        if ok:
            write_atomic(target, data.tobytes())
            written.append(target)

    layout = template.layout
    for row, row_layout in zip(reading.rows, layout.rows, strict=True):
        if row.mark == UNCLEAR:
            save(f"dong{row.number}", row_layout.row.grown(3))
    if reading.seal is not None and reading.seal.get("state") == "doubtful":
        save("dau", layout.seal.grown(6))
    if reading.reason in {"written_in", "other_marks", DUPLICATE_PAGE}:
        save("ca-trang", None)
    return written


def _named(job: FileJob, page: int) -> PageImage:
    """The page's name for its crops (the pixels are in the reading's images)."""
    return PageImage(job.source, page, job.sha256, np.zeros((1, 1), np.uint8))


def _read_again(
    job: FileJob, page: int, election: Election, seal_model: SealModel | None = None
) -> PageResult | None:
    for item in read_pages(Path(job.source), job.data):
        if isinstance(item, PageImage) and item.page == page:
            return read_page(item, election, seal_model)
    return None
