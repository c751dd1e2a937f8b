from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "daihoi.web.core"
    label = "core"
