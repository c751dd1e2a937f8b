"""Ballots as the counting committee reads them, and the verdict on each one.

Two shapes hold the same facts:

* ``Ballot``: one paper, its marks keyed by candidate (what a scanner or a form produces);
* ``MarkGrid``: many papers in compact form, one string per ballot with one code character per
  candidate column. Hand-entered CSV files of 100,000 ballots are counted in this form, because
  per-ballot objects would cost more than reading the file.

Code characters: strike form ``S`` struck, ``K`` kept; đồng ý / không đồng ý form ``A`` (X in
đồng ý), ``D`` (X in không đồng ý), ``B`` (both boxes), ``N`` (neither).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Form(StrEnum):
    """The paper form: strike names (surplus) or đồng ý / không đồng ý (no surplus)."""

    STRIKE = "strike"
    APPROVE = "approve"


class Mark(StrEnum):
    """What a ballot shows for one candidate."""

    STRUCK = "struck"  # strike form: the whole name is struck through (gạch tên)
    KEPT = "kept"  # strike form: the name is left standing (a vote)
    AGREE = "agree"  # approve form: X in "đồng ý" (a vote)
    DISAGREE = "disagree"  # approve form: X in "không đồng ý"
    BOTH = "both"  # approve form: X in both boxes
    NEITHER = "neither"  # approve form: no X in the row

    @property
    def code(self) -> str:
        """The one-character code of this mark in a ``MarkGrid``."""
        return _CODES[self]


_CODES = {
    Mark.STRUCK: "S",
    Mark.KEPT: "K",
    Mark.AGREE: "A",
    Mark.DISAGREE: "D",
    Mark.BOTH: "B",
    Mark.NEITHER: "N",
}
MARKS_BY_CODE = {code: mark for mark, code in _CODES.items()}
FORM_MARKS = {
    Form.STRIKE: (Mark.STRUCK, Mark.KEPT),
    Form.APPROVE: (Mark.AGREE, Mark.DISAGREE, Mark.BOTH, Mark.NEITHER),
}
FORM_CODES = {form: "".join(m.code for m in marks) for form, marks in FORM_MARKS.items()}


@dataclass(frozen=True)
class Ballot:
    """One ballot paper: its id (the entry or scan number, never a code printed on the paper),
    its marks keyed by candidate label, and the counting committee's ruling (an invalid reason
    code) when the paper is invalid for a reason no mark shows."""

    id: str
    marks: Mapping[str, Mark]
    ruling: str | None = None


class VerdictStatus(StrEnum):
    VALID = "valid"
    INVALID = "invalid"


@dataclass(frozen=True)
class Verdict:
    """The decision on one ballot: valid (with the names it gives a vote to) or invalid with a
    reason code."""

    ballot_id: str
    status: VerdictStatus
    reason: str | None = None
    votes: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return self.status is VerdictStatus.VALID


@dataclass(frozen=True)
class MarkGrid:
    """Many ballots in compact form.

    ``columns`` are candidate labels (any order, each candidate exactly once); ``rows[i]`` is the
    code string of ballot ``ids[i]`` (one character per column); ``rulings`` maps a row index to
    the committee's invalid reason for that ballot.
    """

    columns: tuple[str, ...]
    ids: Sequence[str]
    rows: Sequence[str]
    rulings: Mapping[int, str] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.rows)

    def ballot(self, index: int) -> Ballot:
        """The ballot in row ``index`` as a ``Ballot``."""
        row = self.rows[index]
        marks = {name: MARKS_BY_CODE[code] for name, code in zip(self.columns, row, strict=True)}
        return Ballot(self.ids[index], marks, self.rulings.get(index))

    def ballots(self) -> Iterator[Ballot]:
        """Every ballot, in file order."""
        for index in range(len(self.rows)):
            yield self.ballot(index)


def grid_from_ballots(columns: Sequence[str], ballots: Sequence[Ballot]) -> MarkGrid:
    """Pack ``Ballot`` objects into a ``MarkGrid`` with the given column order.

    A ballot without a mark for some column, or with a mark for an unknown name, is a bug of the
    caller (the reader of the ballots checks names), so it raises ``KeyError``/``ValueError``.
    """
    cols = tuple(columns)
    known = set(cols)
    rows: list[str] = []
    rulings: dict[int, str] = {}
    for index, ballot in enumerate(ballots):
        unknown = set(ballot.marks) - known
        if unknown:
            raise ValueError(f"ballot {ballot.id}: marks for unknown candidates {sorted(unknown)}")
        rows.append("".join(ballot.marks[name].code for name in cols))
        if ballot.ruling:
            rulings[index] = ballot.ruling
    return MarkGrid(cols, [b.id for b in ballots], rows, rulings)
