"""The counting committee's decisions on pages sent to review, and the recount.

``decisions.csv`` has one row per decided page: ``source,page,decision,struck,reason``.
``decision`` is ``valid`` (then ``struck`` lists the struck names, separated by ``;``; on the
approve form the names without an X in "đồng ý") or ``invalid`` (then ``reason`` says why, e.g.
``other_marks``). The record keeps, per page, the machine's reading and the human decision.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from daihoi.engine.ballot import Ballot, Mark, VerdictStatus
from daihoi.engine.election import Election, parse_election
from daihoi.engine.errors import InputError, Location
from daihoi.engine.tally import judge_ballot
from daihoi.scan.batch import results_document
from daihoi.scan.decide import PageStatus
from daihoi.scan.readings import PageReading, RowReading, reading_from_dict

REQUIRED_COLUMNS = ("source", "page", "decision")
DECISIONS = ("valid", "invalid")


def election_of(results: Mapping[str, Any], source: str) -> Election:
    """The election a machine-count results file was made for (stored in it)."""
    scan = results.get("scan")
    if not isinstance(scan, Mapping) or not isinstance(scan.get("election_file"), Mapping):
        raise InputError(
            "không phải kết quả quét phiếu (thiếu “scan.election_file”)",
            Location(file=source, field="scan"),
        )
    return parse_election(scan["election_file"], f"{source} (scan.election_file)")


def apply_decisions(
    results: Mapping[str, Any], results_source: str, decisions_text: str, decisions_source: str
) -> dict[str, Any]:
    """Apply the decisions to the readings of ``results`` and recount."""
    election = election_of(results, results_source)
    raw = results.get("readings")
    if not isinstance(raw, list):
        raise InputError(
            "thiếu danh sách “readings”", Location(file=results_source, field="readings")
        )
    readings = [reading_from_dict(item) for item in raw]
    index = {(r.source, r.page): i for i, r in enumerate(readings)}
    by_name: dict[tuple[str, int], list[int]] = {}
    for i, r in enumerate(readings):
        by_name.setdefault((r.source.replace("\\", "/").rsplit("/", 1)[-1], r.page), []).append(i)

    reader = csv.DictReader(io.StringIO(decisions_text))
    header = reader.fieldnames or []
    for column in REQUIRED_COLUMNS:
        if column not in header:
            raise InputError(
                f"thiếu cột “{column}” (cần: source, page, decision; tùy chọn: struck, reason)",
                Location(file=decisions_source, row=1, column=column),
            )
    labels = [c.label for c in election.candidates]
    decided: set[int] = set()
    for row_number, row in enumerate(reader, start=2):

        def where(column: str, _row: int = row_number) -> Location:
            return Location(file=decisions_source, row=_row, column=column)

        source = (row.get("source") or "").strip()
        page_text = (row.get("page") or "").strip()
        if not page_text.isdigit() or int(page_text) < 1:
            raise InputError(f"số trang “{page_text}” không hợp lệ", where("page"))
        page = int(page_text)
        found = index.get((source, page))
        if found is None:
            matches = by_name.get((source.replace("\\", "/").rsplit("/", 1)[-1], page), [])
            if len(matches) == 1:
                found = matches[0]
        if found is None:
            raise InputError(
                f"không có trang {page} của “{source}” trong kết quả quét", where("source")
            )
        if found in decided:
            raise InputError(
                f"trang {page} của “{source}” được quyết định hai lần", where("source")
            )
        decided.add(found)
        decision = (row.get("decision") or "").strip().lower()
        if decision not in DECISIONS:
            raise InputError(
                f"quyết định “{decision}” không hợp lệ (cần: valid hoặc invalid)", where("decision")
            )
        reading = readings[found]
        if reading.status is PageStatus.REJECTED and not reading.rows:
            raise InputError(
                f"trang {page} của “{source}” không đọc được như một phiếu của cuộc bầu này; "
                "không thể quyết định trên nó",
                where("source"),
            )
        reason = (row.get("reason") or "").strip()
        struck_text = (row.get("struck") or "").strip()
        struck = [name.strip() for name in struck_text.split(";") if name.strip()]
        unknown = [name for name in struck if name not in labels]
        if unknown:
            raise InputError(f"tên không có trên phiếu: {', '.join(unknown)}", where("struck"))
        machine = {"status": reading.status.value, "reason": reading.reason}
        if decision == "invalid":
            if not reason:
                raise InputError("phiếu không hợp lệ cần lý do (cột reason)", where("reason"))
            readings[found] = replace(
                reading,
                status=PageStatus.INVALID,
                reason=reason,
                detail=None,
                decision={"decision": "invalid", "reason": reason, "row": row_number},
                machine=reading.machine or machine,
            )
            continue
        marks = _marks(election, struck)
        verdict = judge_ballot(election, Ballot(f"{source}#{page}", marks))
        rows = tuple(
            RowReading(r.number, r.candidate, marks[r.candidate].value, None, r.scores)
            for r in reading.rows
        ) or tuple(
            RowReading(i + 1, label, marks[label].value, None, {}) for i, label in enumerate(labels)
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
            decision={"decision": "valid", "struck": struck, "row": row_number},
            machine=reading.machine or machine,
        )
    return results_document(election, results["scan"]["election_file"], readings)


def _marks(election: Election, struck: list[str]) -> dict[str, Mark]:
    if election.form.value == "strike":
        return {
            c.label: Mark.STRUCK if c.label in struck else Mark.KEPT for c in election.candidates
        }
    return {
        c.label: Mark.DISAGREE if c.label in struck else Mark.AGREE for c in election.candidates
    }


def pending_pages(readings: list[PageReading]) -> int:
    return sum(1 for r in readings if r.status is PageStatus.REVIEW)
