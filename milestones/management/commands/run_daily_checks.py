"""manage.py run_daily_checks [--today YYYY-MM-DD] — the beat job, by hand (R-MS-4)."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from milestones.services import daily_checks
from repm_portal.periods import today_ist


class Command(BaseCommand):
    help = "Send due reminders and raise penalty cases for milestones missed (safe to repeat)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", help="Run as if today were this date (YYYY-MM-DD, IST).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = date.fromisoformat(options["today"]) if options["today"] else today_ist()
        except ValueError:
            raise CommandError("--today must be a date written YYYY-MM-DD.") from None
        report = daily_checks(today=today)
        self.stdout.write(
            self.style.SUCCESS(
                f"Daily checks for {today:%d %b %Y}: {report.reminders} reminders sent, "
                f"{report.cases} penalty cases raised."
            )
        )
