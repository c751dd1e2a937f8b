from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "daihoi.web.audit"
    label = "audit"
