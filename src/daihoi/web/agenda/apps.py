from django.apps import AppConfig


class AgendaConfig(AppConfig):
    name = "daihoi.web.agenda"
    label = "agenda"
    verbose_name = "Chương trình, kịch bản, chỉ tiêu"

    def ready(self) -> None:
        from django.utils.translation import pgettext_lazy

        from daihoi.web.audit.models import OTHER_ACTIONS

        for action, label in (
            ("agenda.created", pgettext_lazy("audit", "Lập chương trình đại hội")),
            ("agenda.session_changed", pgettext_lazy("audit", "Sửa phiên đại hội")),
            ("agenda.item_changed", pgettext_lazy("audit", "Sửa mục chương trình")),
            ("agenda.item_added", pgettext_lazy("audit", "Thêm mục chương trình")),
            ("agenda.item_removed", pgettext_lazy("audit", "Bỏ mục chương trình")),
            ("agenda.item_moved", pgettext_lazy("audit", "Chuyển mục chương trình")),
            ("agenda.script_made", pgettext_lazy("audit", "Tạo kịch bản đại hội")),
            ("agenda.indicator_published", pgettext_lazy("audit", "Công bố chỉ tiêu")),
            ("agenda.indicator_removed", pgettext_lazy("audit", "Bỏ chỉ tiêu")),
            ("agenda.mapping_added", pgettext_lazy("audit", "Thêm chỉ tiêu của đơn vị")),
            ("agenda.mapping_removed", pgettext_lazy("audit", "Bỏ chỉ tiêu của đơn vị")),
        ):
            OTHER_ACTIONS.setdefault(action, label)
