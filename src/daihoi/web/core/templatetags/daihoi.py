"""Small template helpers shared by every app: ``{% load daihoi %}``."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from daihoi.web.core.once import FIELD, new_token

register = template.Library()


@register.filter
def percent(part: Any, whole: Any) -> str:
    """``{{ held|percent:total }}`` → "94,3%" (one decimal, locale separators); "–" for 0 of 0."""
    try:
        p, w = Decimal(int(part)), Decimal(int(whole))
    except (TypeError, ValueError):
        return "–"
    if w == 0:
        return "–"
    value = (p * 100 / w).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{number_format(value, 1, use_l10n=True)}%"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``{{ counts|get_item:org.path }}``: a dict lookup by a variable key."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def form_token() -> SafeString:
    """A hidden field that lets the server act once on this form, however often it is sent."""
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_token())
