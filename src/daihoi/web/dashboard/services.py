"""The dashboard's services (read-only): the figures of a subtree in a season, computed by
``figures.build_dashboard`` and cached under the season's revision (``cache``), so a page is
recomputed only after something it shows has changed. Views call these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from daihoi.web.orgs.models import Organisation
from daihoi.web.season.models import Season
from daihoi.web.season.services import choose_season

from .cache import cached, dashboard_key
from .figures import Dashboard, build_dashboard

T = TypeVar("T")

__all__ = ["Dashboard", "board", "cached_page", "figures_now", "season_of"]


def board(
    org: Organisation, season: Season | None, seasons: list[Season], today: date
) -> Dashboard:
    """The figures of ``org``'s subtree, recomputed only when the season has changed."""
    if season is None:  # nothing to compute, and nothing to key a cache entry on
        return build_dashboard(org, season, today, seasons)
    return cached(
        dashboard_key("board", org, season, today),
        lambda: build_dashboard(org, season, today, seasons),
    )


def cached_page(
    org: Organisation, season: Season | None, today: date, compute: Callable[[], T]
) -> T:
    """A rendered part of the page, cached like the figures (not cached without a season)."""
    if season is None:
        return compute()
    return cached(dashboard_key("html", org, season, today), compute)


def figures_now(
    org: Organisation, season: Season | None, seasons: list[Season], today: date
) -> Dashboard:
    """The figures computed afresh (for a page part that is itself cached)."""
    return build_dashboard(org, season, today, seasons)


def season_of(org: Organisation, season_id: Any) -> tuple[Season | None, list[Season]]:
    """The season asked for (``?season=``) if it covers ``org``, else the newest covering it."""
    return choose_season(org, season_id)
