"""Checks that the apps above add to the login (``add_login_check`` in their ``ready()``).

``accounts`` is below the apps that know why an account may no longer sign in (a counting
station's account ends with its congress's counting): each adds a check here, and the login form
refuses with the check's words instead of a bare "wrong password".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

LoginCheck = Callable[[Any], "str | None"]

_login_checks: list[LoginCheck] = []


def add_login_check(check: LoginCheck) -> None:
    """``check(user)`` returns why ``user`` may not sign in now (in Vietnamese), or None."""
    if check not in _login_checks:
        _login_checks.append(check)


def login_refusal(user: Any) -> str | None:
    """Why ``user`` (whose password was right) may not sign in, or None."""
    for check in _login_checks:
        refusal = check(user)
        if refusal:
            return refusal
    return None
