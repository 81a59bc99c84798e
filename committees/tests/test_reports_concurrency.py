"""R-COM-4 races on PostgreSQL with real threads: two PMA examiners accepting one report at once
accept it once; two reminder runs at once send each reminder once."""

from __future__ import annotations

import pytest

from committees import report_services as services
from committees.models import QuarterlyReport
from milestones.models import ReminderLog
from repm_portal.audit.models import AuditEvent
from repm_portal.errors import StateConflict
from repm_portal.notifications.models import Notification
from tests.factories import UserFactory
from tests.threads import run_together

from .report_fixtures import beneficiary, filed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_r_com_4_racing_double_accept_one_wins(applicant, pma) -> None:
    other = UserFactory(email="second@pma.in", role="pma")
    b = beneficiary(applicant)
    report = filed(b)
    services.quarterly_report_submit(actor=applicant, report=report)
    results = run_together(
        lambda: services.quarterly_report_accept(
            actor=pma, report=QuarterlyReport.objects.get(pk=report.pk)
        ),
        lambda: services.quarterly_report_accept(
            actor=other, report=QuarterlyReport.objects.get(pk=report.pk)
        ),
    )
    assert sum(isinstance(r, QuarterlyReport) for r in results) == 1
    assert sum(isinstance(r, StateConflict) for r in results) == 1
    assert AuditEvent.objects.filter(action="quarterly_report.accepted").count() == 1
    assert Notification.objects.filter(user=applicant, title__contains="accepted").count() == 1


def test_r_com_4_racing_return_and_accept_one_wins(applicant, pma) -> None:
    b = beneficiary(applicant)
    report = filed(b)
    services.quarterly_report_submit(actor=applicant, report=report)
    results = run_together(
        lambda: services.quarterly_report_accept(
            actor=pma, report=QuarterlyReport.objects.get(pk=report.pk)
        ),
        lambda: services.quarterly_report_return(
            actor=pma, report=QuarterlyReport.objects.get(pk=report.pk), reasons="Fix (d)."
        ),
    )
    assert sum(isinstance(r, StateConflict) for r in results) == 1
    report.refresh_from_db()
    assert report.status in ("accepted", "returned")


def test_r_com_4_two_reminder_runs_at_once_send_one(applicant) -> None:
    from datetime import date

    beneficiary(applicant)
    results = run_together(
        lambda: services.quarterly_report_reminders(today=date(2027, 1, 8)),
        lambda: services.quarterly_report_reminders(today=date(2027, 1, 8)),
    )
    assert sorted(results) == [0, 1]  # type: ignore[type-var,unused-ignore]
    assert ReminderLog.objects.filter(subject="qreport-FY2026-27-Q3").count() == 1
