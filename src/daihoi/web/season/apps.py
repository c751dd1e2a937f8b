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

        add_menu_entry(MenuEntry(30, "congresses", _("Đại hội"), "season:congress_list"))
        # The audit page names the season's own verbs (the log's "a thing done", not a button).
        OTHER_ACTIONS.setdefault(
            "congress.reopen", pgettext_lazy("audit", "Mở lại tình trạng đại hội")
        )
        OTHER_ACTIONS.setdefault("season.create", pgettext_lazy("audit", "Mở đợt đại hội"))
