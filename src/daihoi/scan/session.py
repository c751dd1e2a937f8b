"""A scan session: the pages of one election's count, read and checked, with no storage at all.

Pages go in (decoded images, file bytes, or readings a worker process already made), readings
come out; the session finds the same paper given twice, applies the counting committee's
decisions (values, not a file) and counts with the engine. It never touches the filesystem: the
command line (``scan.batch``: files, journal, crops, decisions CSV) and a web station (database,
storage) are adapters around it.

A page is known here by its image's SHA-256 and its page number (``PageKey``), never by a file
name: the ``source`` of a reading is only a label the caller chose (the CLI's file path), kept in
the readings and the results. The same bytes given again are a copy (``PageKey.copy`` 1, 2 …),
recorded as ``rejected`` ``duplicate_page`` and never counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from daihoi.engine.ballot import Ballot, Mark, VerdictStatus
from daihoi.engine.election import Election, election_to_dict
from daihoi.engine.errors import InputError, Location
from daihoi.engine.reasons import MARK_REASONS
from daihoi.engine.results import result_to_dict
from daihoi.engine.tally import Result, count_election, judge_ballot
from daihoi.scan.ballots import printed_ballot
from daihoi.scan.decide import (
    DUPLICATE_PAGE,
    REASON_TEXT,
    UNCLEAR,
    UNREADABLE_FILE,
    PageStatus,
)
from daihoi.scan.dupes import Region, read_signature, similarity
from daihoi.scan.images import PageImage, UnreadableFile, read_pages
from daihoi.scan.reader import PageResult, learn_seal_sample, read_page
from daihoi.scan.readings import PageReading, RowReading
from daihoi.scan.score import fingerprint_mask
from daihoi.scan.seal import SealModel
from daihoi.scan.template import BallotTemplate

RULINGS = ("valid", "invalid")

# Pages with less added ink than this (pt²) carry too little of the hand to tell two papers apart.
DUPLICATE_MIN_INK_PX = 200

BYTE_DUPLICATE_TEXT = "tệp này giống hệt từng byte một tệp đã quét; không đếm lại"


@dataclass(frozen=True)
class PageKey:
    """A page in a session: its image's SHA-256 and page number (1-based within the image).

    ``copy`` counts the times the very same bytes were given before (0 for the first); a copy is
    a byte duplicate, rejected and never counted.
    """

    sha256: str
    page: int
    copy: int = 0


@dataclass(frozen=True)
class Decision:
    """The counting committee's decision on one page (quyết định của ban kiểm phiếu).

    ``ruling`` is ``valid`` (then ``struck`` names the struck candidates; on the approve form the
    names without an X in "đồng ý") or ``invalid`` (then ``reason`` is the reason code).
    ``record`` is kept with the decision in the reading (the CLI: the CSV row); ``named`` is how
    the decider named the page and ``where`` where the decision came from, for error messages.
    """

    page: PageKey
    ruling: str
    struck: tuple[str, ...] = ()
    reason: str = ""
    record: Mapping[str, Any] = field(default_factory=dict)
    named: str = ""
    where: Location | None = None


@dataclass
class _Seen:
    """Earlier pages, for recognising the same paper scanned twice."""

    by_marks: dict[tuple[str, ...], list[tuple[PageReading, dict[int, Region] | None]]] = field(
        default_factory=dict
    )
    by_sha: dict[tuple[str, int], PageReading] = field(default_factory=dict)


class ScanSession:
    """The pages of one count of ``election``, in the order they were given.

    ``seal_sample`` is the committee's seal: scanned stamped blank ballots of this election
    (decoded pages, learnt here; their SHA-256s go to the results) or a seal already learnt
    (``reader.learn_seal_sample``; then ``seal_sample_sha256`` names the samples it was learnt
    from). Each page's seal is then compared with it. Without one, any stamp-like mark of real
    substance is taken for the seal and the results say ``seal_sample: null``.
    """

    def __init__(
        self,
        election: Election,
        seal_sample: SealModel | Sequence[PageImage] | None = None,
        seal_sample_sha256: Sequence[str] = (),
    ) -> None:
        self.election = election
        self.template: BallotTemplate = printed_ballot(election).template
        self._readings: list[PageReading] = []
        self._keys: list[PageKey] = []
        self._index: dict[PageKey, int] = {}
        self._copies: dict[tuple[str, int], int] = {}
        self._seen = _Seen()
        self.seal_model: SealModel | None = None
        self.seal_sample_sha256: tuple[str, ...] = ()
        if isinstance(seal_sample, SealModel):
            self.seal_model = seal_sample
            self.seal_sample_sha256 = tuple(seal_sample_sha256)
        elif seal_sample is not None:
            self.learn_seal(list(seal_sample))

    # ------------------------------------------------------------------------------ the seal

    def learn_seal(self, pages: Sequence[PageImage]) -> SealModel:
        """Learn the committee's seal from scanned stamped blank ballots (decoded pages) and
        compare every page given from now on with it. ``reader.SealSampleError`` says which
        sample cannot be used."""
        self.seal_model = learn_seal_sample(list(pages), self.election)
        self.seal_sample_sha256 = tuple(dict.fromkeys(page.sha256 for page in pages))
        return self.seal_model

    # ------------------------------------------------------------------------------ pages in

    def add_page(self, page: PageImage) -> PageReading:
        """Read one decoded page and add it; return its reading."""
        twin = self._byte_twin(page.sha256, page.page)
        if twin is not None:
            return self._add(_byte_duplicate(page.source, page.page, page.sha256, twin))
        return self.add_result(read_page(page, self.election, self.seal_model))

    def add_result(self, result: PageResult) -> PageReading:
        """Add a page another process already read (``reader.read_page``); return its reading,
        which says ``duplicate_page`` when it is the same paper as an earlier page."""
        reading = result.reading
        twin = self._byte_twin(reading.sha256, reading.page)
        if twin is not None:
            return self._add(_byte_duplicate(reading.source, reading.page, reading.sha256, twin))
        return self._add(self._check_duplicate(reading))

    def add_unreadable(self, problem: UnreadableFile) -> PageReading:
        """Add a file (or one page of it) that cannot be read: a ``rejected`` ``unreadable_file``
        page."""
        return self._add(
            PageReading(
                source=problem.source,
                page=problem.page,
                sha256=problem.sha256,
                status=PageStatus.REJECTED,
                reason=UNREADABLE_FILE,
                detail=problem.message,
            )
        )

    def add_file(self, data: bytes, source: str) -> list[PageReading]:
        """Decode one image or PDF file's bytes (``source`` labels it; its suffix tells the kind
        when the bytes do not) and add each of its pages; return their readings."""
        readings: list[PageReading] = []
        for item in read_pages(Path(source), data):
            if isinstance(item, UnreadableFile):
                readings.append(self.add_unreadable(item))
            else:
                readings.append(self.add_page(item))
        return readings

    def restore(self, reading: PageReading) -> PageKey:
        """Take back, as it is, a reading made earlier (a journal, a database, a results file)."""
        self._add(reading)
        return self._keys[-1]

    # ---------------------------------------------------------------------------- readings out

    def readings(self) -> list[PageReading]:
        """Every page's reading, in the order the pages were given."""
        return list(self._readings)

    def items(self) -> list[tuple[PageKey, PageReading]]:
        """Every page's key and reading, in the order the pages were given."""
        return list(zip(self._keys, self._readings, strict=True))

    def find(self, key: PageKey) -> PageReading | None:
        index = self._index.get(key)
        return None if index is None else self._readings[index]

    def __len__(self) -> int:
        return len(self._readings)

    # ------------------------------------------------------------------------------ decisions

    def apply_decisions(self, decisions: Iterable[Decision]) -> None:
        """Apply the committee's decisions, in order; all of them or, on a refusal, none.

        A decided reading keeps ``machine`` (the machine's status and reason) and ``decision``.
        Refused (``InputError`` at the decision's ``where``): an unknown page, a page decided
        twice, a ruling other than valid/invalid, a page that is not this election's ballot, a
        name not on the ballot, ``invalid`` without a reason.
        """
        election = self.election
        labels = [c.label for c in election.candidates]
        readings = list(self._readings)
        decided: set[int] = set()
        for decision in decisions:

            def at(column: str, _where: Location | None = decision.where) -> Location:
                return replace(_where or Location(), column=column)

            found = self._index.get(decision.page)
            page = decision.page.page
            if found is None:
                raise InputError(
                    f"không có trang {page} của ảnh SHA-256 {decision.page.sha256[:12]}… "
                    "trong phiên quét",
                    at("source"),
                )
            reading = readings[found]
            named = decision.named or reading.source
            if found in decided:
                raise InputError(
                    f"trang {page} của “{named}” được quyết định hai lần", at("source")
                )
            decided.add(found)
            if decision.ruling not in RULINGS:
                raise InputError(
                    f"quyết định “{decision.ruling}” không hợp lệ (cần: valid hoặc invalid)",
                    at("decision"),
                )
            if reading.status is PageStatus.REJECTED and not reading.rows:
                raise InputError(
                    f"trang {page} của “{named}” không đọc được như một phiếu của cuộc bầu này; "
                    "không thể quyết định trên nó",
                    at("source"),
                )
            struck = list(decision.struck)
            unknown = [name for name in struck if name not in labels]
            if unknown:
                raise InputError(f"tên không có trên phiếu: {', '.join(unknown)}", at("struck"))
            machine = {"status": reading.status.value, "reason": reading.reason}
            if decision.ruling == "invalid":
                if not decision.reason:
                    raise InputError("phiếu không hợp lệ cần lý do (cột reason)", at("reason"))
                readings[found] = replace(
                    reading,
                    status=PageStatus.INVALID,
                    reason=decision.reason,
                    detail=None,
                    decision={"decision": "invalid", "reason": decision.reason, **decision.record},
                    machine=reading.machine or machine,
                )
                continue
            marks = _marks(election, struck)
            verdict = judge_ballot(election, Ballot(f"{reading.source}#{page}", marks))
            rows = tuple(
                RowReading(r.number, r.candidate, marks[r.candidate].value, None, r.scores)
                for r in reading.rows
            ) or tuple(
                RowReading(i + 1, label, marks[label].value, None, {})
                for i, label in enumerate(labels)
            )
            readings[found] = replace(
                reading,
                status=PageStatus.VALID
                if verdict.status is VerdictStatus.VALID
                else PageStatus.INVALID,
                reason=verdict.reason,
                detail=None,
                rows=rows,
                form=election.form.value,
                decision={"decision": "valid", "struck": struck, **decision.record},
                machine=reading.machine or machine,
            )
        self._readings = readings
        # Pages given after the decisions are compared with the papers as decided.
        self._seen = _Seen()
        for reading in readings:
            self._remember(reading)

    # ---------------------------------------------------------------------------------- count

    def count(self) -> Result:
        """The engine's count of the accepted pages; ``pending_review`` while any page waits."""
        return count_readings(self.election, self._readings)

    def results_document(self) -> dict[str, Any]:
        """The results JSON (``formats.md``) with the ``scan`` section and every reading."""
        return results_document(self.election, self._readings, self.seal_sample_document())

    def seal_sample_document(self) -> str | list[str] | None:
        """The results' ``scan.seal_sample``: the sample's SHA-256 (a list for several), or
        None when no seal sample was given."""
        if self.seal_model is None:
            return None
        names = list(self.seal_sample_sha256)
        return names[0] if len(names) == 1 else names

    # ------------------------------------------------------------------------------- internals

    def _add(self, reading: PageReading) -> PageReading:
        ident = (reading.sha256, reading.page)
        copy = self._copies.get(ident, 0)
        self._copies[ident] = copy + 1
        key = PageKey(reading.sha256, reading.page, copy)
        self._index[key] = len(self._readings)
        self._keys.append(key)
        self._readings.append(reading)
        self._remember(reading)
        return reading

    def _byte_twin(self, sha256: str, page: int) -> PageReading | None:
        return self._seen.by_sha.get((sha256, page)) if sha256 else None

    def _remember(self, reading: PageReading) -> None:
        if reading.sha256 and reading.reason != DUPLICATE_PAGE:
            self._seen.by_sha.setdefault((reading.sha256, reading.page), reading)
        if reading.fingerprint is not None and reading.status is not PageStatus.REJECTED:
            regions = read_signature(reading.signature) if reading.signature else None
            self._seen.by_marks.setdefault(_marks_key(reading), []).append((reading, regions))

    def _check_duplicate(self, reading: PageReading) -> PageReading:
        """``review`` ``duplicate_page`` when the page's added ink and marks are an earlier
        page's: the same paper scanned twice is not counted twice."""
        if reading.fingerprint is None or reading.status is PageStatus.REJECTED:
            return reading
        candidates = self._seen.by_marks.get(_marks_key(reading), [])
        if not candidates:
            return reading
        threshold = self.election.rules.scan.duplicate_min
        if reading.signature is not None:
            regions = read_signature(reading.signature)
            for earlier, theirs in candidates:
                if theirs is None or earlier.key == reading.key:
                    continue
                if similarity(regions, theirs) >= threshold:
                    return _duplicate(reading, earlier)
            if all(theirs is not None for _, theirs in candidates):
                return reading
        # Readings made before signatures (an older journal): the added-ink maps' overlap.
        template = self.template
        mask = fingerprint_mask(reading.fingerprint, template.shape, template.scale)
        if int(np.count_nonzero(mask)) < DUPLICATE_MIN_INK_PX:
            return reading
        grown = cv2.dilate(mask.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
        for earlier, theirs in candidates:
            if earlier.fingerprint is None or earlier.key == reading.key:
                continue
            if theirs is not None and reading.signature is not None:
                continue
            other = fingerprint_mask(earlier.fingerprint, template.shape, template.scale)
            if int(np.count_nonzero(other)) < DUPLICATE_MIN_INK_PX:
                continue
            other_grown = cv2.dilate(other.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
            forward = int(np.count_nonzero(mask & other_grown)) / max(
                1, int(np.count_nonzero(mask))
            )
            backward = int(np.count_nonzero(other & grown)) / max(1, int(np.count_nonzero(other)))
            if min(forward, backward) >= threshold:
                return _duplicate(reading, earlier)
        return reading


def _duplicate(reading: PageReading, earlier: PageReading) -> PageReading:
    return replace(
        reading,
        status=PageStatus.REVIEW,
        reason=DUPLICATE_PAGE,
        detail=REASON_TEXT[DUPLICATE_PAGE] + f" (giống trang {earlier.page} của {earlier.source})",
        duplicate_of={"source": earlier.source, "page": earlier.page},
    )


def _byte_duplicate(source: str, page: int, sha256: str, twin: PageReading) -> PageReading:
    return PageReading(
        source=source,
        page=page,
        sha256=sha256,
        status=PageStatus.REJECTED,
        reason=DUPLICATE_PAGE,
        detail=BYTE_DUPLICATE_TEXT,
        duplicate_of={"source": twin.source, "page": twin.page},
    )


def _marks_key(reading: PageReading) -> tuple[str, ...]:
    return tuple(row.mark for row in reading.rows)


def _marks(election: Election, struck: list[str]) -> dict[str, Mark]:
    if election.form.value == "strike":
        return {
            c.label: Mark.STRUCK if c.label in struck else Mark.KEPT for c in election.candidates
        }
    return {
        c.label: Mark.DISAGREE if c.label in struck else Mark.AGREE for c in election.candidates
    }


# ---------------------------------------------------------------------------------- results


def ballot_of(reading: PageReading, election: Election) -> Ballot:
    """The ballot a counted page stands for (its id names the page, nothing else)."""
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


def count_readings(election: Election, readings: Iterable[PageReading]) -> Result:
    """The engine's count of the valid and invalid pages; pages in review hold the outcome."""
    readings = list(readings)
    counted = [r for r in readings if r.status in (PageStatus.VALID, PageStatus.INVALID)]
    pending = sum(1 for r in readings if r.status is PageStatus.REVIEW)
    return count_election(
        election, [ballot_of(r, election) for r in counted], pending_review=pending
    )


def results_document(
    election: Election,
    readings: list[PageReading],
    seal_sample: str | list[str] | None = None,
) -> dict[str, Any]:
    """The results JSON: the engine's count of the accepted pages, plus every reading;
    ``seal_sample`` the SHA-256 of the committee's seal sample(s), None without one."""
    document = result_to_dict(count_readings(election, readings))
    by_status: dict[str, int] = {status.value: 0 for status in PageStatus}
    rejected: dict[str, int] = {}
    for reading in readings:
        by_status[reading.status.value] += 1
        if reading.status is PageStatus.REJECTED and reading.reason:
            rejected[reading.reason] = rejected.get(reading.reason, 0) + 1
    template = printed_ballot(election).template
    document["scan"] = {
        "pages": len(readings),
        "by_status": by_status,
        "rejected_reasons": rejected,
        "thresholds": election.rules.scan.to_dict(),
        "work_scale": template.scale,
        "layout": template.layout.hash,
        "seal_sample": seal_sample,
        "election_file": election_to_dict(election),
    }
    document["readings"] = [r.to_dict() for r in readings]
    return document
