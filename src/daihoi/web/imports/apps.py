from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ImportsConfig(AppConfig):
    """The office above receives the stations' results bundles (nhận gói kết quả)."""

    name = "daihoi.web.imports"
    label = "imports"
    verbose_name = "Nhận gói kết quả"

    def ready(self) -> None:
        from daihoi.web.audit.models import OTHER_ACTIONS

        # The audit log names what this app records, in words.
        labels = {
            "station.registered": pgettext_lazy("audit", "Đăng ký khoá của trạm kiểm phiếu"),
            "station.revoked": pgettext_lazy("audit", "Thu hồi khoá của trạm kiểm phiếu"),
            "bundle.imported": pgettext_lazy("audit", "Nhận gói kết quả của trạm kiểm phiếu"),
            "bundle.refused": pgettext_lazy("audit", "Từ chối gói kết quả"),
            "bundle.again": pgettext_lazy("audit", "Gói kết quả đã nhận rồi"),
            "congress.bundle": pgettext_lazy("audit", "Ghi kết quả từ gói của trạm kiểm phiếu"),
        }
        for action, label in labels.items():
            OTHER_ACTIONS.setdefault(action, label)
