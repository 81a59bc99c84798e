from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "repm_portal.notifications"
    label = "notifications"
    verbose_name = "Notifications"
