from __future__ import annotations

from typing import Any

from django.apps import AppConfig
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
