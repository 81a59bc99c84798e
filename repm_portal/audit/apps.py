from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "repm_portal.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from . import duties  # noqa: F401  (registers the home-page provider)
