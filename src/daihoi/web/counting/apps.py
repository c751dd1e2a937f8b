from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def _station_frame(request: HttpRequest) -> dict[str, Any]:
    """A station account's menu: its congress's day page only (every other entry is refused)."""
    from .services import station_account_of

    account = station_account_of(request.user)
    if account is None:
        return {}
    url = reverse("elections:day", args=[account.congress_id])
    return {
        "station_account": account,
        "nav_items": [
            {"key": "day", "label": _("Ngày đại hội"), "url": url, "active": request.path == url}
        ],
    }


def _spend_one_time_password(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """A one-time password is worthless once used: the slip opens one session, in which the
    member sets their own password."""
    from django.contrib.auth import HASH_SESSION_KEY

    from .services import spend_one_time_password

    if spend_one_time_password(user) and hasattr(request, "session"):
        request.session[HASH_SESSION_KEY] = user.get_session_auth_hash()  # this session goes on


class CountingConfig(AppConfig):
    name = "daihoi.web.counting"
    label = "counting"
    verbose_name = "Kiểm phiếu"

    def ready(self) -> None:
        from daihoi.web.accounts.gates import add_login_check
        from daihoi.web.core.frame import add_frame_facts

        from .services import account_refusal

        # A station account is refused at the login once its congress's counting has ended.
        add_login_check(account_refusal)
        add_frame_facts(_station_frame)
        user_logged_in.connect(_spend_one_time_password, dispatch_uid="counting.one_time")
