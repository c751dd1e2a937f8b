"""What every page's frame needs: the navigation and what the apps say about the user."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .frame import frame_facts, menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_items": menu_for(user, request.path), **frame_facts(request)}
