from __future__ import annotations

from django.apps import AppConfig


class PackagesConfig(AppConfig):
    name = "daihoi.web.packages"
    label = "packages"
    verbose_name = "Gói đại hội"
