from django.apps import AppConfig


class SeasonConfig(AppConfig):
    name = "daihoi.web.season"
    label = "season"
