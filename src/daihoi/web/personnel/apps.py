from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonnelConfig(AppConfig):
    name = "daihoi.web.personnel"
    label = "personnel"
    verbose_name = "Nhân sự"

    def ready(self) -> None:
        from daihoi.web.core.frame import MenuEntry, add_menu_entry

        add_menu_entry(MenuEntry(35, "personnel", _("Nhân sự"), "personnel:index"))
