from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "daihoi.web.elections"
    label = "elections"
    verbose_name = "Phiên làm việc của đại hội"
