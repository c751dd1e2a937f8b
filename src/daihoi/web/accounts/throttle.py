"""Throttling of repeated failed logins, keyed by username and address.

After ``LOGIN_FAILURE_LIMIT`` failures within ``LOGIN_LOCK_MINUTES`` for one username from one
address, that pair is locked for ``LOGIN_LOCK_MINUTES``; while locked even the right password is
refused, otherwise the lock would only slow a guesser down. Kept in the database (not a
per-process cache) so that every server process sees the same count.
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from daihoi.web.accounts.models import LoginFailure


def client_address(request: HttpRequest) -> str:
    """The peer's address. Behind a proxy the proxy must set REMOTE_ADDR (not X-Forwarded-For)."""
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:45]


def _key(username: str) -> str:
    return username.strip().casefold()[:150]


def _window() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)


def locked_minutes(username: str, ip: str, now: datetime.datetime) -> int:
    """Whole minutes (≥ 1) left on the lock of this username and address; 0 when not locked."""
    row = LoginFailure.objects.filter(username=_key(username), ip=ip).first()
    if row is None or row.locked_until is None or row.locked_until <= now:
        return 0
    return max(1, math.ceil((row.locked_until - now).total_seconds() / 60))


def record_failure(username: str, ip: str, now: datetime.datetime) -> int:
    """Count one failure; lock when the limit is reached. Returns the failures in the window."""
    with transaction.atomic():
        # Forget stale pairs so that guesses at many usernames do not pile up rows.
        LoginFailure.objects.filter(first_failure_at__lt=now - 2 * _window()).filter(
            Q(locked_until__isnull=True) | Q(locked_until__lt=now)
        ).delete()
        row, _created = LoginFailure.objects.select_for_update().get_or_create(
            username=_key(username), ip=ip, defaults={"failures": 0, "first_failure_at": now}
        )
        if now - row.first_failure_at > _window() and (
            row.locked_until is None or row.locked_until <= now
        ):
            # The earlier failures are old: start counting again.
            row.failures = 0
            row.first_failure_at = now
            row.locked_until = None
        row.failures += 1
        if row.failures >= settings.LOGIN_FAILURE_LIMIT:
            row.locked_until = now + _window()
        row.save()
        return row.failures


def record_success(username: str, ip: str) -> None:
    LoginFailure.objects.filter(username=_key(username), ip=ip).delete()
