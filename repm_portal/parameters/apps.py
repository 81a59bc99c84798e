from django.apps import AppConfig


class ParametersConfig(AppConfig):
    name = "repm_portal.parameters"
    label = "parameters"
    verbose_name = "Scheme parameters"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .services import parameters_ensure_notified

        post_migrate.connect(parameters_ensure_notified, sender=self)
