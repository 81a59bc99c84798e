"""The Celery app. Embedded mode runs tasks eagerly (settings.CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repm_portal.settings")

app = Celery("repm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs (beat). django-celery-beat stores them in the database, seeded from here.
# REPM_DAILY_CHECKS_EVERY_SECONDS (tests only) runs the daily checks every few seconds instead.
_every = int(os.environ.get("REPM_DAILY_CHECKS_EVERY_SECONDS", "0"))
app.conf.beat_schedule = {
    "audit-chain-daily": {
        "task": "audit.verify_chain",
        "schedule": crontab(hour=2, minute=30),  # 02:30 IST, after the day's work
    },
    # R-ACL-4: signed checkpoints anchor the chain outside the database; one a day by e-mail.
    "audit-checkpoint": {"task": "audit.checkpoint", "schedule": crontab(minute="*/15")},
    "audit-checkpoint-mail": {
        "task": "audit.mail_checkpoint",
        "schedule": crontab(hour=7, minute=0),  # 07:00 IST
    },
    "registers-watchdog": {
        "task": "incentives.resume_registers",
        "schedule": 60.0,  # a register check whose worker died resumes within a few minutes
    },
    "notifications-email-sweep": {
        "task": "notifications.sweep_emails",  # e-mails whose task the broker never took
        "schedule": 300.0,
    },
    "documents-sweep-daily": {
        "task": "documents.sweep",  # files whose row a rolled-back transaction took away
        "schedule": crontab(hour=3, minute=15),  # 03:15 IST
    },
    "milestones-daily": {
        "task": "milestones.daily_checks",
        "schedule": float(_every) if _every else crontab(hour=6, minute=0),  # 06:00 IST
    },
    "quarterly-report-reminders": {  # R-COM-4: reminders before a quarterly report is due
        "task": "committees.quarterly_report_reminders",
        "schedule": float(_every) if _every else crontab(hour=6, minute=15),  # 06:15 IST
    },
    # committees: warn MHI of tender rounds whose key holders on the TC fell to M (terms lapse)
    "committees-roster-daily": {
        "task": "committees.roster_check",
        "schedule": crontab(hour=6, minute=15),
    },
}
