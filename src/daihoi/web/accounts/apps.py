from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def _who(request: HttpRequest) -> dict[str, Any]:
    from .scope import profile_of

    profile = profile_of(request.user)
    return {
        "current_profile": profile,
        "current_unit": profile.unit if profile is not None else None,
    }


class AccountsConfig(AppConfig):
    name = "daihoi.web.accounts"
    label = "accounts"

    def ready(self) -> None:
        from daihoi.web.core.frame import MenuEntry, add_frame_facts, add_menu_entry

        from .scope import is_office

        add_frame_facts(_who)
        add_menu_entry(MenuEntry(70, "people", _("Người dùng"), "people", visible_to=is_office))
