"""The statutory retirement age and the months a person still has to work.

The age rises by a schedule per gender (Bộ luật Lao động 2019, Nghị định 135/2020/NĐ-CP): men
60 years 3 months in 2021, 3 months more each year up to 62 (2028); women 55 years 4 months in
2021, 4 months more each year up to 60 (2035). Before the first year the age is one step below
it (60 and 55). The schedule is data (a season's setting); these functions only apply it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class RetirementSchedule:
    """Ages in months: ``start`` in ``start_year``, ``step`` more each year, at most ``final``."""

    start_year: int
    start: int
    step: int
    final: int

    def age_in(self, year: int) -> int:
        """The retirement age (months) of someone who reaches it in ``year``."""
        if year < self.start_year:
            return self.start - self.step
        return min(self.final, self.start + self.step * (year - self.start_year))


MEN_2019 = RetirementSchedule(start_year=2021, start=60 * 12 + 3, step=3, final=62 * 12)
WOMEN_2019 = RetirementSchedule(start_year=2021, start=55 * 12 + 4, step=4, final=60 * 12)


def _add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def retirement_date(born: date, schedule: RetirementSchedule) -> date:
    """The day the person retires: the first day of the month after they reach the age that
    applies in the year they reach it. Someone born in January 1961 reaches 60y3m in April 2021
    and retires on 1 May 2021; someone born in October 1961 would reach 60y3m in January 2022,
    when the age is already 60y6m: they reach that in April 2022 and retire on 1 May 2022."""
    year = born.year + (schedule.start - schedule.step) // 12 - 1
    while True:
        reached = _add_months(born, schedule.age_in(year))
        if reached.year <= year:
            return _add_months(reached, 1)
        year += 1


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (negative when ``end`` is before ``start``)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return months
