"""Each step of a penalty case tells the people it concerns (§11.1, R-MS-4, R-GOV-2)."""

from datetime import date, timedelta

import pytest

from bidding.tests.fixtures import awarded
from milestones import services
from milestones.models import PenaltyCase
from repm_portal.notifications.models import Notification
from repm_portal.periods import today_ist

pytestmark = pytest.mark.django_db


def told(user) -> list[str]:
    return list(
        Notification.objects.filter(user=user).order_by("id").values_list("title", flat=True)
    )


def test_r_ms_4_every_step_of_a_penalty_case_is_told_and_emailed(
    applicant, mhi, mailoutbox, django_capture_on_commit_callbacks, tasks_run_here
) -> None:
    b = awarded(applicant, capacity=1000, loa_date=date(2027, 2, 1), mhi=mhi)
    services.milestones_start(beneficiary=b)
    with django_capture_on_commit_callbacks(execute=True):
        services.daily_checks(today=date(2028, 2, 2))
    case = PenaltyCase.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.case_issue_notice(actor=mhi, case=case, reply_by=today_ist() + timedelta(days=21))
        services.case_reply(actor=applicant, case=case, reply="Furnace delivery slipped.")
        services.case_record_hearing(
            actor=mhi, case=case, hearing_on=date(2028, 3, 10), notes="Heard the Director."
        )
        services.case_decide(actor=mhi, case=case, decisions=["close"], reasons="Explained.")
    org = applicant.organisation
    assert told(applicant) == [
        "Milestone 1 was missed",
        "Show-cause notice issued",
        f"Your hearing in penalty case {case.pk} is recorded",
        f"Decision in penalty case {case.pk}",
    ]
    assert told(mhi) == [
        f"Penalty case raised: {org} missed milestone 1",
        f"{org} replied to the show-cause notice of case {case.pk}",
    ]
    assert sorted(m.subject for m in mailoutbox if m.to == [applicant.email]) == sorted(
        told(applicant)
    )
    assert len(mailoutbox) == 6
