"""The Celery app. Embedded mode runs tasks eagerly (settings.CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repm_portal.settings")

app = Celery("repm_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Periodic jobs (beat). django-celery-beat stores them in the database, seeded from here.
app.conf.beat_schedule = {
    "audit-chain-daily": {
        "task": "audit.verify_chain",
        "schedule": crontab(hour=2, minute=30),  # 02:30 IST, after the day's work
    },
}
