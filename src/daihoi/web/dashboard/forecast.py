"""Pure arithmetic of the dashboard (no Django): shares, completion forecasts, series.

The dashboard feeds these functions with small grouped figures (counts per date, per level)
read in a few queries, so nothing here grows with the number of organisations beyond the
number of distinct dates. ``today`` is always passed in; nothing reads the clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

HUNDREDTH = Decimal("0.01")


def percent(part: int, whole: int) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to 2 decimals (half up); None when whole is 0."""
    if whole <= 0:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def fraction_percent(value: Fraction) -> Decimal:
    """A ratio as a percentage to 2 decimals, rounded half up, computed exactly."""
    scaled = value * 100
    return (Decimal(scaled.numerator) / Decimal(scaled.denominator)).quantize(
        HUNDREDTH, rounding=ROUND_HALF_UP
    )


def week_bounds(today: date) -> tuple[date, date]:
    """Monday and Sunday of the week that contains ``today``."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


@dataclass(frozen=True)
class Forecast:
    """Expected completion of one level at one deadline (dự kiến hoàn thành)."""

    level: int
    deadline: date
    total: int
    held_by_deadline: int
    expected: int

    @property
    def share(self) -> Fraction:
        return Fraction(self.expected, self.total) if self.total else Fraction(0)

    @property
    def percent(self) -> Decimal | None:
        return fraction_percent(self.share) if self.total else None

    @property
    def missing(self) -> int:
        return self.total - self.expected


def forecast_completion(
    *,
    level: int,
    deadline: date,
    total: int,
    held_on: Mapping[date, int],
    pending_on: Mapping[date, int],
    today: date,
) -> Forecast:
    """Expected number of congresses held by ``deadline`` from the planned dates.

    Counts the congresses already held on or before the deadline, plus those still waiting
    whose planned date falls between today and the deadline. Overdue ones (planned date
    already past) and postponed ones are not counted: nobody has given them a new date yet.
    """
    held = sum(n for day, n in held_on.items() if day <= deadline)
    coming = sum(n for day, n in pending_on.items() if today <= day <= deadline)
    return Forecast(
        level=level,
        deadline=deadline,
        total=total,
        held_by_deadline=held,
        expected=min(total, held + coming),
    )


@dataclass(frozen=True)
class SeriesPoint:
    """Cumulative count of held congresses at the end of ``day``."""

    day: date
    held: int


def cumulative_series(held_on: Mapping[date, int]) -> list[SeriesPoint]:
    """Running total of congresses held, one point per date on which any was held."""
    running = 0
    points = []
    for day in sorted(held_on):
        running += held_on[day]
        points.append(SeriesPoint(day, running))
    return points


def projected_series(start: int, pending_on: Mapping[date, int], today: date) -> list[SeriesPoint]:
    """Running total from ``start`` (held so far) adding the planned dates from today on."""
    running = start
    points = [SeriesPoint(today, running)]
    for day in sorted(d for d in pending_on if d >= today):
        running += pending_on[day]
        points.append(SeriesPoint(day, running))
    return points


@dataclass(frozen=True)
class ResultTotals:
    """Summed results of held congresses (kết quả đại hội) and the shares shown on the dashboard."""

    congresses: int
    committee_seats: int
    women: int
    under_40: int
    new_members: int
    direct_secretaries: int
    from_bundle: int = 0  # of ``congresses``: results from a station's bundle (imports app)
    # Held congresses whose women / under 40 / first-time figures are the count's (the elected
    # body's report), the others' are typed or imported: the summary says its source.
    counted_structure: int = 0

    @property
    def counted_structure_percent(self) -> Decimal | None:
        return percent(self.counted_structure, self.congresses)

    @property
    def women_percent(self) -> Decimal | None:
        return percent(self.women, self.committee_seats)

    @property
    def under_40_percent(self) -> Decimal | None:
        return percent(self.under_40, self.committee_seats)

    @property
    def renewal_percent(self) -> Decimal | None:
        return percent(self.new_members, self.committee_seats)

    @property
    def direct_secretary_percent(self) -> Decimal | None:
        return percent(self.direct_secretaries, self.congresses)
