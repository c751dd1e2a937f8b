from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "daihoi.web.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        from daihoi.web.core.frame import MenuEntry, add_menu_entry
        from daihoi.web.season.services import has_unit

        add_menu_entry(MenuEntry(10, "dashboard", _("Tổng quan"), "dashboard:home"))
        # The reminders of the user's own unit (a page for everyone who has a unit to see).
        add_menu_entry(
            MenuEntry(15, "reminders", _("Nhắc việc"), "dashboard:reminders", visible_to=has_unit)
        )
