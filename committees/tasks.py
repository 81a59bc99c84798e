from celery import shared_task

from repm_portal.periods import today_ist

from .services import roster_check


@shared_task(name="committees.roster_check")
def run_roster_check() -> list[int]:
    """Daily (beat): a seat term that lapses on its end date leaves rounds short of key holders
    without anyone relieving it; MHI is told each day until the round is re-constituted."""
    return roster_check(actor="beat", on=today_ist())
