"""``{% congress_bundles congress %}``: on the congress's page, the results of the bundle
received last (with its source and the station's key) and the link to the bundles page."""

from __future__ import annotations

from typing import Any

from django import template

from daihoi.web.imports import services

register = template.Library()


@register.inclusion_tag("imports/_congress_link.html", takes_context=True)
def congress_bundles(context: Any, congress: Any) -> dict[str, Any]:
    return {"congress": congress, "latest": services.bundle_results(congress)}
