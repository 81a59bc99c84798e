"""R-SLI-10: the service targets of the examination (7 days to start, 15 after the last
rectification, 23 from the recommendation to the release), the clock stopped while a
clarification is pending, the days with the PMA, and overdue items on the home pages."""

from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from bidding.tests.fixtures import awarded
from incentives import examination
from incentives.tests.fixtures import capital_claim_file, invest
from milestones.tests.fixtures import commission_all
from repm_portal.web.duties import duties_for

pytestmark = pytest.mark.django_db
IST = ZoneInfo("Asia/Kolkata")
T0 = datetime(2028, 7, 1, 10, 0, tzinfo=IST)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def at(self, days: float) -> None:
        self.now = T0 + timedelta(days=days)


@pytest.fixture
def b(applicant, mhi):
    # 600 MTPA: Table 4 caps the capital subsidy at ₹75 cr (R-CAP-4).
    return awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)


@pytest.fixture
def clock():
    c = Clock()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: c.now):
        yield c


def overdue_titles(user, today: date) -> list[str]:
    return [str(d.title) for d in duties_for(user, today) if d.overdue_on(today)]


def test_r_sli_10_targets_stages_and_the_stopped_clock(b, pma, mhi, clock) -> None:
    invest(b)
    commission_all(b)
    claim = capital_claim_file(b)  # filed 1 Jul 2028
    assert examination.due_on(claim) == date(2028, 7, 8)  # initial scrutiny: 7 days
    assert not examination.is_overdue(claim, date(2028, 7, 8))
    assert examination.is_overdue(claim, date(2028, 7, 9))
    # Past the target it shows as overdue to the PMA, and to MHI too.
    label = f"Capital subsidy claim {claim.pk}: {b.user.organisation}"
    assert label in overdue_titles(pma, date(2028, 7, 9))
    assert label in overdue_titles(mhi, date(2028, 7, 9))
    assert label not in overdue_titles(pma, date(2028, 7, 8))

    clock.at(2)  # 3 Jul: examination starts; final scrutiny runs 15 days
    examination.claim_examine(actor=pma, claim=claim)
    assert examination.due_on(claim) == date(2028, 7, 18)
    clock.at(4)  # 5 Jul: clarification sought, the clock stops
    examination.claim_seek_clarification(actor=pma, claim=claim, question="Invoices?")
    assert examination.due_on(claim) is None
    clock.at(14)  # 15 Jul: answered; 15 days from this last rectification
    assert claim.days_with_pma() == 4  # the ten days with the beneficiary do not count
    examination.claim_answer(actor=b.user, claim=claim, answer="Attached.")
    assert examination.due_on(claim) == date(2028, 7, 30)
    clock.at(17)  # 18 Jul: recommended; sanction and release within 23 days
    examination.claim_recommend(actor=pma, claim=claim)
    assert examination.due_on(claim) == date(2028, 8, 10)
    clock.at(30)
    assert claim.days_with_pma() == 4 + 3  # no longer with the PMA
    examination.claim_sanction(actor=mhi, claim=claim)
    assert examination.due_on(claim) == date(2028, 8, 10)  # the same target runs to release
    label_due = [d for d in duties_for(mhi, date(2028, 8, 11)) if str(d.title) == label]
    assert label_due and label_due[0].overdue_on(date(2028, 8, 11))
    examination.claim_disburse(
        actor=mhi, claim=claim, payment_reference="PFMS/1", disbursed_on=date(2028, 7, 31)
    )
    assert examination.due_on(claim) is None
    assert label not in [str(d.title) for d in duties_for(mhi, date(2028, 9, 1))]


def test_each_role_sees_what_it_does_next(b, pma, mhi, ie, rival, clock) -> None:
    invest(b)
    commission_all(b)
    claim = capital_claim_file(b)
    label = f"Capital subsidy claim {claim.pk}: {b.user.organisation}"

    def titles(user) -> list[str]:
        return [str(d.title) for d in duties_for(user, date(2028, 7, 2))]

    assert label in titles(pma) and label not in titles(ie) and label not in titles(b.user)
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_assign_ie(actor=pma, claim=claim, ie=ie)
    assert label in titles(ie)
    examination.claim_seek_clarification(actor=mhi, claim=claim, question="Why?")
    assert label in titles(b.user) and label not in titles(rival)
