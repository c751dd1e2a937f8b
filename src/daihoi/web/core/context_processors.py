"""What every page's frame needs: the navigation and the user's unit and role."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from daihoi.web.accounts.scope import is_office, profile_of


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str | Promise
    # The first URL name that resolves is used: the season and dashboard apps may name theirs
    # either way, and an app that has no page yet simply has no menu entry.
    url_names: tuple[str, ...]
    office_only: bool = False


NAVIGATION: tuple[NavItem, ...] = (
    NavItem("dashboard", _("Tổng quan"), ("dashboard:index", "dashboard:home")),
    NavItem("orgs", _("Tổ chức"), ("orgs:index",)),
    NavItem(
        "congresses", _("Đại hội"), ("season:congresses", "season:congress_list", "season:index")
    ),
    NavItem("difficulties", _("Vướng mắc"), ("groups:difficulty_list",)),
    NavItem(
        # "Tổ công tác" is also one group's kind: the menu's English is the plural.
        "groups",
        pgettext_lazy("menu", "Tổ công tác"),
        ("groups:group_list",)
    ),
    NavItem("audit", _("Nhật ký"), ("audit:index",), office_only=True),
    NavItem("people", _("Người dùng"), ("people",), office_only=True),
)


@cache
def _resolved() -> tuple[tuple[NavItem, str], ...]:
    out = []
    for item in NAVIGATION:
        for name in item.url_names:
            try:
                out.append((item, reverse(name)))
                break
            except NoReverseMatch:
                continue
    return tuple(out)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    office = is_office(user)
    path = request.path
    items = [
        {
            "key": item.key,
            "label": item.label,
            "url": url,
            "active": (path.startswith(url) and url != "/") or (url == "/" and path == "/"),
        }
        for item, url in _resolved()
        if office or not item.office_only
    ]
    profile = profile_of(user)
    return {
        "nav_items": items,
        "current_profile": profile,
        "current_unit": profile.unit if profile is not None else None,
    }
