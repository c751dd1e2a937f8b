from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SeasonConfig(AppConfig):
    name = "daihoi.web.season"
    label = "season"
    verbose_name = "Đợt đại hội"

    def ready(self) -> None:
        from daihoi.web.audit.models import OTHER_ACTIONS
        from daihoi.web.core.frame import MenuEntry, add_menu_entry

        from . import signals  # noqa: F401  (connects the receivers)
        from .services import has_unit

        add_menu_entry(MenuEntry(30, "congresses", _("Đại hội"), "season:congress_list"))
        add_menu_entry(
            MenuEntry(
                35, "calendar", _("Lịch đại hội"), "season:congress_calendar", visible_to=has_unit
            )
        )
        # The audit page names the season's own verbs (the log's "a thing done", not a button).
        OTHER_ACTIONS.setdefault(
            "congress.reopen", pgettext_lazy("audit", "Mở lại tình trạng đại hội")
        )
        OTHER_ACTIONS.setdefault("season.create", pgettext_lazy("audit", "Mở đợt đại hội"))
