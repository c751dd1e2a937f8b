"""Vietnamese display of numbers, percentages and dates (1.234,5 — 99,75% — 30/06/2025).

Pure functions, no Django: the templates, the Excel export and the PDF all print the same text.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal


def format_int(value: int | None) -> str:
    """1234567 → "1.234.567"; None → "–"."""
    if value is None:
        return "–"
    return f"{value:,}".replace(",", ".")


def format_decimal(value: Decimal | None, places: int = 2) -> str:
    """Decimal("1234.5") → "1.234,50" with ``places`` decimals; None → "–"."""
    if value is None:
        return "–"
    text = f"{value:,.{places}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(value: Decimal | None) -> str:
    """Decimal("99.75") → "99,75%"; None → "–"."""
    if value is None:
        return "–"
    return format_decimal(value, 2) + "%"


def format_date(value: date | None) -> str:
    """date(2025, 6, 30) → "30/06/2025"; None → "–"."""
    if value is None:
        return "–"
    return value.strftime("%d/%m/%Y")


def format_short_date(value: date) -> str:
    """date(2025, 6, 30) → "30/6/2025", as written in briefings ("trước 30/6/2025")."""
    return f"{value.day}/{value.month}/{value.year}"
