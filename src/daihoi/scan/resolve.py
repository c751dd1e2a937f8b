"""The counting committee's decisions file, and the recount of a machine count's results.

``decisions.csv`` has one row per decided page: ``source,page,decision,struck,reason``.
``decision`` is ``valid`` (then ``struck`` lists the struck names, separated by ``;``; on the
approve form the names without an X in "đồng ý") or ``invalid`` (then ``reason`` is one of the
rule set's reason codes, e.g. ``other_marks``: the decision is recorded in the results, where
free text would be carried to the minutes and to spreadsheets unchecked). Each row becomes a ``session.Decision``; the session applies them and keeps,
per page, the machine's reading and the human decision.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any

from daihoi.engine.election import Election, parse_election
from daihoi.engine.errors import InputError, Location
from daihoi.engine.names import label_problem, printable
from daihoi.scan.readings import reading_from_dict
from daihoi.scan.session import Decision, PageKey, ScanSession

REQUIRED_COLUMNS = ("source", "page", "decision")


def election_of(results: Mapping[str, Any], source: str) -> Election:
    """The election a machine-count results file was made for (stored in it)."""
    scan = results.get("scan")
    if not isinstance(scan, Mapping) or not isinstance(scan.get("election_file"), Mapping):
        raise InputError(
            "không phải kết quả quét phiếu (thiếu “scan.election_file”)",
            Location(file=source, field="scan"),
        )
    return parse_election(scan["election_file"], f"{source} (scan.election_file)")


def session_of(results: Mapping[str, Any], source: str) -> ScanSession:
    """A session holding the readings of a machine count's results, as they were."""
    election = election_of(results, source)
    raw = results.get("readings")
    if not isinstance(raw, list):
        raise InputError("thiếu danh sách “readings”", Location(file=source, field="readings"))
    session = ScanSession(election)
    for item in raw:
        session.restore(reading_from_dict(item))
    return session


def _file_name(source: str) -> str:
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def read_decisions(text: str, source: str, session: ScanSession) -> Iterator[Decision]:
    """The decisions of a ``decisions.csv`` text, one per row, each naming its page in
    ``session`` (by ``source`` as in the reading, or the file name when that is unique).

    Rows are read as they are taken, so the first bad row is the one reported.
    """
    index: dict[tuple[str, int], PageKey] = {}
    by_name: dict[tuple[str, int], list[PageKey]] = {}
    for key, reading in session.items():
        index[(reading.source, reading.page)] = key
        by_name.setdefault((_file_name(reading.source), reading.page), []).append(key)

    codes = session.election.rules.reason_codes()
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    for column in REQUIRED_COLUMNS:
        if column not in header:
            raise InputError(
                f"thiếu cột “{column}” (cần: source, page, decision; tùy chọn: struck, reason)",
                Location(file=source, row=1, column=column),
            )
    for row_number, row in enumerate(reader, start=2):
        where = Location(file=source, row=row_number)
        named = (row.get("source") or "").strip()
        page_text = (row.get("page") or "").strip()
        if not page_text.isdigit() or int(page_text) < 1:
            raise InputError(
                f"số trang “{page_text}” không hợp lệ", Location(source, row_number, "page")
            )
        page = int(page_text)
        found = index.get((named, page))
        if found is None:
            matches = by_name.get((_file_name(named), page), [])
            if len(matches) == 1:
                found = matches[0]
        if found is None:
            raise InputError(
                f"không có trang {page} của “{named}” trong kết quả quét",
                Location(source, row_number, "source"),
            )
        struck_text = (row.get("struck") or "").strip()
        struck = tuple(name.strip() for name in struck_text.split(";") if name.strip())
        for name in struck:
            if (problem := label_problem(name)) is not None:
                raise InputError(
                    f"tên “{printable(name)}” {problem}", Location(source, row_number, "struck")
                )
        ruling = (row.get("decision") or "").strip().lower()
        reason = (row.get("reason") or "").strip()
        if ruling == "invalid" and reason and reason not in codes:
            raise InputError(
                f"lý do “{printable(reason)}” không phải mã lý do của bộ quy tắc "
                f"“{session.election.rules.name}” (có: {', '.join(codes)})",
                Location(source, row_number, "reason"),
            )
        yield Decision(
            page=found,
            ruling=ruling,
            struck=struck,
            reason=reason,
            record={"row": row_number},
            named=named,
            where=where,
        )


def apply_decisions(
    results: Mapping[str, Any], results_source: str, decisions_text: str, decisions_source: str
) -> dict[str, Any]:
    """Apply the decisions file to the readings of ``results`` and recount."""
    session = session_of(results, results_source)
    session.apply_decisions(read_decisions(decisions_text, decisions_source, session))
    return session.results_document()
