from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "daihoi.web.groups"
    label = "groups"
    verbose_name = "Tổ công tác và vướng mắc"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
