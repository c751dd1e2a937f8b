from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "daihoi.web.documents"
    label = "documents"
    verbose_name = "Văn kiện"
