"""Investment, commissioning, clocks, daily checks and penalty cases through the services."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command

from bidding.models import BeneficiaryStatus, PerformanceBankGuarantee
from bidding.tests.fixtures import awarded, pdf
from milestones import selectors, services
from milestones.models import (
    CaseStatus,
    CommissioningRecord,
    InvestmentLine,
    Milestone,
    MilestoneStatus,
    PenaltyCase,
    ReminderLog,
)
from milestones.tests.fixtures import line, report
from repm_portal.documents.models import DocumentKind
from repm_portal.errors import StateConflict, ValidationFailed
from repm_portal.money import crore
from repm_portal.notifications.models import Notification
from repm_portal.periods import today_ist

pytestmark = pytest.mark.django_db
LOA = date(2027, 2, 1)


@pytest.fixture
def beneficiary(applicant, mhi):
    b = awarded(applicant, capacity=1000, loa_date=LOA, mhi=mhi)
    services.milestones_start(beneficiary=b)
    return b


def test_r_ms_1_achieved_when_eligible_investment_reaches_150_crore(beneficiary) -> None:
    report(
        beneficiary,
        line(amount=crore(90), invoice_number="A", invoice_date=date(2027, 5, 2)),
        line(
            amount=crore(59),
            non_creditable_taxes=crore("0.99"),
            invoice_number="B",
            invoice_date=date(2027, 8, 9),
        ),
        line(head="land_building", amount=crore(40), invoice_number="C", claimed_eligible=False),
    )
    m1 = Milestone.objects.get(beneficiary=beneficiary, number=1)
    assert m1.status == MilestoneStatus.PENDING  # 90 + 59.99 = ₹149.99 cr: not yet
    assert selectors.eligible_investment(beneficiary) == crore("149.99")
    report(
        beneficiary,
        line(amount=Decimal("100000.00"), invoice_number="D", invoice_date=date(2027, 9, 30)),
    )
    m1.refresh_from_db()
    assert (m1.status, m1.achieved_on) == (MilestoneStatus.ACHIEVED, date(2027, 9, 30))
    excluded = InvestmentLine.objects.get(invoice_number="C")
    assert (excluded.eligible_amount, excluded.exclusion_reasons) == (
        0,
        "R-CAP-2: land and buildings are not an eligible head",
    )


@pytest.mark.parametrize(
    ("bad", "words"),
    [
        (line(amount=Decimal("-1")), "cannot be negative"),
        (line(invoice_date=date(2025, 3, 31)), "R-CAP-1: made before 01 Apr 2025"),
        (line(second_hand=True), "R-CAP-3: second-hand"),
        (line(invoice_date=date(2028, 1, 5)), "dated after the report"),
        (line(amount="12,00,000"), "is not a number"),
    ],
)
def test_bad_investment_is_explained_and_changes_nothing(beneficiary, bad, words) -> None:
    with pytest.raises(ValidationFailed, match=words):
        report(beneficiary, line(invoice_number="OK"), bad)
    assert not InvestmentLine.objects.exists()


def test_an_invoice_is_reported_once(beneficiary) -> None:
    report(beneficiary, line())
    with pytest.raises(ValidationFailed, match="already reported"):
        report(beneficiary, line(description="same invoice again"))
    assert InvestmentLine.objects.count() == 1


def test_r_ms_3_and_full_commissioning(beneficiary) -> None:
    def commission(mtpa, day):
        return services.commissioning_record(
            actor=beneficiary.user,
            beneficiary=beneficiary,
            capacity_mtpa=Decimal(mtpa),
            commissioned_on=day,
            industries_certificate=pdf(beneficiary.user, DocumentKind.CERTIFICATE, "doi.pdf"),
            engineer_certificate=pdf(beneficiary.user, DocumentKind.CERTIFICATE, "ce.pdf"),
        )

    commission("300", date(2029, 3, 1))
    assert Milestone.objects.get(beneficiary=beneficiary, number=3).status == "pending"
    commission("200", date(2029, 11, 15))  # 500 of 1,000 MTPA = the 50 % of R-MS-3
    m3 = Milestone.objects.get(beneficiary=beneficiary, number=3)
    assert (m3.status, m3.achieved_on) == ("achieved", date(2029, 11, 15))
    assert selectors.fully_commissioned_on(beneficiary) is None
    with pytest.raises(
        ValidationFailed, match="above the 1,000.00 MTPA allocated. 500.00 MTPA remain"
    ):
        commission("500.01", date(2030, 6, 1))
    assert CommissioningRecord.objects.count() == 2
    commission("500", date(2030, 6, 1))
    assert selectors.fully_commissioned_on(beneficiary) == date(2030, 6, 1)
    assert Notification.objects.filter(title__contains="commissioned its entire capacity").exists()


def test_r_ms_4_reminders_90_30_and_7_days_before_once_each(beneficiary) -> None:
    m1_deadline = date(2028, 2, 1)
    sent = []
    for days in range(100, 0, -1):
        report_ = services.daily_checks(today=m1_deadline - timedelta(days=days))
        sent.append(report_.reminders)
        services.daily_checks(today=m1_deadline - timedelta(days=days))  # twice a day: no more
    assert sum(sent) == 3
    assert sorted(
        ReminderLog.objects.filter(subject="milestone-1").values_list("days_before", flat=True)
    ) == [7, 30, 90]


def test_r_ms_4_the_day_after_an_unmet_deadline_one_case(beneficiary, mhi, capsys) -> None:
    assert services.daily_checks(today=date(2028, 2, 1)).cases == 0  # the deadline day itself
    call_command("run_daily_checks", "--today", "2028-02-02")
    assert "1 penalty cases raised" in capsys.readouterr().out
    call_command("run_daily_checks", "--today", "2028-02-02")
    call_command("run_daily_checks", "--today", "2028-02-03")
    case = PenaltyCase.objects.get()
    assert (case.kind, case.milestone.number, case.raised_on) == (
        "missed_milestone",
        1,
        date(2028, 2, 2),
    )
    assert "₹ 150.00 cr by 01 Feb 2028" in case.description
    assert Notification.objects.filter(user=mhi, title__contains="missed milestone 1").exists()


def test_a_bad_date_for_the_command_is_explained() -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("run_daily_checks", "--today", "02/02/2028")


def test_pbg_expiry_reminders(beneficiary, mhi) -> None:
    PerformanceBankGuarantee.objects.create(
        beneficiary=beneficiary,
        bank="SBI",
        number="G-1",
        amount=crore(40),
        issued_on=date(2027, 1, 10),
        valid_until=date(2030, 1, 10),
        document=pdf(beneficiary.user, DocumentKind.CERTIFICATE, "g.pdf"),
        recorded_by=mhi,
    )
    assert services.daily_checks(today=date(2029, 10, 12)).reminders == 1  # 90 days before
    assert Notification.objects.filter(
        user=mhi, title__contains="Guarantee G-1 expires in 90"
    ).exists()


def test_penalty_case_from_notice_to_revocation(beneficiary, mhi) -> None:
    services.daily_checks(today=date(2028, 2, 2))
    case = PenaltyCase.objects.get()
    services.case_issue_notice(actor=mhi, case=case, reply_by=today_ist() + timedelta(days=21))
    assert case.notice_document.content_type == "application/pdf"
    services.case_reply(actor=beneficiary.user, case=case, reply="Furnace delivery slipped.")
    with pytest.raises(StateConflict):
        services.case_decide(actor=mhi, case=case, decisions=["revoke_loa"], reasons="x")
    services.case_record_hearing(
        actor=mhi, case=case, hearing_on=date(2028, 3, 10), notes="Heard the Director (Projects)."
    )
    with pytest.raises(ValidationFailed, match="at most the ₹0.00 held"):
        services.case_decide(
            actor=mhi, case=case, decisions=["encash_pbg"], reasons="x", pbg_encashed=crore(40)
        )
    services.case_decide(
        actor=mhi,
        case=case,
        decisions=["revoke_loa", "forfeit"],
        reasons="Milestone 1 missed by a wide margin.",
    )
    beneficiary.refresh_from_db()
    assert (beneficiary.status, beneficiary.incentives_forfeited) == (
        BeneficiaryStatus.REVOKED,
        True,
    )
    assert case.status == CaseStatus.DECIDED
    with pytest.raises(StateConflict, match="can file nothing more"):
        report(beneficiary, line())


def test_r_ms_5_refund_demand_for_misrepresentation(beneficiary, mhi, pma, fake_ledger) -> None:
    services.mclr_record(
        actor=mhi,
        effective_from=date(2027, 4, 15),
        rate_pct=Decimal("8.75"),
        source="SBI MCLR notice of 15 Apr 2027",
    )
    services.mclr_record(
        actor=mhi,
        effective_from=date(2027, 9, 15),
        rate_pct=Decimal("9.10"),
        source="SBI MCLR notice of 15 Sep 2027",
    )
    case = services.case_raise(
        actor=pma,
        beneficiary=beneficiary,
        kind="misrepresentation",
        description="Invoices INV-7 to INV-9 were not genuine.",
    )
    services.case_issue_notice(actor=mhi, case=case, reply_by=today_ist() + timedelta(days=15))
    services.case_record_hearing(actor=mhi, case=case, hearing_on=date(2030, 10, 1), notes="Heard.")
    services.case_decide(actor=mhi, case=case, decisions=["forfeit"], reasons="Proven.")
    fake_ledger.add(case.beneficiary, "sli:1", date(2027, 4, 15), "100000000.00")
    fake_ledger.add(case.beneficiary, "sli:2", date(2027, 10, 1), "50000000.00")
    demand = services.refund_demand_issue(
        actor=mhi,
        case=case,
        demand_on=date(2030, 11, 1),
        disbursements=["sli:1", "sli:2"],
    )
    # the same figures as the hand-worked rule test: the rate is the MCLR on each date
    assert (demand.principal, demand.interest, demand.total) == (
        Decimal("150000000.00"),
        Decimal("50211941.55"),
        Decimal("200211941.55"),
    )
    assert [row["rate_pct"] for row in demand.lines] == ["8.75", "9.10"]
    assert demand.notice_document.size > 1000


def test_r_unit_5_no_investment_or_commissioning_dated_after_today(beneficiary) -> None:
    # The tests' clock reads 15 Jan 2031 (milestones/tests/conftest.py): the 16th is to come.
    with pytest.raises(ValidationFailed, match="after today") as refused:
        report(beneficiary, line(invoice_date=date(2031, 1, 10)), as_of=date(2031, 1, 16))
    assert refused.value.field == "as_of"
    certificate = pdf(beneficiary.user, DocumentKind.CERTIFICATE, "cert.pdf")
    with pytest.raises(ValidationFailed, match="after today") as refused:
        services.commissioning_record(
            actor=beneficiary.user,
            beneficiary=beneficiary,
            capacity_mtpa=Decimal("100"),
            commissioned_on=date(2031, 1, 16),
            industries_certificate=certificate,
            engineer_certificate=certificate,
        )
    assert refused.value.field == "commissioned_on"
    assert not beneficiary.investment_reports.exists()


def decided_misrepresentation(beneficiary, mhi, pma):
    case = services.case_raise(
        actor=pma, beneficiary=beneficiary, kind="misrepresentation", description="Not genuine."
    )
    services.case_issue_notice(actor=mhi, case=case, reply_by=today_ist() + timedelta(days=15))
    services.case_record_hearing(actor=mhi, case=case, hearing_on=date(2030, 10, 1), notes="Heard.")
    services.case_decide(actor=mhi, case=case, decisions=["forfeit"], reasons="Proven.")
    return case


def test_r_ms_5_a_benefit_never_disbursed_cannot_be_demanded(
    beneficiary, rival, mhi, pma, fake_ledger
) -> None:
    services.mclr_record(
        actor=mhi, effective_from=date(2027, 4, 15), rate_pct=Decimal("8.75"), source="SBI"
    )
    other = awarded(rival, capacity=600, loa_date=LOA, mhi=mhi)
    fake_ledger.add(beneficiary, "sli:1", date(2027, 4, 15), "100000000.00")
    fake_ledger.add(other, "sli:9", date(2027, 4, 15), "5000.00")  # another beneficiary's
    case = decided_misrepresentation(beneficiary, mhi, pma)
    for keys in (["sli:9"], ["sli:404"], ["sli:1", "sli:1"], []):
        with pytest.raises(ValidationFailed) as refused:
            services.refund_demand_issue(
                actor=mhi, case=case, demand_on=date(2030, 11, 1), disbursements=keys
            )
        assert refused.value.field == "disbursements"
    with pytest.raises(ValidationFailed, match="after the date interest runs to"):
        services.refund_demand_issue(
            actor=mhi, case=case, demand_on=date(2027, 4, 14), disbursements=["sli:1"]
        )
    assert not case.refunds.exists()


def test_r_unit_3_the_demand_total_is_the_sum_of_its_rounded_lines(
    beneficiary, mhi, pma, fake_ledger
) -> None:
    # ₹333.33 at 8.75 % from 15 Apr 2027 to 15 Apr 2028 (one whole year): 333.33 × 1.0875 =
    # 362.496375 → ₹362.50 a line; two such lines → ₹725.00, where rounding their unrounded sum
    # (724.99275) once would give ₹724.99.
    services.mclr_record(
        actor=mhi, effective_from=date(2027, 4, 15), rate_pct=Decimal("8.75"), source="SBI"
    )
    fake_ledger.add(beneficiary, "sli:1", date(2027, 4, 15), "333.33")
    fake_ledger.add(beneficiary, "capital:1", date(2027, 4, 15), "333.33")
    case = decided_misrepresentation(beneficiary, mhi, pma)
    demand = services.refund_demand_issue(
        actor=mhi, case=case, demand_on=date(2028, 4, 15), disbursements=["sli:1", "capital:1"]
    )
    assert [row["total"] for row in demand.lines] == ["362.50", "362.50"]
    assert [row["payment_reference"] for row in demand.lines] == ["PFMS/capital:1", "PFMS/sli:1"]
    assert (demand.principal, demand.interest, demand.total) == (
        Decimal("666.66"),
        Decimal("58.34"),
        Decimal("725.00"),
    )
