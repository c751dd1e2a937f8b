"""A target's value as Vietnamese write it: 8,5 (not 8,5000), 1.250 (thousands with dots)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

register = template.Library()


@register.filter
def vn_value(value: Any) -> str:
    if not isinstance(value, Decimal):
        return "" if value is None else str(value)
    whole, _, frac = f"{abs(value).normalize():f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    sign = "-" if value < 0 else ""
    return f"{sign}{grouped},{frac}" if frac else f"{sign}{grouped}"
