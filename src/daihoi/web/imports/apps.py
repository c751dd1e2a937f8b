from __future__ import annotations

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """The office above receives the stations' results bundles (nhận gói kết quả)."""

    name = "daihoi.web.imports"
    label = "imports"
    verbose_name = "Nhận gói kết quả"
