"""The register check on PostgreSQL (R-SLI-8): COPY straight into the invoices, or through a
staging table and set-based SQL when an invoice repeats, keeps exactly the invoices, rejected
rows, reasons and claim worked out by hand below, the same as the ORM path; two claims checked
at once on real threads claim each shared invoice once; and the database itself holds every
invoice to an existing claim of its beneficiary."""

import threading
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from bidding.models import Beneficiary
from bidding.tests.fixtures import awarded
from incentives import processing, register, services
from incentives.models import ClaimedInvoice, ClaimStatus, RejectedRow, SLIClaim
from incentives.processing import dedup, lanes
from incentives.tests.fixtures import GSTIN, file_claim, register_file
from tests.threads import run_together
from tests.waiting import wait_until

pytestmark = pytest.mark.postgres

# FY2027-28-H2 (1 October 2027 – 31 March 2028), rows numbered as in the file (the header is 1).
REGISTER = [
    f"BM/201,2027-10-01,{GSTIN},111111111111,1000.000,2000000.00,360000.00",  # 2: accepted
    f"BM/202,2027-11-15,{GSTIN},111111111112,500.500,1001000.00,180180.00",  # 3: accepted
    f"BM/203,2027-11-16,{GSTIN},111111111111,1,2000.00,360.00",  # 4: row 2's e-way bill
    f"BM/201,2027-11-17,{GSTIN},111111111115,1,2000.00,360.00",  # 5: row 2's invoice number
    f"BM/100,2027-11-18,{GSTIN},111111111116,1,2000.00,360.00",  # 6: number of the H1 claim
    f"BM/205,2027-11-19,{GSTIN},222222222222,1,2000.00,360.00",  # 7: bill of the H1 claim
    f"BM/206,2027-11-20,{GSTIN},999999999999,1,2000.00,360.00",  # 8: the rival's bill
    "BM/207,2027-11-21,27AAPFU0939F1ZX,111111111119,1,2000.00,360.00",  # 9: check character
    f"BM/208,2028-04-01,{GSTIN},111111111120,1,2000.00,360.00",  # 10: after 31 March
    f"BM/209,2027-12-01,{GSTIN},111111111121,1.0005,2000.00,360.00",  # 11: 4 decimals
    f"BM/210,2028-03-31,{GSTIN},111111111122,250.250,500500.00,90090.00",  # 12: accepted
    # 13: accepted: row 8 was refused, so it claimed neither its bill nor its number
    f"BM/206,2028-01-10,{GSTIN},111111111123,100,200000.00,36000.00",
    # 14: repeats row 3's number, but its e-way bill was claimed in H1: that reason comes first
    f"BM/202,2028-01-11,{GSTIN},222222222222,1,2000.00,360.00",
]


@pytest.fixture
def b(applicant, mhi):
    # L1 at 1,200 MTPA quoting ₹1,500.00/kg; Table 3's cap ₹1,290 cr.
    return awarded(applicant, capacity=1200, loa_date=date(2027, 2, 1), mhi=mhi)


@pytest.fixture
def earlier(b, rival, mhi):
    """The rival's H1 claim of e-way bill 999999999999; this beneficiary's H1 claim of invoice
    BM/100 on e-way bill 222222222222."""
    other = awarded(rival, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    file_claim(other, [f"DRE/1,2027-05-01,{GSTIN},999999999999,10,1000.00,180.00"])
    return file_claim(b, [f"BM/100,2027-05-02,{GSTIN},222222222222,10,20000.00,3600.00"])


@pytest.fixture
def copy_path(monkeypatch):
    """The chunks stored by the PostgreSQL path: rows, and "straight" or "staged" (tried again
    through the staging table after the unique constraints refused it straight); fails the
    test if the ORM path runs."""
    calls = []
    store_copy = dedup.store_copy

    def spy(claim, chunk, *, straight, settled):
        calls.append((len(chunk.batch), "straight" if straight else "staged"))
        return store_copy(claim, chunk, straight=straight, settled=settled)

    def orm(*args, **kwargs):
        raise AssertionError("the ORM path ran on PostgreSQL")

    monkeypatch.setattr(dedup, "store_copy", spy)
    monkeypatch.setattr(dedup, "store_orm", orm)
    return calls


def outcome(claim: SLIClaim) -> dict[str, object]:
    claim.refresh_from_db()
    return {
        "status": claim.status,
        "rows": (claim.rows_total, claim.rows_done, claim.rows_rejected),
        "invoices": list(
            claim.invoices.order_by("row_number").values_list(
                "row_number",
                "invoice_number",
                "invoice_date",
                "buyer_gstin",
                "eway_bill",
                "quantity_kg",
                "taxable_value",
                "gst",
            )
        ),
        "reasons": dict(claim.rejected.values_list("row_number", "reason")),
        "computed": (
            claim.eligible_quantity_kg,
            claim.net_turnover,
            claim.gross,
            claim.turnover_cap,
            claim.payable,
            claim.binding_cap,
        ),
    }


def invoice(row: int, number: str, day: date, bill: str, *amounts: str) -> tuple:
    """A stored invoice as ``outcome`` lists it: amounts are kg, taxable value and GST."""
    return (row, number, day, GSTIN, bill, *map(Decimal, amounts))


def expected(h1: SLIClaim) -> dict[str, object]:
    mine = f"already claimed in your claim no. {h1.pk}"
    return {
        "status": ClaimStatus.SUBMITTED,
        "rows": (13, 13, 9),
        "invoices": [
            invoice(2, "BM/201", date(2027, 10, 1), "111111111111", "1000", "2000000", "360000"),
            invoice(3, "BM/202", date(2027, 11, 15), "111111111112", "500.5", "1001000", "180180"),
            invoice(12, "BM/210", date(2028, 3, 31), "111111111122", "250.25", "500500", "90090"),
            invoice(13, "BM/206", date(2028, 1, 10), "111111111123", "100", "200000", "36000"),
        ],
        "reasons": {
            4: "appears earlier in this register (row 2)",
            5: "appears earlier in this register (row 2)",
            6: mine,
            7: mine,
            8: "already claimed by another beneficiary",
            9: "GSTIN 27AAPFU0939F1ZX has a wrong check character (the last one should be V): "
            "check it against the GST registration certificate.",
            10: "dated 01 Apr 2028, outside the claim period",
            11: "quantity has more than 3 decimals",
            14: mine,
        },
        # Accepted: 1,000.000 + 500.500 + 250.250 + 100.000 = 1,850.750 kg; net turnover
        # ₹20,00,000 + ₹10,01,000 + ₹5,00,500 + ₹2,00,000 = ₹37,01,500.00. Gross 1,850.75 kg ×
        # ₹1,500 = ₹27,76,125.00; 40 % of the turnover = ₹14,80,600.00, under the ₹1,290 cr
        # tenure cap → the turnover cap binds.
        "computed": (
            Decimal("1850.750"),
            Decimal("3701500.00"),
            Decimal("2776125.00"),
            Decimal("1480600.00"),
            Decimal("1480600.00"),
            "turnover_cap",
        ),
    }


def file_h2(b, lines):
    return services.sli_claim_file(
        actor=b.user,
        beneficiary=b,
        period="FY2027-28-H2",
        declaration=True,
        register_document=register_file(b.user, lines),
    )


@pytest.mark.django_db(transaction=True)  # each chunk commits, as in the worker
def test_r_sli_8_the_copy_path_keeps_first_claims_and_says_why(b, earlier, copy_path) -> None:
    claim = processing.register_process(claim_id=file_h2(b, REGISTER).pk)
    assert copy_path == [(13, "straight"), (13, "staged")]
    assert outcome(claim) == expected(earlier)


@pytest.mark.django_db
def test_r_sli_8_the_copy_path_and_the_orm_path_agree(b, earlier, monkeypatch) -> None:
    claim = processing.register_process(claim_id=file_h2(b, REGISTER).pk)
    by_copy = outcome(claim)
    assert by_copy == expected(earlier)
    assert outcome(checked_again_through_the_orm(claim, monkeypatch)) == by_copy


def checked_again_through_the_orm(claim: SLIClaim, monkeypatch) -> SLIClaim:
    """The same claim checked again from its first row (its worker presumed dead), through the
    ORM as in the embedded mode."""
    monkeypatch.setattr(
        dedup,
        "store_copy",
        lambda c, chunk, straight, settled: dedup.store_orm(
            c, chunk.batch.accepted, chunk.batch.rejected
        ),
    )
    SLIClaim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.PROCESSING, processing_heartbeat=timezone.now() - timedelta(days=1)
    )
    return processing.register_process(claim_id=claim.pk)


@pytest.mark.django_db
def test_a_repeat_within_the_file_claimed_before_gets_the_earlier_claims_reason(
    b, earlier, monkeypatch
) -> None:
    """Refused straight, the chunk is staged: one lookup, one insert; the repeat of row 2
    whose e-way bill is in the H1 claim is refused for that claim, the e-way bill first."""
    inserts = []
    insert = dedup.insert_staged

    def spy(*args, **kwargs):
        inserts.append(kwargs["skip"])
        return insert(*args, **kwargs)

    monkeypatch.setattr(dedup, "insert_staged", spy)
    claim = processing.register_process(
        claim_id=file_h2(
            b,
            [
                f"BM/301,2027-10-02,{GSTIN},333333333331,10,20000.00,3600.00",  # 2: accepted
                f"BM/301,2027-10-03,{GSTIN},222222222222,10,20000.00,3600.00",  # 3
                f"BM/302,2027-10-04,{GSTIN},333333333331,10,20000.00,3600.00",  # 4
            ],
        ).pk
    )
    assert [set(skip) for skip in inserts] == [{3, 4}]
    assert outcome(claim)["reasons"] == {
        3: f"already claimed in your claim no. {earlier.pk}",
        4: "appears earlier in this register (row 2)",
    }
    assert list(claim.invoices.values_list("row_number", flat=True)) == [2]


@pytest.mark.django_db
def test_a_repeat_of_an_earlier_chunk_is_found(b, copy_path) -> None:
    # 2,500 rows: chunks of 2,000 and 500; row 2,401 repeats row 6's e-way bill.
    lines = [
        f"BM/{i:05d},2027-10-{1 + i % 28:02d},{GSTIN},{400000000000 + i:012d},2,4000.00,720.00"
        for i in range(1, 2501)
    ]
    lines[2399] = f"BM/02400,2027-10-02,{GSTIN},400000000005,2,4000.00,720.00"
    claim = processing.register_process(claim_id=file_h2(b, lines).pk)
    assert copy_path == [(2000, "straight"), (500, "straight"), (500, "staged")]
    assert outcome(claim)["reasons"] == {2401: "appears earlier in this register (row 6)"}
    # 2,499 invoices of 2 kg at ₹4,000.00: 4,998 kg and ₹99,96,000.00 of turnover.
    assert (claim.invoices.count(), claim.eligible_quantity_kg, claim.net_turnover) == (
        2499,
        Decimal("4998.000"),
        Decimal("9996000.00"),
    )


@pytest.mark.django_db(transaction=True)
def test_two_claims_checked_at_once_claim_each_shared_invoice_once(
    b, rival, mhi, copy_path
) -> None:
    # 3,000 rows each (two chunks), 1,000 e-way bills in both, listed in opposite orders.
    other = awarded(rival, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)

    def lines(prefix: str, bills: range) -> list[str]:
        return [
            f"{prefix}/{n:05d},2027-05-{1 + n % 28:02d},{GSTIN},{500000000000 + bill:012d},"
            "2,4000.00,720.00"
            for n, bill in enumerate(bills)
        ]

    claims = [
        services.sli_claim_file(
            actor=x.user,
            beneficiary=x,
            period="FY2027-28-H1",
            declaration=True,
            register_document=register_file(x.user, rows),
        )
        for x, rows in (
            (b, lines("BM", range(3000))),
            (other, lines("DRE", range(4999, 1999, -1))),
        )
    ]
    results = run_together(
        *[lambda c=c: processing.register_process(claim_id=c.pk) for c in claims]
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    done = SLIClaim.objects.filter(pk__in=[c.pk for c in claims])
    assert {c.status for c in done} == {ClaimStatus.SUBMITTED}
    assert [c.rows_total for c in done] == [3000, 3000]
    # 5,000 e-way bills in all: each an invoice of exactly one claim.
    assert ClaimedInvoice.objects.count() == 5000
    assert ClaimedInvoice.objects.values("eway_bill").distinct().count() == 5000
    assert sum(c.invoices.count() for c in done) == 5000
    assert sum(c.rejected.count() for c in done) == 1000
    reasons = {r for c in done for r in c.rejected.values_list("reason", flat=True)}
    assert reasons <= {"already claimed by another beneficiary", "already claimed in another claim"}


# Repeats of earlier claims only, none within the file: stored set-based (STORE_STAGED).
REPEATS_OF_EARLIER = [
    f"BM/401,2027-10-01,{GSTIN},444444444401,100,200000.00,36000.00",  # 2: accepted
    f"BM/402,2027-10-02,{GSTIN},222222222222,1,2000.00,360.00",  # 3: bill of the H1 claim
    f"BM/100,2027-10-03,{GSTIN},444444444403,1,2000.00,360.00",  # 4: number of the H1 claim
    f"BM/404,2027-10-04,{GSTIN},999999999999,1,2000.00,360.00",  # 5: the rival's bill
    f"BM/405,2027-10-05,{GSTIN},444444444405,50.5,101000.00,18180.00",  # 6: accepted
    "BM/406,2027-10-06,27AAPFU0939F1ZX,444444444406,1,2000.00,360.00",  # 7: check character
]


@pytest.mark.django_db(transaction=True)
def test_r_sli_8_repeats_of_earlier_claims_are_refused_in_one_statement(
    b, earlier, copy_path, monkeypatch
) -> None:
    """No invoice repeats within the chunk: no row is worked out in Python (_first_claims),
    and the reasons, written by SQL, are _reasons' own; the ORM path agrees."""
    monkeypatch.setattr(dedup, "first_claims", lambda *a: pytest.fail("worked out row by row"))
    claim = processing.register_process(claim_id=file_h2(b, REPEATS_OF_EARLIER).pk)
    assert copy_path == [(6, "straight"), (6, "staged")]
    by_copy = outcome(claim)
    mine = f"already claimed in your claim no. {earlier.pk}"
    assert by_copy["reasons"] == {
        3: mine,
        4: mine,
        5: "already claimed by another beneficiary",
        7: "GSTIN 27AAPFU0939F1ZX has a wrong check character (the last one should be V): "
        "check it against the GST registration certificate.",
    }
    assert by_copy["invoices"] == [
        invoice(2, "BM/401", date(2027, 10, 1), "444444444401", "100", "200000", "36000"),
        invoice(6, "BM/405", date(2027, 10, 5), "444444444405", "50.5", "101000", "18180"),
    ]
    assert by_copy["rows"] == (6, 6, 4)
    monkeypatch.undo()
    assert outcome(checked_again_through_the_orm(claim, monkeypatch)) == by_copy


@pytest.mark.django_db(transaction=True)  # the chunks are stored by sessions of their own
def test_chunks_stored_at_once_commit_in_file_order(b, copy_path, monkeypatch) -> None:
    """2,500 rows: chunks of 2,000 and 500, stored at once; row 2,401 repeats row 6's e-way
    bill. The first chunk is held back until the second has stored that bill; the first then
    waits for it in the database, the second steps back (rolls back) and, once the first has
    committed, is refused straight and staged: the later row is the one refused."""
    lines = [
        f"BM/{i:05d},2027-10-{1 + i % 28:02d},{GSTIN},{400000000000 + i:012d},2,4000.00,720.00"
        for i in range(1, 2501)
    ]
    lines[2399] = f"BM/02400,2027-10-02,{GSTIN},400000000005,2,4000.00,720.00"
    store_copy = dedup.store_copy  # copy_path's spy
    second_stored = threading.Event()

    def first_held_back(claim, chunk, *, straight, settled):
        if len(chunk.batch) == 2000 and not second_stored.is_set():
            assert second_stored.wait(30)  # the second chunk holds row 6's bill, uncommitted
        refused = store_copy(claim, chunk, straight=straight, settled=settled)
        if len(chunk.batch) == 500:
            second_stored.set()
        return refused

    blocked = []
    earlier_blocked = lanes.Lanes.earlier_blocked

    def watched(lanes, index):
        blocked.append(earlier_blocked(lanes, index))
        return blocked[-1]

    monkeypatch.setattr(dedup, "store_copy", first_held_back)
    monkeypatch.setattr(lanes.Lanes, "earlier_blocked", watched)
    claim = processing.register_process(claim_id=file_h2(b, lines).pk)
    assert True in blocked  # the second chunk saw the first wait for it, and stepped back
    assert sorted(copy_path) == [
        (500, "staged"),
        (500, "straight"),
        (500, "straight"),
        (2000, "straight"),
    ]
    assert outcome(claim)["reasons"] == {2401: "appears earlier in this register (row 6)"}
    assert outcome(claim)["rows"] == (2500, 2500, 1)
    # 2,499 invoices of 2 kg at ₹4,000.00: 4,998 kg and ₹99,96,000.00 of turnover.
    assert (claim.invoices.count(), claim.eligible_quantity_kg, claim.net_turnover) == (
        2499,
        Decimal("4998.000"),
        Decimal("9996000.00"),
    )


@pytest.mark.django_db(transaction=True)
def test_a_storing_session_that_fails_stops_the_run_and_its_threads(b, monkeypatch) -> None:
    """The second chunk's session fails unexpectedly: the run stops with that error, no
    thread is left behind, and the claim stays with its first chunk, for the watchdog to
    check again from the first row once its lease has lapsed."""
    lines = [
        f"BM/{i:05d},2027-10-{1 + i % 28:02d},{GSTIN},{600000000000 + i:012d},2,4000.00,720.00"
        for i in range(1, 5001)
    ]  # chunks of 2,000 and 3,000
    store_copy = dedup.store_copy

    def failing(claim, chunk, *, straight, settled):
        if len(chunk.batch) == 3000:
            raise RuntimeError("the disk is full")
        return store_copy(claim, chunk, straight=straight, settled=settled)

    monkeypatch.setattr(dedup, "store_copy", failing)
    claim = file_h2(b, lines)
    threads = threading.active_count()
    with pytest.raises(RuntimeError, match="the disk is full"):
        processing.register_process(claim_id=claim.pk)
    assert threading.active_count() == threads
    claim.refresh_from_db()
    assert (claim.status, claim.rows_done, claim.invoices.count()) == (
        ClaimStatus.PROCESSING,
        2000,
        2000,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("settled", [True, False])
def test_a_staged_row_lost_to_a_claim_stored_meanwhile(b, earlier, settled) -> None:
    """Another claim's transaction holds e-way bill …502 when the staged chunk inserts it,
    and commits: the row is left out (ON CONFLICT DO NOTHING). With every earlier chunk
    committed (settled), it is refused as lost to another claim; otherwise the chunk steps
    back, storing nothing, as the bill might have been an earlier chunk's of this file."""
    claim = file_h2(
        b,
        [
            f"BM/501,2027-10-01,{GSTIN},555555555501,1,2000.00,360.00",
            f"BM/502,2027-10-02,{GSTIN},555555555502,1,2000.00,360.00",
        ],
    )
    with default_storage.open(claim.register.file.name, "rb") as file:
        batch = next(
            register.batches(
                file, "csv", start=claim.period_start, end=claim.period_end, sizes=[10]
            )
        )
    chunk = dedup.Chunk(batch, dedup.copy_text(batch, claim.pk, b.pk))
    rival_claim = SLIClaim.objects.exclude(beneficiary=b).get()
    holding = threading.Event()
    connection.ensure_connection()
    chunk_session = connection.connection.get_backend_pid()

    def hold() -> None:
        try:
            with transaction.atomic():
                _insert_invoice(rival_claim.pk, rival_claim.beneficiary_id, "555555555502")
                holding.set()
                _until_blocked_by_this_session(chunk_session)  # the chunk's insert waits
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(10)
    try:
        if settled:
            with transaction.atomic():
                refused = dedup.store_copy(claim, chunk, straight=False, settled=True)
            assert refused == 1
            assert list(claim.invoices.values_list("eway_bill", flat=True)) == ["555555555501"]
            assert dict(claim.rejected.values_list("row_number", "reason")) == {
                3: "already claimed in another claim"
            }
        else:
            with pytest.raises(lanes.StepBack), transaction.atomic():
                dedup.store_copy(claim, chunk, straight=False, settled=False)
            assert not claim.invoices.exists() and not claim.rejected.exists()
    finally:
        holder.join()
    assert ClaimedInvoice.objects.get(eway_bill="555555555502").claim_id == rival_claim.pk


def _until_blocked_by_this_session(waiter: int) -> None:
    """Return once the session ``waiter`` waits for a lock this thread's session holds."""

    def blocked() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid() = ANY(pg_blocking_pids(%s))", [waiter])
            return bool(cursor.fetchone()[0])

    wait_until(blocked, 30, "the chunk to wait for the other claim's invoice", every=0.01)


def _insert_invoice(claim_id: int, beneficiary_id: int, bill: str) -> None:
    _insert_invoices((claim_id, beneficiary_id, bill))


def _insert_invoices(*invoices: tuple[int, int, str]) -> None:
    """One statement inserting invoices of (claim, beneficiary, e-way bill)."""
    claims, beneficiaries, bills = zip(*invoices, strict=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO incentives_claimedinvoice (eway_bill, claim_id, beneficiary_id, "
            "row_number, invoice_number, invoice_date, buyer_gstin, quantity_kg, taxable_value,"
            " gst) SELECT bill, claim, beneficiary, 2, 'X/' || bill, '2027-10-01', %s, 1, 100, "
            "18 FROM unnest(%s::text[], %s::integer[], %s::integer[]) i(bill, claim, beneficiary)",
            [GSTIN, list(bills), list(claims), list(beneficiaries)],
        )


@pytest.mark.django_db
def test_the_database_holds_each_invoice_to_an_existing_claim_of_its_beneficiary(
    b, earlier
) -> None:
    """No foreign key is checked row by row (migrations 0005–0007): statement triggers refuse
    an invoice of no claim or of another beneficiary's claim, and a rejected row of no claim;
    a claim that still has invoices cannot be deleted or handed to another beneficiary, nor
    one with rejected rows deleted or renumbered; Django's cascade still deletes one."""
    other = Beneficiary.objects.exclude(pk=b.pk).get()  # the rival, of the earlier claim
    for claim_id, beneficiary_id in ((earlier.pk + 1000, b.pk), (earlier.pk, other.pk)):
        with (
            pytest.raises(IntegrityError, match="existing claim of its beneficiary"),
            transaction.atomic(),
        ):
            _insert_invoice(claim_id, beneficiary_id, "777777777777")
    with (
        pytest.raises(IntegrityError, match="existing claim of its beneficiary"),
        transaction.atomic(),
    ):
        ClaimedInvoice.objects.filter(claim=earlier).update(beneficiary_id=other.pk)
    for statement, params in (
        ("DELETE FROM incentives_sliclaim WHERE id = %s", [earlier.pk]),
        (
            "UPDATE incentives_sliclaim SET beneficiary_id = %s WHERE id = %s",
            [other.pk, earlier.pk],
        ),
    ):
        with (
            pytest.raises(IntegrityError, match="still has invoices"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, params)
    h2 = file_h2(b, REGISTER)  # not checked: no invoice yet
    rival_claim = SLIClaim.objects.get(beneficiary=other)
    # One statement, invoices of two claims (the trigger takes each pair once): refused if
    # one is of no claim of its beneficiary, though the others are good.
    for pairs in (
        [(earlier.pk, b.pk), (h2.pk, b.pk), (rival_claim.pk, b.pk)],
        [(earlier.pk, b.pk), (h2.pk + 1000, b.pk)],
    ):
        with (
            pytest.raises(IntegrityError, match="existing claim of its beneficiary"),
            transaction.atomic(),
        ):
            _insert_invoices(*[(c, ben, f"77777777777{n}") for n, (c, ben) in enumerate(pairs)])
    _insert_invoices(  # of their claims: accepted
        (earlier.pk, b.pk, "777777777777"),
        (h2.pk, b.pk, "777777777778"),
        (rival_claim.pk, other.pk, "777777777779"),
    )
    assert earlier.invoices.count() == 2
    assert h2.invoices.count() == rival_claim.invoices.count() - 1 == 1
    # Rejected rows too (migration 0007): of an existing claim only, and the claim stays
    # while it has them.
    with (
        pytest.raises(IntegrityError, match="existing claim"),
        transaction.atomic(),
    ):
        RejectedRow.objects.bulk_create(
            [
                RejectedRow(claim_id=h2.pk, row_number=2, reason="x"),
                RejectedRow(claim_id=h2.pk + 1000, row_number=3, reason="x"),
            ]
        )
    RejectedRow.objects.create(claim=h2, row_number=2, reason="a reason")
    h2.invoices.all().delete()
    for statement in (
        "DELETE FROM incentives_sliclaim WHERE id = %s",
        "UPDATE incentives_sliclaim SET id = id + 1000 WHERE id = %s",
    ):
        with (
            pytest.raises(IntegrityError, match="still has rejected rows"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, [h2.pk])
    h2.delete()  # its rejected rows first (Django's cascade), then the claim
    assert not RejectedRow.objects.filter(claim_id=h2.pk).exists()
    earlier.rejected.all().delete()
    earlier.delete()  # invoices first (Django's cascade), then the claim
    assert not ClaimedInvoice.objects.filter(claim_id=earlier.pk).exists()


@pytest.mark.django_db
def test_the_invoice_table_keeps_only_the_indexes_it_needs() -> None:
    """What each stored invoice costs: the e-way bill key, the invoice number once per seller
    (both byte-wise, collation C), and a BRIN index of where each claim's invoices lie; no
    second LIKE index (benchmarks/invoice_register.py)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'incentives_claimedinvoice'"
        )
        definitions = sorted(
            d.split(" ON public.incentives_claimedinvoice ")[1] for (d,) in cursor.fetchall()
        )
        cursor.execute(
            "SELECT column_name, collation_name FROM information_schema.columns "
            "WHERE table_name = 'incentives_claimedinvoice' AND collation_name IS NOT NULL"
        )
        collations = dict(cursor.fetchall())
    assert definitions == [
        "USING brin (claim_id)",
        "USING btree (beneficiary_id, invoice_number)",
        "USING btree (eway_bill)",
    ]
    assert collations == {"eway_bill": "C", "invoice_number": "C"}
