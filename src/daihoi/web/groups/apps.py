from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GroupsConfig(AppConfig):
    name = "daihoi.web.groups"
    label = "groups"
    verbose_name = "Tổ công tác và vướng mắc"

    def ready(self) -> None:
        from daihoi.web.core.frame import MenuEntry, add_menu_entry

        from . import signals  # noqa: F401  (connects the receivers)

        add_menu_entry(MenuEntry(40, "difficulties", _("Vướng mắc"), "groups:difficulty_list"))
        # "Tổ công tác" is also one group's kind: the menu's English is the plural.
        add_menu_entry(
            MenuEntry(50, "groups", pgettext_lazy("menu", "Tổ công tác"), "groups:group_list")
        )
        from daihoi.web.audit.models import OTHER_ACTIONS

        # The audit page names the groups' own verbs.
        OTHER_ACTIONS.setdefault("group.create", pgettext_lazy("audit", "Lập tổ công tác"))
        OTHER_ACTIONS.setdefault("group.update", pgettext_lazy("audit", "Sửa tổ công tác"))
