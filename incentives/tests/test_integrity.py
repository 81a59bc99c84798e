"""R-SLI-8: in both run modes the database itself holds every invoice, and every rejected row,
to an existing claim (of the invoice's beneficiary): statement triggers on PostgreSQL
(migrations 0005–0007), row triggers on SQLite (0008), in place of foreign keys."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction

from bidding.tests.fixtures import awarded
from incentives.models import ClaimedInvoice, RejectedRow, SLIClaim
from incentives.tests.factories import SLIClaimFactory
from incentives.tests.fixtures import GSTIN

pytestmark = pytest.mark.django_db


def claim_of(b) -> SLIClaim:
    return SLIClaimFactory(beneficiary=b)


def invoice(claim_id: int, beneficiary_id: int, bill: str) -> ClaimedInvoice:
    return ClaimedInvoice(
        eway_bill=bill,
        claim_id=claim_id,
        beneficiary_id=beneficiary_id,
        row_number=2,
        invoice_number=f"X/{bill}",
        invoice_date=date(2027, 5, 1),
        buyer_gstin=GSTIN,
        quantity_kg=1,
        taxable_value=100,
        gst=18,
    )


@pytest.fixture
def two(applicant, rival, mhi):
    b = awarded(applicant, capacity=1200, loa_date=date(2027, 2, 1), mhi=mhi)
    other = awarded(rival, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    return b, other, claim_of(b), claim_of(other)


def refused(match: str):
    return pytest.raises(IntegrityError, match=match)


def test_r_sli_8_an_invoice_belongs_to_an_existing_claim_of_its_beneficiary(two) -> None:
    b, other, mine, theirs = two
    for claim_id, beneficiary_id in ((mine.pk + 1000, b.pk), (theirs.pk, b.pk)):
        with refused("existing claim of its beneficiary"), transaction.atomic():
            ClaimedInvoice.objects.bulk_create([invoice(claim_id, beneficiary_id, "777777777777")])
    with refused("existing claim of its beneficiary"), transaction.atomic():
        ClaimedInvoice.objects.bulk_create(  # one good, one of another's claim: both refused
            [invoice(mine.pk, b.pk, "777777777770"), invoice(theirs.pk, b.pk, "777777777771")]
        )
    ClaimedInvoice.objects.bulk_create([invoice(mine.pk, b.pk, "777777777777")])
    with refused("existing claim of its beneficiary"), transaction.atomic():
        ClaimedInvoice.objects.filter(claim=mine).update(beneficiary_id=other.pk)
    assert list(mine.invoices.values_list("eway_bill", "beneficiary_id")) == [
        ("777777777777", b.pk)
    ]


def test_r_sli_8_a_claim_keeps_its_invoices_and_rejected_rows(two) -> None:
    b, other, mine, _theirs = two
    with refused("existing claim"), transaction.atomic():
        RejectedRow.objects.bulk_create([RejectedRow(claim_id=mine.pk + 1000, row_number=3)])
    ClaimedInvoice.objects.bulk_create([invoice(mine.pk, b.pk, "777777777777")])
    RejectedRow.objects.create(claim=mine, row_number=3, reason="a reason")
    for statement, params, match in (
        (
            "UPDATE incentives_sliclaim SET beneficiary_id = %s WHERE id = %s",
            [other.pk, mine.pk],
            "still has invoices",
        ),
        ("UPDATE incentives_sliclaim SET id = id + 1000 WHERE id = %s", [mine.pk], "still has"),
    ):
        with refused(match), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
    mine.delete()  # Django's cascade: its rows first, then the claim
    assert not ClaimedInvoice.objects.filter(claim_id=mine.pk).exists()
    assert not RejectedRow.objects.filter(claim_id=mine.pk).exists()


def test_r_sli_8_a_claim_deleted_in_sql_leaves_no_invoice_behind(two) -> None:
    """PostgreSQL refuses the delete; SQLite takes the claim's rows with it (0008 says why)."""
    b, _other, mine, _theirs = two
    ClaimedInvoice.objects.bulk_create([invoice(mine.pk, b.pk, "777777777777")])
    RejectedRow.objects.create(claim=mine, row_number=3, reason="a reason")
    delete = "DELETE FROM incentives_sliclaim WHERE id = %s"
    if connection.vendor == "postgresql":
        with refused("still has invoices"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(delete, [mine.pk])
        assert SLIClaim.objects.filter(pk=mine.pk).exists()
    else:
        with connection.cursor() as cursor:
            cursor.execute(delete, [mine.pk])
        assert not SLIClaim.objects.filter(pk=mine.pk).exists()
    orphans = ClaimedInvoice.objects.exclude(claim_id__in=SLIClaim.objects.values("pk"))
    assert not orphans.exists()
    assert not RejectedRow.objects.exclude(claim_id__in=SLIClaim.objects.values("pk")).exists()
