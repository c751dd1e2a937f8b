from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "daihoi.web.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        from daihoi.web.core.frame import MenuEntry, add_menu_entry

        add_menu_entry(MenuEntry(10, "dashboard", _("Tổng quan"), "dashboard:home"))
