from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"

    def ready(self) -> None:
        # Quarterly reports and the QRR (R-COM-4): home-page duties, the QRR agenda proposer and
        # the reminder task (report_tasks.py is not a tasks.py that Celery discovers by itself).
        from . import report_duties, report_tasks  # noqa: F401
