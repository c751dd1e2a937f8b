from django.apps import AppConfig


class CountingConfig(AppConfig):
    name = "daihoi.web.counting"
    label = "counting"
    verbose_name = "Kiểm phiếu"
