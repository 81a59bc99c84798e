from celery import shared_task

from repm_portal.periods import today_ist

from .services import daily_checks


@shared_task(name="milestones.daily_checks")
def run_daily_checks(today: str | None = None) -> dict[str, int]:
    """Daily (beat): reminders and penalty cases (R-MS-4). Idempotent: safe to run twice."""
    from datetime import date

    report = daily_checks(today=date.fromisoformat(today) if today else today_ist())
    return {"reminders": report.reminders, "cases": report.cases}
