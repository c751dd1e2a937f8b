"""What a station account may open: its congress's day page and the counting pages (each page
then checks the account's seats), the page where it sets its own password, and logging out.

Every other page of every app is refused here (403), whatever the app, so that a page added
later is closed to station accounts until it is listed. A station account whose congress's
counting has ended (or which holds no seat any more) is logged out on its next request, with
the reason; the login refuses it too (``accounts.gates``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from . import services

# Open to a station account that still has to set its own password.
ALWAYS = frozenset({"login", "logout", "set_language", "counting:account_password"})
# Open once it has: the day page of its congress and the counting app's pages.
ALLOWED_APPS = frozenset({"counting"})
ALLOWED_VIEWS = frozenset({"elections:day"})
HOME = frozenset({"dashboard:home"})


class StationAccountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Any, args: Any, kwargs: Any
    ) -> HttpResponse | None:
        account = services.station_account_of(getattr(request, "user", None))
        if account is None:
            return None
        refusal = services.account_refusal(request.user)
        if refusal:
            logout(request)
            return render(request, "counting/account_ended.html", {"refusal": refusal}, status=403)
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in ALWAYS:
            return None
        if account.must_set_password:
            return redirect("counting:account_password")
        if name in HOME:
            return redirect("elections:day", congress=account.congress_id)
        if name in ALLOWED_VIEWS or (match is not None and match.namespace in ALLOWED_APPS):
            return None
        raise PermissionDenied(
            _("Tài khoản trạm kiểm phiếu chỉ mở được các trang kiểm phiếu của đại hội mình.")
        )
