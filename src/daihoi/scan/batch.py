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
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from daihoi.engine.election import Election
from daihoi.files import write_atomic
from daihoi.scan.decide import DUPLICATE_PAGE, UNCLEAR, PageStatus
from daihoi.scan.images import (
    PageImage,
    UnreadableFile,
    expand_inputs,
    file_sha256,
    read_pages,
)
from daihoi.scan.journal import Journal
from daihoi.scan.pool import FileJob, FileOutcome, PageReaders, default_workers
from daihoi.scan.reader import PageResult, read_page
from daihoi.scan.readings import PageReading
from daihoi.scan.session import ScanSession
from daihoi.scan.template import BallotTemplate, Box

PageCallback = Callable[[PageReading], None]


def journal_path(output: Path) -> Path:
    """The journal lives beside the results file: ``results.json`` → ``results.json.journal``."""
    return output.with_name(output.name + ".journal")


def scan_batch(
    election: Election,
    inputs: Iterable[Path],
    journal_file: Path,
    *,
    crops: Path | None = None,
    on_page: PageCallback | None = None,
    workers: int | None = None,
) -> dict[str, Any]:
    """Read every page of ``inputs`` (resuming from ``journal_file``) and return the results.

    ``workers`` processes read the pages (None: one per core when the batch is big enough to
    repay starting them); this process alone checks, journals and counts them, in file order.
    """
    files = expand_inputs(inputs)
    session = ScanSession(election)
    header = {
        "election": election.id,
        "round": election.round,
        "layout": session.template.layout.hash,
    }
    journal = Journal(journal_file, header)
    try:
        for reading in journal.all_readings():
            session.restore(reading)
        count = default_workers(len(files)) if workers is None else max(1, workers)
        with PageReaders(election, count) as readers:
            jobs = readers.read(_jobs(files, journal), want_images=crops is not None)
            for job, outcome in jobs:
                _take_file(job, outcome, session, journal, crops, on_page)
    finally:
        journal.close()
    return session.results_document()


def _jobs(files: list[Path], journal: Journal) -> Iterator[FileJob]:
    """The files still to read, with the pages of each already in the journal."""
    for path in files:
        source = str(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield FileJob(source, b"", "", frozenset(), f"không đọc được tệp: {exc.strerror}")
            continue
        digest = file_sha256(data)
        if (source, digest) in journal.files_done:
            continue
        done = frozenset(
            page for (src, sha, page) in journal.readings if (src, sha) == (source, digest)
        )
        yield FileJob(source, data, digest, done, None)


def _take_file(
    job: FileJob,
    outcome: FileOutcome,
    session: ScanSession,
    journal: Journal,
    crops: Path | None,
    on_page: PageCallback | None,
) -> None:
    """Check (in the session), crop and journal one file's readings, in page order."""
    source, digest = job.source, job.sha256
    if (source, digest) in journal.files_done:  # the same file given twice
        return
    if job.error is not None:
        reading = session.add_unreadable(UnreadableFile(source, "", job.error))
        _record(journal, reading, on_page)
        return
    for item in outcome.pages:
        if item.unreadable is not None:
            if (source, digest, 1) not in journal.readings:
                _record(journal, session.add_unreadable(item.unreadable), on_page)
            continue
        if item.page in job.done or (source, digest, item.page) in journal.readings:
            continue
        assert item.result is not None
        reading = session.add_result(item.result)
        if crops is not None and reading.status is PageStatus.REVIEW:
            result = item.result
            if result.images is None:  # a duplicate found here: read the page again for crops
                result = _read_again(job, item.page, session.election) or result
            write_crops(crops, _named(job, item.page), result, reading, session.template)
        _record(journal, reading, on_page)
    journal.finish_file(source, digest, outcome.count)


def _record(journal: Journal, reading: PageReading, on_page: PageCallback | None) -> None:
    journal.record(reading)
    if on_page is not None:
        on_page(reading)


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


def _read_again(job: FileJob, page: int, election: Election) -> PageResult | None:
    for item in read_pages(Path(job.source), job.data):
        if isinstance(item, PageImage) and item.page == page:
            return read_page(item, election)
    return None
