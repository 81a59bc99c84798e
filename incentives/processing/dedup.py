"""Keeping each invoice once across every claim of every beneficiary (R-SLI-8).

A chunk of checked rows is stored in the caller's transaction (``store``). On PostgreSQL it is
COPYed straight into the invoices, or, when the unique constraints refuse it, through a
temporary staging table with set-based SQL (``store_copy``); elsewhere (SQLite, the embedded
mode) through the ORM (``store_orm``). Both give the same rows and reasons; the database's
unique constraints decide which claim is first.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from incentives import register
from incentives.models import ClaimedInvoice, RejectedRow, SLIClaim

from .lanes import StepBack

# PostgreSQL: a chunk's rows are COPYed into ClaimedInvoice, led by these columns, then the
# row's fields (register.FIELDS, ClaimedInvoice's columns, in the order of Batch.fields).
LEAD = ("claim_id", "beneficiary_id", "row_number")
# Where they wait when an invoice was claimed before: a temporary table (one a database
# session). Emptied at the start of each chunk too: inside an outer atomic block nothing commits.
NEW_STAGE = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS incentives_register_stage (claim_id integer, "
    "beneficiary_id integer, row_number integer, "
    'invoice_number text COLLATE "C", invoice_date date, buyer_gstin text, '
    'eway_bill text COLLATE "C", '
    "quantity_kg numeric, taxable_value numeric, gst numeric) ON COMMIT DELETE ROWS; "
    "TRUNCATE incentives_register_stage; "
    "SET LOCAL jit = off"  # thousands of index probes a statement: compiling them costs more
)
# Each staged row claimed before, with its earlier claim: of the e-way bill by anyone, or else
# of the invoice number by this beneficiary (a row whose bill was claimed is refused for that;
# its number is not looked up). One index probe a lookup: LIMIT 1 keeps the planner from
# hashing the whole invoice table instead.
EARLIER = """
    SELECT s.row_number, s.invoice_number, s.eway_bill, b.claim_id IS NOT NULL AS by_bill,
        coalesce(b.claim_id, n.claim_id) AS claim_id,
        coalesce(b.beneficiary_id, n.beneficiary_id) AS beneficiary_id,
        coalesce(b.row_number, n.row_number) AS earlier_row
    FROM incentives_register_stage s
    LEFT JOIN LATERAL (
        SELECT claim_id, beneficiary_id, row_number FROM incentives_claimedinvoice
        WHERE eway_bill = s.eway_bill LIMIT 1
    ) b ON true
    LEFT JOIN LATERAL (
        SELECT claim_id, beneficiary_id, row_number FROM incentives_claimedinvoice
        WHERE b.claim_id IS NULL
            AND beneficiary_id = %(beneficiary)s AND invoice_number = s.invoice_number
        LIMIT 1
    ) n ON true
    WHERE b.claim_id IS NOT NULL OR n.claim_id IS NOT NULL
"""
# For first_claims: the earlier claims by e-way bill and by invoice number (Known).
CLAIMED_BEFORE = f"""
    SELECT by_bill, CASE WHEN by_bill THEN eway_bill ELSE invoice_number END,
        claim_id, beneficiary_id, earlier_row
    FROM ({EARLIER}) e
"""  # noqa: S608 (module constants only)
# Does an invoice appear twice among the staged rows?
REPEATS_WITHIN = """
    SELECT count(DISTINCT eway_bill) < count(*) OR count(DISTINCT invoice_number) < count(*)
    FROM incentives_register_stage
"""
# R-SLI-8 in one statement for staged rows that repeat no invoice among themselves: then each
# is refused for its earlier claim if it has one (the reasons of _reasons, here in SQL), else
# inserted, else (another claim took it since the lookup) refused as lost to that claim.
# Returns how many were refused for an earlier claim, and how many were lost.
STORE_STAGED = f"""
    WITH earlier AS MATERIALIZED ({EARLIER}),
    refused AS (
        INSERT INTO incentives_rejectedrow (claim_id, row_number, invoice_number, reason)
        SELECT %(claim)s, row_number, invoice_number, left(CASE
            WHEN beneficiary_id <> %(beneficiary)s THEN %(another)s
            WHEN claim_id = %(claim)s THEN %(this_0)s || earlier_row || %(this_1)s
            ELSE %(yours_0)s || claim_id || %(yours_1)s END, 300)
        FROM earlier RETURNING 1
    ),
    fresh AS MATERIALIZED (
        SELECT * FROM incentives_register_stage
        WHERE row_number NOT IN (SELECT row_number FROM earlier)
    ),
    inserted AS (
        INSERT INTO incentives_claimedinvoice (claim_id, beneficiary_id, row_number,
            invoice_number, invoice_date, buyer_gstin, eway_bill, quantity_kg, taxable_value, gst)
        SELECT %(claim)s, %(beneficiary)s, row_number, invoice_number, invoice_date, buyer_gstin,
            eway_bill, quantity_kg, taxable_value, gst
        FROM fresh ORDER BY eway_bill
        ON CONFLICT DO NOTHING RETURNING row_number
    ),
    lost AS (
        INSERT INTO incentives_rejectedrow (claim_id, row_number, invoice_number, reason)
        SELECT %(claim)s, row_number, invoice_number, %(lost)s FROM fresh
        WHERE row_number NOT IN (SELECT row_number FROM inserted)
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM refused), (SELECT count(*) FROM lost)
"""  # noqa: S608 (module constants only)
INSERT_STAGED = """
    INSERT INTO incentives_claimedinvoice (claim_id, beneficiary_id, row_number, invoice_number,
        invoice_date, buyer_gstin, eway_bill, quantity_kg, taxable_value, gst)
    SELECT %s, %s, row_number, invoice_number, invoice_date, buyer_gstin, eway_bill,
        quantity_kg, taxable_value, gst
    FROM incentives_register_stage WHERE row_number <> ALL(%s::integer[]) ORDER BY eway_bill
    ON CONFLICT DO NOTHING RETURNING row_number
"""


@dataclass
class Chunk:
    """Checked rows of the register, handed from the reading thread to a storing one."""

    batch: register.Batch
    # For PostgreSQL, prepared on the reading thread too: the accepted rows as CSV for COPY.
    csv: str = ""


class Earlier(NamedTuple):
    """Where an invoice was claimed first."""

    claim_id: int
    beneficiary_id: int
    row_number: int


class Known(NamedTuple):
    """Invoices claimed before, from the database: by e-way bill (by anyone) and by invoice
    number (by this beneficiary)."""

    bills: dict[str, Earlier]
    numbers: dict[str, Earlier]


def first_claims(claim: SLIClaim, candidates: list[register.Row], known: Known) -> dict[int, str]:
    """Rows (by number) already claimed: earlier in this file, in another claim, or by
    another beneficiary (R-SLI-8); by e-way bill first, then by invoice number.

    In file order, because a row refused as a repeat claims nothing: a later row sharing only
    its invoice number with the refused row is still the first claim of that number."""
    reasons: dict[int, str] = {}
    reason = _reasons(claim)
    bills: dict[str, int] = {}  # the rows accepted so far, by e-way bill
    numbers: dict[str, int] = {}  # and by invoice number
    for r in candidates:
        earlier = known.bills.get(r.eway_bill)
        if earlier is None and r.eway_bill in bills:
            earlier = Earlier(claim.pk, claim.beneficiary_id, bills[r.eway_bill])
        if earlier is None:
            earlier = known.numbers.get(r.invoice_number)
        if earlier is None and r.invoice_number in numbers:
            earlier = Earlier(claim.pk, claim.beneficiary_id, numbers[r.invoice_number])
        if earlier is None:
            bills[r.eway_bill] = numbers[r.invoice_number] = r.number
        else:
            reasons[r.number] = reason(earlier)
    return reasons


def _repeat_reasons() -> dict[str, str]:
    """Why a row repeating an invoice is refused: claimed by ``another`` beneficiary, earlier
    in ``this`` register, in ``yours``, another claim of the beneficiary, or ``lost`` to a
    claim checked at the same time. Translated once a chunk, not once a row: a register sent
    twice repeats every row."""
    return {
        "another": _("already claimed by another beneficiary"),
        "this": _("appears earlier in this register (row %(n)s)"),
        "yours": _("already claimed in your claim no. %(n)s"),
        "lost": _("already claimed in another claim"),
    }


def _reasons(claim: SLIClaim) -> Callable[[Earlier], str]:
    """Why a row of ``claim`` is refused, given its earlier claim."""
    texts = _repeat_reasons()

    def reason(earlier: Earlier) -> str:
        if earlier.beneficiary_id != claim.beneficiary_id:
            return texts["another"]
        if earlier.claim_id == claim.pk:
            return texts["this"] % {"n": earlier.row_number}
        return texts["yours"] % {"n": earlier.claim_id}

    return reason


def _lost_race() -> str:
    return _repeat_reasons()["lost"]


def store(claim: SLIClaim, chunk: Chunk, *, straight: bool, settled: bool = True) -> int:
    """Store one chunk's invoices and rejected rows in the caller's transaction; returns how
    many rows were rejected. ``settled``: every earlier chunk has committed (see
    ``_store_staged``); unless it has, a chunk that lost a row raises ``StepBack``."""
    if connection.vendor == "postgresql":
        return store_copy(claim, chunk, straight=straight, settled=settled)
    return store_orm(claim, chunk.batch.accepted, chunk.batch.rejected)


# --- Through the ORM (SQLite) ---------------------------------------------------------------


def _claimed_before_orm(claim: SLIClaim, candidates: list[register.Row]) -> Known:
    fields = ("claim_id", "beneficiary_id", "row_number")
    return Known(
        bills={
            bill: Earlier(*rest)
            for bill, *rest in ClaimedInvoice.objects.filter(
                eway_bill__in={r.eway_bill for r in candidates}
            ).values_list("eway_bill", *fields)
        },
        numbers={
            number: Earlier(*rest)
            for number, *rest in ClaimedInvoice.objects.filter(
                beneficiary=claim.beneficiary,
                invoice_number__in={r.invoice_number for r in candidates},
            ).values_list("invoice_number", *fields)
        },
    )


def store_orm(
    claim: SLIClaim, accepted: list[register.Row], rejected: list[register.Rejected]
) -> int:
    reasons = first_claims(claim, accepted, _claimed_before_orm(claim, accepted))
    fresh = [r for r in accepted if r.number not in reasons]
    rejected = rejected + _refused(accepted, reasons)

    def model(r: register.Row) -> ClaimedInvoice:
        return ClaimedInvoice(
            claim=claim,
            beneficiary_id=claim.beneficiary_id,
            row_number=r.number,
            invoice_number=r.invoice_number,
            invoice_date=r.invoice_date,
            buyer_gstin=r.buyer_gstin,
            eway_bill=r.eway_bill,
            quantity_kg=r.quantity_kg,
            taxable_value=r.taxable_value,
            gst=r.gst,
        )

    try:
        with transaction.atomic():
            ClaimedInvoice.objects.bulk_create([model(r) for r in fresh])
    except IntegrityError:
        # Another claim took one of these invoices since we looked: row by row, the database
        # decides which one is first.
        for r in fresh:
            try:
                with transaction.atomic():
                    model(r).save()
            except IntegrityError:
                rejected.append(register.Rejected(r.number, r.invoice_number, _lost_race()))
    RejectedRow.objects.bulk_create(
        RejectedRow(
            claim=claim, row_number=r.number, invoice_number=r.invoice_number, reason=r.reason[:300]
        )
        for r in rejected
    )
    return len(rejected)


def _refused(accepted: list[register.Row], reasons: dict[int, str]) -> list[register.Rejected]:
    return [
        register.Rejected(r.number, r.invoice_number, reasons[r.number])
        for r in accepted
        if r.number in reasons
    ]


# --- Set-based on PostgreSQL ----------------------------------------------------------------


def store_copy(claim: SLIClaim, chunk: Chunk, *, straight: bool, settled: bool = True) -> int:
    """R-SLI-8 for one chunk on PostgreSQL, set-based.

    Most chunks repeat no invoice, within the file or of an earlier claim: ``straight``, their
    rows are COPYed straight into ClaimedInvoice, and the unique constraints refuse the chunk
    (IntegrityError) if one does. Otherwise the rows are copied into the staging table and
    inserted from there (``_store_staged``). The rejected rows are copied in last."""
    batch = chunk.batch
    columns = (*LEAD, *batch.fields)
    with connection.cursor() as cursor:
        if straight:
            _copy(cursor, ClaimedInvoice._meta.db_table, columns, chunk.csv)
            refused = 0
        else:
            refused = _store_staged(cursor, claim, chunk, columns, settled)
        _copy_rejected(cursor, claim, batch.rejected)
    return refused + len(batch.rejected)


def _copy_rejected(cursor: Any, claim: SLIClaim, rejected: list[register.Rejected]) -> None:
    _copy(
        cursor,
        RejectedRow._meta.db_table,
        ("claim_id", "row_number", "invoice_number", "reason"),
        _csv((claim.pk, r.number, r.invoice_number, r.reason[:300]) for r in rejected),
    )


def _store_staged(
    cursor: Any, claim: SLIClaim, chunk: Chunk, columns: tuple[str, ...], settled: bool
) -> int:
    """A chunk repeating an invoice, through the staging table; stores the rows it refuses
    and returns how many.

    If no invoice appears twice in the chunk, in one statement (``STORE_STAGED``): a row is
    refused for its earlier claim, else inserted with ``ON CONFLICT DO NOTHING``, which leaves
    out a row that a claim racing this one took meanwhile (the unique constraints decide).
    Otherwise row by row in file order (``first_claims``): a row refused as a repeat claims
    nothing, so a later one sharing only its invoice number is still that number's first
    claim. Both give the reasons of ``_reasons``.

    Unless ``settled``, an earlier chunk of this register was still being stored when the
    lookup ran, unseen by it: if a row was then left out, it may repeat that chunk's, and be
    refused for the wrong reason, with the first claims of the rest worked out wrong. The
    chunk steps back, to be stored again once the earlier chunks have committed."""
    cursor.execute(NEW_STAGE)
    _copy(cursor, "incentives_register_stage", columns, chunk.csv)
    cursor.execute(REPEATS_WITHIN)
    if not cursor.fetchone()[0]:
        texts = _repeat_reasons()
        cursor.execute(
            STORE_STAGED,
            {
                "claim": claim.pk,
                "beneficiary": claim.beneficiary_id,
                "another": texts["another"],
                "lost": texts["lost"],
                **_around_n("this", texts["this"]),
                **_around_n("yours", texts["yours"]),
            },
        )
        refused, lost = cursor.fetchone()
        if lost and not settled:
            raise StepBack
        return refused + lost
    accepted = chunk.batch.accepted
    reasons = first_claims(claim, accepted, _claimed_before_staged(cursor, claim))
    inserted = insert_staged(cursor, claim, skip=reasons.keys())
    lost_rows = [
        register.Rejected(r.number, r.invoice_number, _lost_race())
        for r in accepted
        if r.number not in reasons and r.number not in inserted
    ]
    if lost_rows and not settled:
        raise StepBack
    rejected = _refused(accepted, reasons) + lost_rows
    _copy_rejected(cursor, claim, rejected)
    return len(rejected)


def _around_n(name: str, text: str) -> dict[str, str]:
    """A reason's text before and after its ``%(n)s``, for SQL to put the number between."""
    before, after = text.split("%(n)s")
    return {f"{name}_0": before, f"{name}_1": after}


def _csv(rows: Iterable[Iterable[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def _copy(cursor: Any, table: str, columns: Iterable[str], text: str) -> None:
    """``COPY table FROM STDIN`` of CSV ``text`` (any character in a cell is safe)."""
    if not text:
        return
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.wrap_database_errors:  # as Django's errors, like any other statement's
        cursor.copy_expert(
            f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN "
            f"WITH (FORMAT csv, FORCE_NOT_NULL ({names}))",
            io.StringIO(text),
            size=len(text),  # one read: each would wait for the reading thread's GIL
        )


def _claimed_before_staged(cursor: Any, claim: SLIClaim) -> Known:
    """Earlier claims of the staged invoices: of the e-way bill by anyone, of the invoice
    number by this beneficiary (see ``CLAIMED_BEFORE``)."""
    known = Known({}, {})
    cursor.execute(CLAIMED_BEFORE, {"beneficiary": claim.beneficiary_id})
    for by_bill, key, *earlier in cursor.fetchall():
        (known.bills if by_bill else known.numbers)[key] = Earlier(*earlier)
    return known


def insert_staged(cursor: Any, claim: SLIClaim, *, skip: Collection[int]) -> set[int]:
    """Insert the staged rows not in ``skip`` as the claim's invoices, in e-way bill order (two
    claims racing for the same bills then wait on each other in one order, not deadlock),
    leaving out a row whose invoice is claimed already (the unique constraints decide); returns
    the row numbers inserted."""
    cursor.execute(INSERT_STAGED, [claim.pk, claim.beneficiary_id, list(skip)])
    return {n for (n,) in cursor.fetchall()}


def copy_text(batch: register.Batch, *lead: object) -> str:
    """The batch's accepted rows as CSV lines for ``COPY``: each the ``lead`` cells, the row's
    number, then its ``fields``. Lines checked whole go on as the register wrote them."""
    lines = batch.plain_lines()
    if lines is None:
        buffer = io.StringIO()
        csv.writer(buffer).writerows((*lead, *r) for r in batch.accepted)
        return buffer.getvalue()
    head = "".join(f"{c}," for c in lead)
    return "".join([f"{head}{n},{line}\n" for n, line in lines])
