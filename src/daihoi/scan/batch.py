"""The batch runner of ``daihoi count scan``: read every page, journal it, count the ballots.

Pages are read by a pool of worker processes (``pool``) or in this process, and each reading is
checked and journalled here, in file and page order, before the next one: an interrupted batch
continues where it stopped, and a page still being read when it stopped is simply read again. A page that is the same paper as an earlier one
(near-identical added ink, or the very same file bytes) is flagged ``duplicate_page`` and not
counted twice. Readings name the image file and page only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from daihoi.engine.ballot import Ballot, Mark
from daihoi.engine.election import Election
from daihoi.engine.results import result_to_dict
from daihoi.engine.tally import count_election
from daihoi.files import write_atomic
from daihoi.scan.ballots import printed_ballot
from daihoi.scan.decide import (
    DUPLICATE_PAGE,
    REASON_TEXT,
    UNCLEAR,
    UNREADABLE_FILE,
    PageStatus,
)
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
from daihoi.scan.score import fingerprint_mask
from daihoi.scan.template import BallotTemplate, Box

PageCallback = Callable[[PageReading], None]


def journal_path(output: Path) -> Path:
    """The journal lives beside the results file: ``results.json`` → ``results.json.journal``."""
    return output.with_name(output.name + ".journal")


@dataclass
class _Seen:
    """Earlier pages, for recognising the same paper scanned twice."""

    by_marks: dict[tuple[str, ...], list[PageReading]]
    by_sha: dict[str, PageReading]


def scan_batch(
    election: Election,
    election_data: Mapping[str, Any],
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
    template = printed_ballot(election).template
    header = {"election": election.id, "round": election.round, "layout": template.layout.hash}
    journal = Journal(journal_file, header)
    try:
        seen = _Seen({}, {})
        for reading in journal.all_readings():
            _remember(seen, reading)
        count = default_workers(len(files)) if workers is None else max(1, workers)
        with PageReaders(election, count) as readers:
            jobs = readers.read(_jobs(files, journal), want_images=crops is not None)
            for job, outcome in jobs:
                _take_file(job, outcome, election, template, journal, seen, crops, on_page)
    finally:
        journal.close()
    readings = journal.all_readings()
    return results_document(election, election_data, readings)


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
    election: Election,
    template: BallotTemplate,
    journal: Journal,
    seen: _Seen,
    crops: Path | None,
    on_page: PageCallback | None,
) -> None:
    """Check, crop and journal one file's readings, in page order (this process only)."""
    source, digest = job.source, job.sha256
    if (source, digest) in journal.files_done:  # the same file given twice
        return
    if job.error is not None:
        problem = UnreadableFile(source, "", job.error)
        _record(journal, seen, _unreadable(problem), on_page)
        return
    for item in outcome.pages:
        if item.unreadable is not None:
            if (source, digest, 1) not in journal.readings:
                _record(journal, seen, _unreadable(item.unreadable), on_page)
            continue
        if item.page in job.done or (source, digest, item.page) in journal.readings:
            continue
        same_bytes = seen.by_sha.get(f"{digest}#{item.page}")
        if same_bytes is not None and same_bytes.source != source:
            reading = PageReading(
                source=source,
                page=item.page,
                sha256=digest,
                status=PageStatus.REJECTED,
                reason=DUPLICATE_PAGE,
                detail="tệp này giống hệt từng byte một tệp đã quét; không đếm lại",
                duplicate_of={"source": same_bytes.source, "page": same_bytes.page},
            )
            _record(journal, seen, reading, on_page)
            continue
        assert item.result is not None
        reading = _check_duplicate(item.result.reading, seen, election, template)
        if crops is not None and reading.status is PageStatus.REVIEW:
            result = item.result
            if result.images is None:  # a duplicate found here: read the page again for crops
                result = _read_again(job, item.page, election) or result
            write_crops(crops, _named(job, item.page), result, reading, template)
        _record(journal, seen, reading, on_page)
    journal.finish_file(source, digest, outcome.count)


def _record(
    journal: Journal, seen: _Seen, reading: PageReading, on_page: PageCallback | None
) -> None:
    journal.record(reading)
    _remember(seen, reading)
    if on_page is not None:
        on_page(reading)


def _unreadable(problem: UnreadableFile) -> PageReading:
    return PageReading(
        source=problem.source,
        page=1,
        sha256=problem.sha256,
        status=PageStatus.REJECTED,
        reason=UNREADABLE_FILE,
        detail=problem.message,
    )


def _marks_key(reading: PageReading) -> tuple[str, ...]:
    return tuple(row.mark for row in reading.rows)


def _remember(seen: _Seen, reading: PageReading) -> None:
    if reading.sha256 and reading.reason != DUPLICATE_PAGE:
        seen.by_sha.setdefault(f"{reading.sha256}#{reading.page}", reading)
    if reading.fingerprint is not None and reading.status is not PageStatus.REJECTED:
        seen.by_marks.setdefault(_marks_key(reading), []).append(reading)


# Pages with less added ink than this (pt²) carry too little of the hand to tell two papers apart.
DUPLICATE_MIN_INK_PX = 200


def _check_duplicate(
    reading: PageReading, seen: _Seen, election: Election, template: BallotTemplate
) -> PageReading:
    if reading.fingerprint is None or reading.status is PageStatus.REJECTED:
        return reading
    candidates = seen.by_marks.get(_marks_key(reading), [])
    if not candidates:
        return reading
    threshold = election.rules.scan.duplicate_min
    mask = fingerprint_mask(reading.fingerprint, template.shape, template.scale)
    if int(np.count_nonzero(mask)) < DUPLICATE_MIN_INK_PX:
        return reading
    grown = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    for earlier in candidates:
        if earlier.fingerprint is None or earlier.key == reading.key:
            continue
        other = fingerprint_mask(earlier.fingerprint, template.shape, template.scale)
        if int(np.count_nonzero(other)) < DUPLICATE_MIN_INK_PX:
            continue
        other_grown = cv2.dilate(other.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        forward = int(np.count_nonzero(mask & other_grown)) / max(1, int(np.count_nonzero(mask)))
        backward = int(np.count_nonzero(other & grown)) / max(1, int(np.count_nonzero(other)))
        if min(forward, backward) >= threshold:
            return replace(
                reading,
                status=PageStatus.REVIEW,
                reason=DUPLICATE_PAGE,
                detail=REASON_TEXT[DUPLICATE_PAGE]
                + f" (giống trang {earlier.page} của {earlier.source})",
                duplicate_of={"source": earlier.source, "page": earlier.page},
            )
    return reading


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


# ---------------------------------------------------------------------------------- results

MARK_REASONS = frozenset({"too_many_kept", "none_kept", "unclear_row"})


def ballot_of(reading: PageReading, election: Election) -> Ballot:
    """The ballot a counted page stands for (its id names the file and page, nothing else)."""
    form_marks = {row.candidate: row.mark for row in reading.rows}
    filler = Mark.KEPT if election.form.value == "strike" else Mark.NEITHER
    marks: dict[str, Mark] = {}
    for candidate in election.candidates:
        value = form_marks.get(candidate.label)
        marks[candidate.label] = filler if value in (None, UNCLEAR) else Mark(value)
    # Reasons the engine finds from the marks themselves are left to it; any other reason (no
    # seal, the committee's ruling) is a ruling on the paper.
    complete = bool(reading.rows) and all(v not in (None, UNCLEAR) for v in form_marks.values())
    ruling = None
    derived = reading.reason in MARK_REASONS and complete
    if reading.status is PageStatus.INVALID and reading.reason and not derived:
        ruling = reading.reason
    return Ballot(f"{reading.source}#{reading.page}", marks, ruling)


def results_document(
    election: Election, election_data: Mapping[str, Any], readings: list[PageReading]
) -> dict[str, Any]:
    """The results JSON: the engine's count of the accepted pages, plus every reading."""
    counted = [r for r in readings if r.status in (PageStatus.VALID, PageStatus.INVALID)]
    pending = sum(1 for r in readings if r.status is PageStatus.REVIEW)
    result = count_election(
        election, [ballot_of(r, election) for r in counted], pending_review=pending
    )
    document = result_to_dict(result)
    by_status: dict[str, int] = {status.value: 0 for status in PageStatus}
    rejected: dict[str, int] = {}
    for reading in readings:
        by_status[reading.status.value] += 1
        if reading.status is PageStatus.REJECTED and reading.reason:
            rejected[reading.reason] = rejected.get(reading.reason, 0) + 1
    document["scan"] = {
        "pages": len(readings),
        "by_status": by_status,
        "rejected_reasons": rejected,
        "thresholds": election.rules.scan.to_dict(),
        "work_scale": printed_ballot(election).template.scale,
        "layout": printed_ballot(election).template.layout.hash,
        "election_file": dict(election_data),
    }
    document["readings"] = [r.to_dict() for r in readings]
    return document
