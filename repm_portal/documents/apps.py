from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "repm_portal.documents"
    label = "documents"
    verbose_name = "Documents"
