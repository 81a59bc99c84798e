"""The invoice register's check (R-SLI-8): stream the file, check every row, keep each invoice
once across every claim of every beneficiary (the database's unique constraints decide), then
compute the claim. Runs in a Celery task (``tasks.process_register``); safe to run twice.

Rows are stored a chunk per transaction. On PostgreSQL a chunk is COPYed straight into the
invoices, or, when the unique constraints refuse it, through a temporary staging table with
set-based SQL (``_store_copy``); elsewhere (SQLite, the embedded mode) through the ORM
(``_store_orm``). Both give the same rows and reasons.
"""

from __future__ import annotations

import csv
import io
import itertools
import queue
import threading
import uuid
from collections.abc import Callable, Collection, Generator, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from repm_portal.errors import DomainError
from repm_portal.lifecycle import transition

from . import register
from .models import ClaimedInvoice, ClaimStatus, RejectedRow, SLIClaim

CHUNK = 2000  # rows a transaction through the ORM, and in the first chunk on PostgreSQL
COPY_CHUNK = 20_000  # the largest on PostgreSQL: some 12 MB of rows (larger is no faster)
DEADLOCK_RETRIES = 3
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
# Earlier claims of the staged rows: one index probe a row, as
# LIMIT 1 keeps the planner from hashing the whole invoice table instead.
CLAIMED_BEFORE = """
    SELECT 'bill', s.eway_bill, c.* FROM incentives_register_stage s CROSS JOIN LATERAL (
        SELECT claim_id, beneficiary_id, row_number FROM incentives_claimedinvoice
        WHERE eway_bill = s.eway_bill LIMIT 1
    ) c
    UNION ALL
    SELECT 'number', s.invoice_number, c.* FROM incentives_register_stage s CROSS JOIN LATERAL (
        SELECT claim_id, beneficiary_id, row_number FROM incentives_claimedinvoice
        WHERE beneficiary_id = %(beneficiary)s AND invoice_number = s.invoice_number LIMIT 1
    ) c
"""
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
    """Checked rows of the register, handed from the reading thread to the storing one."""

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


def _first_claims(claim: SLIClaim, candidates: list[register.Row], known: Known) -> dict[int, str]:
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


def _reasons(claim: SLIClaim) -> Callable[[Earlier], str]:
    """Why a row of ``claim`` is refused, given its earlier claim (translated once, not once a
    row: a register sent twice repeats every row)."""
    another = _("already claimed by another beneficiary")
    this = _("appears earlier in this register (row %(n)s)")
    yours = _("already claimed in your claim no. %(n)s")

    def reason(earlier: Earlier) -> str:
        if earlier.beneficiary_id != claim.beneficiary_id:
            return another
        if earlier.claim_id == claim.pk:
            return this % {"n": earlier.row_number}
        return yours % {"n": earlier.claim_id}

    return reason


def _lost_race() -> str:
    return _("already claimed in another claim")


def _store(claim: SLIClaim, chunk: Chunk, *, straight: bool) -> int:
    """Store one chunk's invoices and rejected rows; returns how many rows were rejected."""
    if connection.vendor == "postgresql":
        return _store_copy(claim, chunk, straight=straight)
    return _store_orm(claim, chunk.batch.accepted, chunk.batch.rejected)


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


def _store_orm(
    claim: SLIClaim, accepted: list[register.Row], rejected: list[register.Rejected]
) -> int:
    reasons = _first_claims(claim, accepted, _claimed_before_orm(claim, accepted))
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


def _store_copy(claim: SLIClaim, chunk: Chunk, *, straight: bool) -> int:
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
            rejected = batch.rejected
        else:
            rejected = batch.rejected + _store_staged(cursor, claim, chunk, columns)
        if rejected:
            _copy(
                cursor,
                RejectedRow._meta.db_table,
                ("claim_id", "row_number", "invoice_number", "reason"),
                _csv((claim.pk, r.number, r.invoice_number, r.reason[:300]) for r in rejected),
            )
    return len(rejected)


def _store_staged(
    cursor: Any, claim: SLIClaim, chunk: Chunk, columns: tuple[str, ...]
) -> list[register.Rejected]:
    """A chunk repeating an invoice, through the staging table; returns the rows refused.

    Every staged row's earlier claims are looked up with one join, the first claims worked
    out in file order (``_first_claims``), and inserted with ``ON CONFLICT DO NOTHING``: a row
    that a claim racing this one took meanwhile is left out, the unique constraints decide."""
    accepted = chunk.batch.accepted
    cursor.execute(NEW_STAGE)
    _copy(cursor, "incentives_register_stage", columns, chunk.csv)
    reasons = _first_claims(claim, accepted, _claimed_before_staged(cursor, claim))
    inserted = _insert_staged(cursor, claim, skip=reasons.keys())
    return _refused(accepted, reasons) + [
        register.Rejected(r.number, r.invoice_number, _lost_race())
        for r in accepted
        if r.number not in reasons and r.number not in inserted
    ]


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
    for kind, key, *earlier in cursor.fetchall():
        (known.bills if kind == "bill" else known.numbers)[key] = Earlier(*earlier)
    return known


def _insert_staged(cursor: Any, claim: SLIClaim, *, skip: Collection[int]) -> set[int]:
    """Insert the staged rows not in ``skip`` as the claim's invoices, in e-way bill order (two
    claims racing for the same bills then wait on each other in one order, not deadlock),
    leaving out a row whose invoice is claimed already (the unique constraints decide); returns
    the row numbers inserted."""
    cursor.execute(INSERT_STAGED, [claim.pk, claim.beneficiary_id, list(skip)])
    return {n for (n,) in cursor.fetchall()}


# --- The run: lease, chunks, heartbeat ------------------------------------------------------


class LeaseLost(Exception):
    """Another run has taken over this register (this one was presumed dead)."""


def _take_lease(claim_id: int) -> str | None:
    """The right to check the register, unless a live run holds it (its heartbeat is recent)."""
    token = uuid.uuid4().hex
    now = timezone.now()
    stale = now - timedelta(seconds=settings.REGISTER_LEASE_SECONDS)
    taken = (
        SLIClaim.objects.filter(pk=claim_id, status=ClaimStatus.PROCESSING)
        .filter(Q(processing_heartbeat__isnull=True) | Q(processing_heartbeat__lt=stale))
        .update(processing_lease=token, processing_heartbeat=now)
    )
    return token if taken else None


def register_process(*, claim_id: int) -> SLIClaim:
    """Check every row of the claim's register, keep the accepted invoices, compute the claim.

    Idempotent and safe to run twice at once: a run holds a lease it renews with every chunk;
    a second run leaves it alone unless the first has gone silent (its worker died), in which
    case it starts the register again from its first row with the claim's rows cleared.
    """
    token = _take_lease(claim_id)
    claim = SLIClaim.objects.select_related("register", "beneficiary").get(pk=claim_id)
    if token is None:
        return claim
    with transaction.atomic():
        claim.invoices.all().delete()
        claim.rejected.all().delete()
        SLIClaim.objects.filter(pk=claim.pk).update(rows_done=0, rows_rejected=0)
    progress = [0, 0]  # rows done, rows rejected
    copy = connection.vendor == "postgresql"
    try:
        with default_storage.open(claim.register.file.name, "rb") as file:
            expected = register.rows_expected(file, claim.register.format)
            SLIClaim.objects.filter(pk=claim.pk).update(rows_total=expected)
            batches = register.batches(
                file,
                claim.register.format,
                start=claim.period_start,
                end=claim.period_end,
                # On PostgreSQL, a first chunk of CHUNK (the claim's progress shows at once),
                # each next one twice as large up to COPY_CHUNK.
                sizes=(
                    itertools.chain((CHUNK, 2 * CHUNK, 4 * CHUNK, 8 * CHUNK), [COPY_CHUNK])
                    if copy
                    else [CHUNK]
                ),
            )
            with closing(_read_ahead(_chunks(claim, batches, copy=copy))) as chunks:
                for chunk in chunks:
                    _chunk(claim, token, chunk, progress)
    except LeaseLost:
        return claim
    except (DomainError, OSError, ValueError, KeyError) as error:
        message = error.message if isinstance(error, DomainError) else str(error)
        _fail(claim, token, message)
        return claim
    claim.refresh_from_db()
    from .services import claim_compute

    return claim_compute(claim=claim)


def _fail(claim: SLIClaim, token: str, message: str) -> None:
    """The register cannot be read: the claim says why and keeps none of its rows (a claim
    whose register failed claims no invoice). Left to another run that took the lease."""
    with transaction.atomic():
        if (
            SLIClaim.objects.select_for_update()
            .filter(pk=claim.pk, processing_lease=token)
            .exists()
        ):
            claim.invoices.all().delete()
            claim.rejected.all().delete()
            SLIClaim.objects.filter(pk=claim.pk).update(rows_done=0, rows_rejected=0)
            transition(
                claim,
                allowed_from=[ClaimStatus.PROCESSING],
                to=ClaimStatus.REGISTER_FAILED,
                actor="register check",
                action="claim.register_failed",
                also={"register_error": message[:2000]},
            )
            claim.refresh_from_db()


def _chunks(
    claim: SLIClaim, batches: Iterator[register.Batch], *, copy: bool
) -> Generator[Chunk, None, None]:
    """The register's checked batches as chunks, prepared for COPY if ``copy``. Runs on the
    reading thread: no database here."""
    for batch in batches:
        yield Chunk(batch, batch.copy_text(claim.pk, claim.beneficiary_id) if copy else "")


def _read_ahead(chunks: Generator[Chunk, None, None]) -> Generator[Chunk, None, None]:
    """``chunks``, produced on a thread of their own one chunk ahead: the next rows are parsed
    and checked while the database stores these (psycopg2 lets go of the GIL while it waits).
    An error reading the file is raised here; closing this generator stops the thread, and
    the reading with it."""
    handoff: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()
    language = translation.get_language()  # the reasons' language is this thread's

    def offer(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        with translation.override(language), closing(chunks):
            try:
                for chunk in chunks:
                    if not offer(("chunk", chunk)):
                        return
            except BaseException as error:  # handed over, to be raised where chunks are used
                offer(("error", error))
            else:
                offer(("end", None))

    thread = threading.Thread(target=read, name="register-read-ahead", daemon=True)
    thread.start()
    try:
        while True:
            kind, item = handoff.get()
            if kind == "error":
                raise item
            if kind == "end":
                return
            yield item
    finally:
        stop.set()
        thread.join()


def _chunk(claim: SLIClaim, token: str, chunk: Chunk, progress: list[int]) -> None:
    """Store one chunk and renew the lease, in one transaction of as few statements as can be
    (each waits for the reading thread to let go of the GIL): the COPY, then one UPDATE that
    records the progress if this run still holds the lease, or else rolls the chunk back and
    stops (LeaseLost). A chunk the unique constraints refused straight is stored again through
    the staging table; one that deadlocked with another claim's is tried again."""
    rows = len(chunk.batch)
    straight, deadlocks = True, 0
    while True:
        try:
            with transaction.atomic():
                refused = _store(claim, chunk, straight=straight)
                if not SLIClaim.objects.filter(pk=claim.pk, processing_lease=token).update(
                    rows_done=progress[0] + rows,
                    rows_rejected=progress[1] + refused,
                    processing_heartbeat=timezone.now(),
                ):
                    raise LeaseLost
        except IntegrityError:
            if not straight:
                raise
            straight = False
            continue
        except OperationalError as error:
            deadlocks += 1
            if deadlocks == DEADLOCK_RETRIES or not _deadlock(error):
                raise
            continue
        progress[0] += rows
        progress[1] += refused
        return


def _deadlock(error: OperationalError) -> bool:
    return getattr(error.__cause__, "pgcode", None) == "40P01"  # deadlock_detected


def registers_stalled() -> list[int]:
    """Claims whose register check has gone silent: its worker died (see the watchdog task)."""
    stale = timezone.now() - timedelta(seconds=settings.REGISTER_LEASE_SECONDS)
    return list(
        SLIClaim.objects.filter(status=ClaimStatus.PROCESSING, filed_at__lt=stale)
        .filter(Q(processing_heartbeat__isnull=True) | Q(processing_heartbeat__lt=stale))
        .values_list("pk", flat=True)
    )
