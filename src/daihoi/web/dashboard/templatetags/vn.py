"""Template filters printing numbers, percentages and dates the Vietnamese way."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template

from daihoi.vnformat import format_date, format_int, format_percent

register = template.Library()


@register.filter
def vn_int(value: int | None) -> str:
    return format_int(value)


@register.filter
def vn_pct(value: Decimal | None) -> str:
    return format_percent(value)


@register.filter
def vn_date(value: date | None) -> str:
    if value is not None and hasattr(value, "date") and callable(value.date):
        value = value.date()
    return format_date(value)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None
