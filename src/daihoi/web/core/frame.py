"""What every page's frame shows: the menu and who is signed in, contributed by the apps.

``core`` is the lowest layer of the web apps: it may not ask ``accounts`` who the user is, nor
guess which pages the apps above have. Each app adds its own menu entries and frame facts in its
``AppConfig.ready()``; ``core.context_processors.navigation`` puts them in every template.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class MenuEntry:
    """One entry of the top menu: its place (lower first), label, URL name and audience."""

    position: int
    key: str
    label: str | Promise
    url_name: str
    #: Who sees the entry; ``None``: every signed-in user.
    visible_to: Callable[[Any], bool] | None = None


_menu: dict[str, MenuEntry] = {}
_frame_facts: list[Callable[[HttpRequest], dict[str, Any]]] = []


def add_menu_entry(entry: MenuEntry) -> None:
    """Called by an app's ``ready()``; adding the same key again replaces the entry."""
    _menu[entry.key] = entry


def add_frame_facts(provider: Callable[[HttpRequest], dict[str, Any]]) -> None:
    """Called by an app's ``ready()``: ``provider(request)`` gives template variables of the frame
    (for a signed-in user)."""
    if provider not in _frame_facts:
        _frame_facts.append(provider)


@cache
def _url(url_name: str) -> str:
    return reverse(url_name)


def menu_for(user: Any, path: str) -> list[dict[str, Any]]:
    """The entries ``user`` sees, in order, the one holding ``path`` marked active."""
    items = []
    for entry in sorted(_menu.values(), key=lambda e: e.position):
        if entry.visible_to is not None and not entry.visible_to(user):
            continue
        url = _url(entry.url_name)
        holds = path == "/" if url == "/" else path.startswith(url)
        items.append({"key": entry.key, "label": entry.label, "url": url, "active": holds})
    # One entry's page may lie under another's (the calendar under the congress list): only the
    # closest is active.
    closest = max((len(i["url"]) for i in items if i["active"]), default=0)
    for item in items:
        item["active"] = item["active"] and len(item["url"]) == closest
    return items


def frame_facts(request: HttpRequest) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for provider in _frame_facts:
        facts.update(provider(request))
    return facts
