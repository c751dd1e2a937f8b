from django.apps import AppConfig


class SeasonConfig(AppConfig):
    name = "daihoi.web.season"
    label = "season"
    verbose_name = "Đợt đại hội"

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
