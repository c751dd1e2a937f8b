"""Double entry (nhập liệu độc lập): the same ballots typed on two or three computers must agree.

``compare_entries`` lines the entries up by ballot id and lists every ballot that differs: cells
whose marks differ, a different committee ruling, or a ballot missing from some entry. A count is
announced only when the list is empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from daihoi.engine.ballot import MarkGrid

RULING_COLUMN = "invalid"


@dataclass(frozen=True)
class CellDifference:
    """One cell that differs: the column and its value in each entry, in entry order (the
    value is the mark code of ``MarkGrid``, or the ruling text for the ``invalid`` column)."""

    column: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class EntryDifference:
    """One ballot on which the entries disagree."""

    ballot_id: str
    missing_from: tuple[str, ...]  # sources that lack this ballot
    cells: tuple[CellDifference, ...]  # empty when the ballot is missing somewhere


def compare_entries(entries: Sequence[tuple[str, MarkGrid]]) -> list[EntryDifference]:
    """Compare entries ``(source, grid)`` of the same ballots; return the differing ballots in
    the order of the first entry (then those only in later entries)."""
    if len(entries) < 2:
        return []
    columns = entries[0][1].columns
    views: list[tuple[str, dict[str, tuple[str, str]]]] = []
    for source, grid in entries:
        index = [grid.columns.index(label) for label in columns]
        rows: dict[str, tuple[str, str]] = {}
        for i, (ballot_id, row) in enumerate(zip(grid.ids, grid.rows, strict=True)):
            ordered = row if grid.columns == columns else "".join(row[j] for j in index)
            rows[ballot_id] = (ordered, grid.rulings.get(i, ""))
        views.append((source, rows))

    order: list[str] = []
    seen: set[str] = set()
    for _, rows in views:
        for ballot_id in rows:
            if ballot_id not in seen:
                seen.add(ballot_id)
                order.append(ballot_id)

    differences: list[EntryDifference] = []
    for ballot_id in order:
        found = [(source, rows.get(ballot_id)) for source, rows in views]
        missing = tuple(source for source, row in found if row is None)
        if missing:
            differences.append(EntryDifference(ballot_id, missing, ()))
            continue
        present = [row for _, row in found if row is not None]
        if all(row == present[0] for row in present[1:]):
            continue
        cells: list[CellDifference] = []
        for j, label in enumerate(columns):
            values = tuple(row[0][j] for row in present)
            if len(set(values)) > 1:
                cells.append(CellDifference(label, values))
        rulings = tuple(row[1] for row in present)
        if len(set(rulings)) > 1:
            cells.append(CellDifference(RULING_COLUMN, rulings))
        differences.append(EntryDifference(ballot_id, (), tuple(cells)))
    return differences
