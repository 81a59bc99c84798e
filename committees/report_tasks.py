"""Celery tasks of quarterly reports: they only adapt (R-COM-4)."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from repm_portal.periods import today_ist

from .report_services import quarterly_report_reminders


@shared_task(name="committees.quarterly_report_reminders")
def send_quarterly_report_reminders(today: str | None = None) -> int:
    """Daily (beat): reminders before a report is due. Idempotent: safe to run twice."""
    return quarterly_report_reminders(today=date.fromisoformat(today) if today else today_ist())
