from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "daihoi.web.orgs"
    label = "orgs"
