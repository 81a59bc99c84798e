from django.apps import AppConfig


class RepmPortalConfig(AppConfig):
    name = "repm_portal"
    verbose_name = "REPM Scheme Portal"
