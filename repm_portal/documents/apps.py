from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "repm_portal.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from . import signing  # noqa: F401  (registers the deploy check of the signing key)
