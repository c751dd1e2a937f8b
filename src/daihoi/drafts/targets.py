"""Targets alignment (hệ thống chỉ tiêu): a unit's draft against the level above's indicators.

The level above publishes its indicators with codes (name, unit of measure, value, year, and
which direction is better); a unit maps each of its own indicators to one of those codes, or to
none. ``align`` tells, before the draft is sent up, which indicators of the level above the
unit's draft is missing, which of its targets are weaker (by the indicator's direction: a lower
target where higher is better, a higher one where lower is better), and where the units of
measure differ (values are then never compared: 80 % and 80 people say nothing of each other).
Values are ``Decimal``, never ``float``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum


class Direction(Enum):
    HIGHER = "higher"  # cao hơn là tốt hơn
    LOWER = "lower"  # thấp hơn là tốt hơn


@dataclass(frozen=True)
class Indicator:
    """One indicator of the level above (chỉ tiêu của cấp trên)."""

    code: str
    name: str
    unit: str  # đơn vị tính: "%", "km", "triệu đồng/người/năm"
    value: Decimal
    year: int
    direction: Direction


@dataclass(frozen=True)
class Mapping:
    """One indicator of the unit's draft, mapped to a code of the level above ("" for none)."""

    name: str
    unit: str
    value: Decimal
    code: str = ""


class Verdict(Enum):
    OK = "ok"  # as strong as the level above, or stronger
    WEAKER = "weaker"  # thấp hơn chỉ tiêu cấp trên (by its direction)
    UNIT_MISMATCH = "unit_mismatch"  # khác đơn vị tính
    UNKNOWN_CODE = "unknown_code"  # mapped to a code the level above does not have


@dataclass(frozen=True)
class Line:
    """One mapped indicator and what became of it."""

    mine: Mapping
    above: Indicator | None
    verdict: Verdict


@dataclass(frozen=True)
class Alignment:
    missing: tuple[Indicator, ...]  # codes of the level above that no indicator maps to
    lines: tuple[Line, ...]  # every mapped indicator, in the unit's order
    unmapped: tuple[Mapping, ...]  # the unit's own indicators with no code

    def of(self, verdict: Verdict) -> tuple[Line, ...]:
        return tuple(line for line in self.lines if line.verdict is verdict)

    @property
    def weaker(self) -> tuple[Line, ...]:
        return self.of(Verdict.WEAKER)

    @property
    def unit_mismatch(self) -> tuple[Line, ...]:
        return self.of(Verdict.UNIT_MISMATCH)

    @property
    def aligned(self) -> bool:
        return not self.missing and all(line.verdict is Verdict.OK for line in self.lines)


def normal_unit(unit: str) -> str:
    """The unit as compared: "%", " % " and "％" are one unit; case and spaces do not count."""
    folded = unicodedata.normalize("NFKC", unit).casefold()
    return "".join(folded.split())


def normal_code(code: str) -> str:
    return "".join(unicodedata.normalize("NFKC", code).casefold().split())


def _verdict(mine: Mapping, above: Indicator) -> Verdict:
    if normal_unit(mine.unit) != normal_unit(above.unit):
        return Verdict.UNIT_MISMATCH
    if above.direction is Direction.HIGHER and mine.value < above.value:
        return Verdict.WEAKER
    if above.direction is Direction.LOWER and mine.value > above.value:
        return Verdict.WEAKER
    return Verdict.OK


def align(above: list[Indicator], mine: list[Mapping]) -> Alignment:
    """Compare the unit's mapped indicators with the level above's (codes match without case)."""
    by_code = {normal_code(ind.code): ind for ind in above}
    lines: list[Line] = []
    unmapped: list[Mapping] = []
    covered: set[str] = set()
    for m in mine:
        code = normal_code(m.code)
        if not code:
            unmapped.append(m)
            continue
        ind = by_code.get(code)
        if ind is None:
            lines.append(Line(m, None, Verdict.UNKNOWN_CODE))
            continue
        covered.add(code)
        lines.append(Line(m, ind, _verdict(m, ind)))
    missing = tuple(ind for ind in above if normal_code(ind.code) not in covered)
    return Alignment(missing=missing, lines=tuple(lines), unmapped=tuple(unmapped))
