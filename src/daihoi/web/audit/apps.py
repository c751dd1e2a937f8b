from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "daihoi.web.audit"
    label = "audit"

    def ready(self) -> None:
        from daihoi.web.accounts.scope import is_office
        from daihoi.web.core.frame import MenuEntry, add_menu_entry

        add_menu_entry(MenuEntry(60, "audit", _("Nhật ký"), "audit:index", visible_to=is_office))
