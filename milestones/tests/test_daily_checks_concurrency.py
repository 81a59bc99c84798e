"""R-MS-4 under load: daily checks run twice at once (threads on PostgreSQL) or by a real
Celery beat and worker raise one case and send one reminder."""

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from bidding.tests.fixtures import awarded
from milestones import services
from milestones.models import PenaltyCase, ReminderLog
from repm_portal.notifications.models import Notification
from repm_portal.periods import today_ist
from tests.threads import run_together
from tests.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_daily_check_runs_at_once_raise_one_case_and_one_reminder(applicant, mhi) -> None:
    first = awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    services.milestones_start(beneficiary=first)
    # On 3 Dec 2028: M1 (1 Feb 2028) is 306 days past → a case; M2 (1 Feb 2029) is 60 days off;
    # run on 3 Nov 2028 too, when M2 is exactly 90 days off → one reminder.
    days = [date(2028, 12, 3), date(2028, 12, 3), date(2028, 11, 3), date(2028, 11, 3)]
    results = run_together(*[lambda d=d: services.daily_checks(today=d) for d in days])
    assert not [r for r in results if isinstance(r, BaseException)]
    assert PenaltyCase.objects.filter(beneficiary=first).count() == 1
    assert ReminderLog.objects.filter(beneficiary=first, subject="milestone-2").count() == 1
    assert (
        Notification.objects.filter(
            user=applicant, title__startswith="Milestone 2 is due in 90"
        ).count()
        == 1
    )


@pytest.mark.celery_worker
def test_a_real_beat_and_worker_raise_exactly_one_case(applicant, mhi, tmp_path) -> None:
    """Beat schedules the daily checks every 2 s; the worker runs them several times over."""
    if not settings.REDIS_URL:
        pytest.skip("needs Redis")
    # M1's deadline passed a month ago. (The scheme is younger than that, so the clocks use the
    # parameters in force today: this test is about the machinery, not the dates.)
    loa = today_ist() - timedelta(days=400)
    b = awarded(applicant, capacity=600, loa_date=loa, mhi=mhi, params_on=today_ist())
    db = connection.settings_dict
    queue = f"beat-{os.getpid()}"
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@"
        f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        CELERY_TASK_DEFAULT_QUEUE=queue,
        REPM_DAILY_CHECKS_EVERY_SECONDS="2",
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        AUDIT_HMAC_KEY=settings.AUDIT_HMAC_KEY,
    )
    logs = [Path(tmp_path / "worker.log"), Path(tmp_path / "beat.log")]
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "repm_portal",
            "worker",
            "-Q",
            queue,
            "--pool",
            "solo",
            "-n",
            f"{queue}@%h",
            "-l",
            "info",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=logs[0].open("w"),
        stderr=subprocess.STDOUT,
    )
    beat = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "repm_portal",
            "beat",
            "-l",
            "info",
            "-S",
            "celery.beat:PersistentScheduler",
            "-s",
            str(tmp_path / "schedule"),
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=logs[1].open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        # The checks ran several times after the case was raised.
        wait_until(
            lambda: logs[0].read_text().count("milestones.daily_checks") // 2 >= 4,
            90,
            "the daily checks to run four times",
            every=0.5,
            details=lambda: logs[0].read_text()[-3000:] + logs[1].read_text()[-2000:],
        )
    finally:
        for process in (beat, worker):
            process.terminate()
        for process in (beat, worker):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    cases = PenaltyCase.objects.filter(beneficiary=b)
    assert cases.count() == 1
    assert cases.get().milestone.number == 1
    assert Notification.objects.filter(user=mhi, title__contains="missed milestone 1").count() == 1
