from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "repm_portal.web"
    label = "web"
    verbose_name = "Web pages"
