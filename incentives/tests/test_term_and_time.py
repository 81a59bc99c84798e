"""The scheme's term and the calendar at their edges (R-PARAM-2, R-PARAM-3, R-SLI-2,
R-UNIT-4, R-UNIT-5): a claim only for a period that has ended in India, none for a period that
begins after the terminal date, no sale counted after it, sales of the gestation counted."""

from datetime import UTC, date, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from bidding.selectors import scheme_term_of
from bidding.tests.fixtures import awarded
from incentives import processing, register, services
from incentives.models import SLIClaim
from incentives.tests.fixtures import GSTIN, HEADER, register_file
from repm_portal.errors import RuleViolation, ValidationFailed
from repm_portal.parameters.models import ParameterVersion
from repm_portal.term import scheme_term
from tests.clock import clock_moved_to

pytestmark = pytest.mark.django_db


def file(b, period, lines=(f"T/1,2027-05-01,{GSTIN},111111111111,10,100000.00,18000.00",)):
    return services.sli_claim_file(
        actor=b.user,
        beneficiary=b,
        period=period,
        declaration=True,
        register_document=register_file(b.user, list(lines)),
    )


@pytest.fixture
def b(applicant, mhi):
    # LoA 1 Feb 2027, the round's first: the scheme starts then (R-PARAM-2).
    beneficiary = awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    beneficiary.quoted_rate = Decimal("1000.00")
    beneficiary.save(update_fields=["quoted_rate"])
    return beneficiary


def test_r_param_2_the_term_runs_from_the_first_loa_by_the_parameters() -> None:
    # Start 1 Feb 2027; gestation 2 years → 1 Feb 2029; tenure 7 years → 1 Feb 2034.
    term = scheme_term(
        parameter_start=None, first_loa=date(2027, 2, 1), gestation_years=2, tenure_years=7
    )
    assert (term.start, term.gestation_end, term.terminal) == (
        date(2027, 2, 1),
        date(2029, 2, 1),
        date(2034, 2, 1),
    )
    # MHI's start date, when set, wins over the first LoA; 29 Feb falls back to 28 Feb.
    term = scheme_term(
        parameter_start=date(2028, 2, 29),
        first_loa=date(2027, 2, 1),
        gestation_years=2,
        tenure_years=7,
    )
    assert (term.gestation_end, term.terminal) == (date(2030, 2, 28), date(2035, 2, 28))


def test_r_param_2_the_terminal_date_follows_the_parameters_in_force(b, rival, mhi) -> None:
    assert scheme_term_of(b).terminal == date(2034, 2, 1)
    # A later LoA in the same round does not move the start: the first one decides.
    b2 = awarded(rival, capacity=600, loa_date=date(2027, 3, 1), mhi=mhi)
    b2.round = b.round
    b2.rank = 2
    b2.save(update_fields=["round", "rank"])
    assert scheme_term_of(b2).terminal == date(2034, 2, 1)
    # An amendment of the tenure to 8 years moves the terminal date (R-PARAM-1).
    current = ParameterVersion.objects.order_by("-effective_from", "-recorded_at").first()
    ParameterVersion.objects.create(
        effective_from=date(2028, 1, 1),
        authority="EGoS order 1/2028",
        values={**current.values, "tenure_years": "8"},
        recorded_by=mhi,
        supersedes=current,
    )
    assert scheme_term_of(b).terminal == date(2035, 2, 1)


def test_r_sli_2_no_claim_for_a_period_beginning_after_the_terminal_date(b) -> None:
    with clock_moved_to(date(2035, 6, 1)):
        # FY2033-34-H2 (1 Oct 2033 – 31 Mar 2034) holds the terminal date 1 Feb 2034: filed.
        file(b, "FY2033-34-H2", [f"T/9,2034-02-01,{GSTIN},111111111119,1,1000.00,180.00"])
        with pytest.raises(RuleViolation, match="after the scheme's terminal date, 01 Feb 2034"):
            file(b, "FY2034-35-H1")


def test_r_sli_2_a_sale_after_the_terminal_date_is_rejected_with_its_reason() -> None:
    checker = register.Checker(
        HEADER.split(","),
        start=date(2033, 10, 1),
        end=date(2034, 3, 31),
        today=date(2035, 6, 1),
        terminal=date(2034, 2, 1),
    )
    on_terminal = checker.row(2, ["T/1", "2034-02-01", GSTIN, "111111111111", "5", "500", "90"])
    after = checker.row(3, ["T/2", "2034-02-02", GSTIN, "111111111112", "5", "500", "90"])
    assert isinstance(on_terminal, register.Row)
    assert isinstance(after, register.Rejected)
    assert (
        after.reason == "dated 02 Feb 2034, after the scheme's terminal date 01 Feb 2034 (R-SLI-2)"
    )
    # The fast path of whole lines agrees: the line after the terminal date is not accepted.
    batch = checker.batch(
        2,
        [
            f"T/1,2034-02-01,{GSTIN},111111111111,5,500,90",
            f"T/2,2034-02-02,{GSTIN},111111111112,5,500,90",
        ],
        [],
    )
    assert [row.invoice_number for row in batch.accepted] == ["T/1"]


def test_r_param_3_sales_before_gestation_ends_count(b) -> None:
    # FY2027-28-H1 lies wholly in the gestation (it ends 1 Feb 2029): its 10 kg at ₹1,000/kg
    # earn ₹10,000.00 (under the 40 % cap of ₹1,00,000 × 0.40 = ₹40,000.00).
    claim = file(b, "FY2027-28-H1")
    claim = processing.register_process(claim_id=claim.pk)
    assert claim.payable == Decimal("10000.00")
    assert claim.binding_cap == "gross"


def utc_at(year, month, day, hour, minute):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.mark.parametrize(
    ("utc", "accepted"),
    [
        (utc_at(2029, 3, 31, 18, 29), False),  # 23:59 IST on 31 March: the half-year still runs
        (utc_at(2029, 3, 31, 18, 30), True),  # 00:00 IST on 1 April: it has ended
    ],
)
def test_r_unit_5_a_claim_waits_for_its_period_to_end_in_india(b, utc, accepted) -> None:
    with mock.patch("django.utils.timezone.now", return_value=utc):
        if accepted:
            assert file(b, "FY2028-29-H2").period_end == date(2029, 3, 31)
        else:
            with pytest.raises(RuleViolation, match="ends on 31 Mar 2029") as refused:
                file(b, "FY2028-29-H2")
            assert refused.value.rule == "R-UNIT-5"
    assert SLIClaim.objects.filter(beneficiary=b).count() == int(accepted)


def test_r_unit_4_no_claim_for_a_later_financial_year(b) -> None:
    # Today (the tests' clock) is 15 Jan 2029: FY2029-30 and FY2028-29 have not ended.
    for period in ("FY2029-30", "FY2028-29", "FY2028-29-H2"):
        with pytest.raises(RuleViolation, match="a claim is filed once its period has ended"):
            file(b, period)
    assert file(b, "FY2028-29-H1").period_end == date(2028, 9, 30)


def test_r_unit_5_no_disbursement_dated_after_today(b, mhi) -> None:
    from incentives import examination

    claim = file(b, "FY2027-28-H1")
    with pytest.raises(ValidationFailed, match="after today") as refused:
        examination.claim_disburse(
            actor=mhi, claim=claim, payment_reference="PFMS/1", disbursed_on=date(2029, 1, 16)
        )
    assert refused.value.field == "disbursed_on"


def test_r_sli_2_the_claim_form_and_the_policy_page_show_the_terminal_date(b, client) -> None:
    client.force_login(b.user)
    page = client.get(reverse("web:claim_file", args=[b.pk])).content.decode()
    assert "<strong>1 February 2034</strong>" in page  # LoA 1 Feb 2027 + 7 years
    assert "gestation period ends on 1 February 2029" in page
    policy = client.get(reverse("web:policy")).content.decode()
    assert "a gestation period of 2 years and a scheme tenure of 7 years" in policy
    assert "<td>1 Feb 2027</td><td>1 Feb 2029</td><td>1 Feb 2034</td>" in policy
