from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "daihoi.web.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
