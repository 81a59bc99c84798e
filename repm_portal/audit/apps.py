from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "repm_portal.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from . import checks, duties  # noqa: F401  (deploy check; the home-page provider)
