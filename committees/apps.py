from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_seats(**_: Any) -> None:
    """Reload the annexures' seats if missing (after a test database is flushed, say)."""
    from .annexures import load_seats
    from .models import Committee, Seat

    if Seat.objects.count() < 25:
        load_seats(Committee, Seat)


class CommitteesConfig(AppConfig):
    name = "committees"

    def ready(self) -> None:
        from repm_portal.accounts.seating import SeatProvider, seat_provider

        # Quarterly reports and the QRR (R-COM-4): home-page duties, the QRR agenda proposer and
        # the reminder task (report_tasks.py is not a tasks.py that Celery discovers by itself).
        from . import duties, meeting_agenda, report_duties, report_tasks  # noqa: F401  (register duties and proposers)  # noqa: F401
        from .seating import holders_q, holds

        seat_provider(SeatProvider(holds=holds, holders=holders_q))
        post_migrate.connect(_ensure_seats, sender=self, dispatch_uid="committees.ensure_seats")
