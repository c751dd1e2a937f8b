"""Caching of dashboard figures and of the rendered dashboard.

The key holds everything the figures depend on: the season and its revision (bumped on every
change, see ``season.signals``), the season's creation time (so a recreated database never
meets an old entry), the unit, the day and the language. A short timeout bounds memory.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from django.core.cache import cache
from django.utils.translation import get_language

from daihoi.web.orgs.models import Organisation
from daihoi.web.season.models import Season

TIMEOUT_SECONDS = 300
T = TypeVar("T")


def dashboard_key(kind: str, root: Organisation, season: Season, today: date) -> str:
    stamp = f"{season.pk}.{season.revision}.{season.created_at.timestamp():.6f}"
    return f"daihoi:dash:{kind}:{stamp}:{root.pk}.{root.path}:{today.isoformat()}:{get_language()}"


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def cached(key: str, compute: Callable[[], T]) -> T:
    """The cached value of ``key``, computing it once when missing.

    Concurrent requests for the same missing key wait for the first one instead of all
    computing the same figures at once (the first minute after a change sees many of them).
    """
    value = cache.get(key)
    if value is not None:
        return value  # type: ignore[no-any-return]
    with _locks_guard:
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        value = cache.get(key)
        if value is None:
            value = compute()
            cache.set(key, value, TIMEOUT_SECONDS)
    with _locks_guard:
        _locks.pop(key, None)
    return value  # type: ignore[no-any-return]
