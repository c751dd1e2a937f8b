"""A readable diff between two versions of a draft: per paragraph, then word by word inside.

Paragraphs are matched with difflib over their normalised text; a paragraph replaced by a
similar one is shown as one changed paragraph with its deleted and inserted syllables marked,
so "tăng cường" → "đẩy mạnh" reads as two words struck and two added, not two whole paragraphs.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import StrEnum

from daihoi.drafts.outline import Outline
from daihoi.drafts.text import normalise


class Change(StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Piece:
    kind: Change  # SAME, ADDED or REMOVED
    text: str


@dataclass(frozen=True)
class DiffLine:
    change: Change
    section: str
    old_number: int | None
    new_number: int | None
    pieces: tuple[Piece, ...]


@dataclass(frozen=True)
class Diff:
    lines: tuple[DiffLine, ...]

    @property
    def changed(self) -> int:
        return sum(1 for line in self.lines if line.change is not Change.SAME)

    def count(self, change: Change) -> int:
        return sum(1 for line in self.lines if line.change is change)


def _flatten(outline: Outline) -> list[tuple[str, int, str]]:
    rows: list[tuple[str, int, str]] = []
    for s in outline.sections:
        if s.title:
            rows.append((s.title, 0, s.title))
        rows.extend((s.title, p.number, p.text) for p in s.paragraphs)
    return rows


def word_diff(old: str, new: str) -> tuple[Piece, ...]:
    """Word-level pieces (split on whitespace: one Vietnamese syllable a word)."""
    a, b = old.split(), new.split()
    pieces: list[Piece] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pieces.append(Piece(Change.SAME, " ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            pieces.append(Piece(Change.REMOVED, " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            pieces.append(Piece(Change.ADDED, " ".join(b[j1:j2])))
    return tuple(pieces)


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def diff_outlines(old: Outline, new: Outline) -> Diff:
    """Every paragraph and heading of both versions, in the new version's order."""
    a, b = _flatten(old), _flatten(new)
    matcher = difflib.SequenceMatcher(
        None, [normalise(r[2]) for r in a], [normalise(r[2]) for r in b], autojunk=False
    )
    lines: list[DiffLine] = []

    def num(n: int) -> int | None:
        return n or None

    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for (_, on, _t), (sec, nn, text) in zip(a[i1:i2], b[j1:j2], strict=True):
                lines.append(
                    DiffLine(Change.SAME, sec, num(on), num(nn), (Piece(Change.SAME, text),))
                )
            continue
        olds, news = list(a[i1:i2]), list(b[j1:j2])
        # Pair a removed paragraph with an added one when they are alike: a changed paragraph.
        while olds and news:
            o, n = olds[0], news[0]
            if _ratio(o[2], n[2]) >= 0.4:
                lines.append(
                    DiffLine(Change.CHANGED, n[0], num(o[1]), num(n[1]), word_diff(o[2], n[2]))
                )
                olds.pop(0)
                news.pop(0)
            else:
                break
        for sec, on, text in olds:
            lines.append(
                DiffLine(Change.REMOVED, sec, num(on), None, (Piece(Change.REMOVED, text),))
            )
        for sec, nn, text in news:
            lines.append(DiffLine(Change.ADDED, sec, None, num(nn), (Piece(Change.ADDED, text),)))
    return Diff(tuple(lines))
