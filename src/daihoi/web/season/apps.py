from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeasonConfig(AppConfig):
    name = "daihoi.web.season"
    label = "season"
    verbose_name = "Đợt đại hội"

    def ready(self) -> None:
        from daihoi.web.core.frame import MenuEntry, add_menu_entry

        from . import signals  # noqa: F401  (connects the receivers)

        add_menu_entry(MenuEntry(30, "congresses", _("Đại hội"), "season:congress_list"))
