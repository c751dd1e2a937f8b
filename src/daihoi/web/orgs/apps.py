from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "daihoi.web.orgs"
    label = "orgs"

    def ready(self) -> None:
        from daihoi.web.core.frame import MenuEntry, add_menu_entry

        add_menu_entry(MenuEntry(20, "orgs", _("Tổ chức"), "orgs:index"))
