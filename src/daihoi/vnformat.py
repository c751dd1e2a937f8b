"""Vietnamese display of numbers, percentages and dates (1.234,5 — 99,75% — 30/06/2025).

Pure functions, no Django, no clock: the web's templates, its Excel export and report, and the
counting minutes (biên bản) all print numbers and dates through this one module, so the same value
reads the same everywhere. Vietnamese groups thousands with a dot and writes the decimal comma.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

NONE = "–"  # what the web shows for a value it does not have


def format_int(value: int | None) -> str:
    """1234567 → "1.234.567"; None → "–"."""
    if value is None:
        return NONE
    return f"{value:,}".replace(",", ".")


def format_decimal(value: Decimal | None, places: int = 2) -> str:
    """Decimal("1234.5") → "1.234,50" with ``places`` decimals; None → "–"."""
    if value is None:
        return NONE
    text = f"{value:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(value: Decimal | None) -> str:
    """Decimal("99.75") → "99,75%"; None → "–"."""
    if value is None:
        return NONE
    return format_decimal(value, 2) + "%"


def format_percent_text(percent: str) -> str:
    """An exact percentage as the counting engine writes it, with the decimal comma and without
    the sign: "87.10" → "87,10". The digits are copied, never recomputed or rounded."""
    return percent.replace(".", ",")


def format_date(value: date | None) -> str:
    """date(2025, 6, 30) → "30/06/2025"; None → "–"."""
    if value is None:
        return NONE
    return value.strftime("%d/%m/%Y")


def format_short_date(value: date) -> str:
    """date(2025, 6, 30) → "30/6/2025", as written in briefings ("trước 30/6/2025")."""
    return f"{value.day}/{value.month}/{value.year}"


def format_long_date(value: date) -> str:
    """date(2025, 2, 5) → "ngày 05 tháng 02 năm 2025", as a party document dates itself.

    Days below 10 and the months 1 and 2 take a leading zero, as the party's rules for documents
    (Hướng dẫn 36-HD/VPTW) ask, so that nothing can be written in front of them.
    """
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"
