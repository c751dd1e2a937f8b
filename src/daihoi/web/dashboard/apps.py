from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "daihoi.web.dashboard"
    label = "dashboard"
