"""Template filters of the counting station."""

from __future__ import annotations

from django import template

from daihoi.vnformat import format_percent_text

register = template.Library()


@register.filter
def vn_pct_text(percent: str | None) -> str:
    """A results file's percent ("87.10") as Vietnamese writes it ("87,10%")."""
    return format_percent_text(percent) if percent else ""
