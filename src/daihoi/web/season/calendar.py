"""The month calendar of congresses (lịch đại hội): which weeks a month spans, which congress
falls on which day. Pure: dates in, dates out; ``today`` is passed in."""

from __future__ import annotations

import calendar
import re
from datetime import date

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(text: str | None, today: date) -> date:
    """The first day of the month asked for (``2026-12``); this month for anything else."""
    match = _MONTH.match(text or "")
    if match:
        year, month = int(match[1]), int(match[2])
        if 1900 <= year <= 2200 and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def shift_month(first: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``first``'s."""
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_weeks(first: date) -> list[list[date]]:
    """The weeks (Monday to Sunday) that show the month of ``first``, days of the months
    around it included."""
    return calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)


def month_key(first: date) -> str:
    """``2026-12``: how a month is written in the page's address."""
    return f"{first.year:04d}-{first.month:02d}"
