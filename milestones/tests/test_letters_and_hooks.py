"""Milestones' side of the award hook and of the letters rendered outside locks."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bidding import services as bidding
from bidding.models import Beneficiary, BeneficiaryStatus, RoundStatus, TenderRound
from bidding.tests.fixtures import awarded
from milestones import receivers, services
from milestones.models import Milestone
from repm_portal.documents import letters
from repm_portal.documents.models import Document
from repm_portal.periods import today_ist

pytestmark = pytest.mark.django_db
LOA = date(2027, 2, 1)


@pytest.fixture
def guaranteed(applicant, mhi) -> Beneficiary:
    """A beneficiary whose guarantee is in: the Letter of Award is next."""
    b = awarded(applicant, capacity=1000, loa_date=LOA, mhi=mhi)
    Beneficiary.objects.filter(pk=b.pk).update(status=BeneficiaryStatus.PBG_RECEIVED, loa_date=None)
    TenderRound.objects.filter(pk=b.round_id).update(status=RoundStatus.LOIS_ISSUED)
    b.refresh_from_db()
    return b


def test_r_bid_11_the_award_starts_the_three_clocks_through_its_hook(guaranteed, mhi) -> None:
    bidding.loa_issue(actor=mhi, beneficiary=guaranteed, loa_date=LOA)
    # R-MS-1…3: 1, 2 and 3 years from the LoA of 1 February 2027.
    assert list(
        Milestone.objects.filter(beneficiary=guaranteed)
        .order_by("number")
        .values_list("number", "deadline")
    ) == [(1, date(2028, 2, 1)), (2, date(2029, 2, 1)), (3, date(2030, 2, 1))]


def test_r_bid_11_a_failing_receiver_undoes_the_award(guaranteed, mhi, monkeypatch) -> None:
    """The receivers run inside the sender's transaction: nothing of the award remains."""

    def broken(**kwargs: object) -> None:
        raise RuntimeError("the clocks could not start")

    monkeypatch.setattr(receivers, "milestones_start", broken)
    with pytest.raises(RuntimeError, match="could not start"):
        bidding.loa_issue(actor=mhi, beneficiary=guaranteed, loa_date=LOA)
    guaranteed.refresh_from_db()
    assert (guaranteed.status, guaranteed.loa_date, guaranteed.loa_document_id) == (
        BeneficiaryStatus.PBG_RECEIVED,
        None,
        None,
    )
    assert not Document.objects.filter(title="Letter of Award").exists()
    assert not Milestone.objects.filter(beneficiary=guaranteed).exists()


def test_r_ms_5_a_rate_recorded_while_the_notice_renders_is_the_rate_it_states(
    applicant, mhi, pma, monkeypatch, fake_ledger
) -> None:
    b = awarded(applicant, capacity=1000, loa_date=LOA, mhi=mhi)
    for day, rate in ((date(2027, 4, 15), "8.75"), (date(2027, 9, 15), "9.10")):
        services.mclr_record(actor=mhi, effective_from=day, rate_pct=Decimal(rate), source="SBI")
    case = services.case_raise(
        actor=pma, beneficiary=b, kind="misrepresentation", description="Invoices not genuine."
    )
    services.case_issue_notice(actor=mhi, case=case, reply_by=today_ist() + timedelta(days=15))
    services.case_record_hearing(actor=mhi, case=case, hearing_on=date(2030, 10, 1), notes="Heard.")
    services.case_decide(actor=mhi, case=case, decisions=["forfeit"], reasons="Proven.")
    stated: list[list[str]] = []
    real_render = letters.pdf_render

    def render(template: str, context: dict) -> bytes:
        stated.append([str(row.rate_pct) for _benefit, row in context["rows"]])
        if len(stated) == 1:  # the rate of 1 October 2027 is recorded meanwhile
            services.mclr_record(
                actor=mhi,
                effective_from=date(2027, 10, 1),
                rate_pct=Decimal("9.50"),
                source="SBI",
            )
        return real_render(template, context)

    monkeypatch.setattr(letters, "pdf_render", render)
    fake_ledger.add(case.beneficiary, "sli:1", date(2027, 4, 15), "100000000.00")
    fake_ledger.add(case.beneficiary, "sli:2", date(2027, 10, 1), "50000000.00")
    demand = services.refund_demand_issue(
        actor=mhi,
        case=case,
        demand_on=date(2030, 11, 1),
        disbursements=["sli:1", "sli:2"],
    )
    assert stated == [["8.75", "9.10"], ["8.75", "9.50"]]
    assert [row["rate_pct"] for row in demand.lines] == ["8.75", "9.50"]
    assert Document.objects.filter(title="Refund demand").count() == 1
