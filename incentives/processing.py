"""The invoice register's check (R-SLI-8): stream the file, check every row, keep each invoice
once across every claim of every beneficiary (the database's unique constraints decide), then
compute the claim. Runs in a Celery task (``tasks.process_register``); safe to run twice.

Rows are stored a chunk per transaction. On PostgreSQL a chunk is COPYed straight into the
invoices, or, when the unique constraints refuse it, through a temporary staging table with
set-based SQL (``_store_copy``); elsewhere (SQLite, the embedded mode) through the ORM
(``_store_orm``). Both give the same rows and reasons.

On PostgreSQL two database sessions store chunks at once while the task's thread reads and
checks the next (``_store_in_lanes``), but the chunks commit in file order (``Turn``): a
repeat within the file is refused in its later row, whichever session met the invoice first.
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
LANES = 2  # PostgreSQL sessions storing chunks at once (three or four were no faster on 2 cores)
POLL_SECONDS = 0.01  # how often a waiting chunk looks whether it should step back
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
# For _first_claims: the earlier claims by e-way bill and by invoice number (Known).
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


def _store(claim: SLIClaim, chunk: Chunk, *, straight: bool, settled: bool = True) -> int:
    """Store one chunk's invoices and rejected rows; returns how many rows were rejected.
    ``settled``: every earlier chunk has committed (see ``_store_staged``)."""
    if connection.vendor == "postgresql":
        return _store_copy(claim, chunk, straight=straight, settled=settled)
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


def _store_copy(claim: SLIClaim, chunk: Chunk, *, straight: bool, settled: bool = True) -> int:
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
    Otherwise row by row in file order (``_first_claims``): a row refused as a repeat claims
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
    reasons = _first_claims(claim, accepted, _claimed_before_staged(cursor, claim))
    inserted = _insert_staged(cursor, claim, skip=reasons.keys())
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
            _store_chunks(claim, token, _chunks(claim, batches, copy=copy), progress)
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


def _store_chunks(
    claim: SLIClaim, token: str, chunks: Generator[Chunk, None, None], progress: list[int]
) -> None:
    """Store the register's chunks, each in a transaction of its own (``_chunk``). On
    PostgreSQL, in ``LANES`` database sessions at once, while this thread reads the next rows;
    elsewhere, or inside a caller's transaction (which other sessions cannot see), one chunk
    after another on this thread's connection while a thread of their own reads ahead."""
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _store_in_lanes(claim, token, chunks, progress)
        return
    with closing(_read_ahead(chunks)) as ahead:
        for chunk in ahead:
            _chunk(claim, token, chunk, progress, ALONE)


class StepBack(Exception):
    """A chunk waiting for its turn gives way: see ``Turn.wait``."""


class Stopped(Exception):
    """Another lane has failed, or the reading has: this lane stops."""


class Lanes:
    """What the storing threads share: the chunks handed out, the database sessions of the
    chunks in flight, and the first error."""

    def __init__(self) -> None:
        self.work: queue.Queue[tuple[Chunk, Turn] | None] = queue.Queue(maxsize=1)
        self.in_flight: dict[int, int] = {}  # chunk index → its session's backend pid
        self.stop = threading.Event()
        self.errors: list[BaseException] = []

    def hand_out(self, item: tuple[Chunk, Turn] | None) -> None:
        while not self.stop.is_set():
            try:
                self.work.put(item, timeout=POLL_SECONDS)
                return
            except queue.Full:
                continue
        raise Stopped

    def take(self) -> tuple[Chunk, Turn] | None:
        while not self.stop.is_set():
            try:
                return self.work.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
        raise Stopped

    def fail(self, error: BaseException) -> None:
        self.errors.append(error)
        self.stop.set()

    def earlier_blocked(self, index: int) -> bool:
        """Is the session of a chunk before ``index`` waiting for a lock (on this session's
        rows, maybe, or on another claim's)?"""
        pids = [pid for i, pid in list(self.in_flight.items()) if i < index]
        if not pids:
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT FROM unnest(%s::integer[]) p "
                "WHERE cardinality(pg_blocking_pids(p)) > 0)",
                [pids],
            )
            return cursor.fetchone()[0]


@dataclass
class Turn:
    """A chunk's place in the file. Chunks are stored at once but commit in file order (each
    after the one before it), so that a repeat within the file is refused in its later row
    and a chunk tried again through the staging table sees every earlier row."""

    index: int
    before: threading.Event | None  # set once the chunk before this one has committed
    done: threading.Event
    lanes: Lanes | None = None

    def settled(self) -> bool:
        """Has every chunk before this one committed?"""
        return self.before is None or self.before.is_set()

    def wait(self, *, holding: bool) -> None:
        """Until the chunk before this one has committed. A chunk ``holding`` uncommitted rows
        steps back (``StepBack``: it rolls back, waits without them and tries again) as soon
        as an earlier chunk waits for a lock: perhaps for one of this chunk's invoices, which
        it repeats, perhaps for another claim's run that waits for this one. Waiting for each
        other in the database alone, PostgreSQL would break the circle; this wait it cannot
        see."""
        if self.before is None or self.lanes is None:
            return
        while not self.before.wait(POLL_SECONDS):
            if self.lanes.stop.is_set():
                raise Stopped
            if holding and self.lanes.earlier_blocked(self.index):
                raise StepBack


ALONE = Turn(0, None, threading.Event())  # one chunk after another: every turn has come


def _store_in_lanes(
    claim: SLIClaim, token: str, chunks: Generator[Chunk, None, None], progress: list[int]
) -> None:
    """``LANES`` threads, each with a database session of its own, store the chunks this
    thread reads and hands out: a second session's COPY overlaps the first's index upkeep
    and WAL flushes (a million rows take about a third less time). Raises the first lane's error."""
    lanes = Lanes()
    language = translation.get_language()  # the reasons' language is this thread's

    def lane() -> None:
        try:
            with translation.override(language):
                connection.ensure_connection()
                pid = connection.connection.get_backend_pid()
                while (item := lanes.take()) is not None:
                    chunk, turn = item
                    lanes.in_flight[turn.index] = pid
                    try:
                        _chunk(claim, token, chunk, progress, turn)
                    finally:
                        del lanes.in_flight[turn.index]
                    turn.done.set()
        except Stopped:
            pass
        except BaseException as error:
            lanes.fail(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=lane, name=f"register-lane-{n}", daemon=True) for n in range(LANES)
    ]
    for thread in threads:
        thread.start()
    try:
        with closing(chunks):
            before = None
            for index, chunk in enumerate(chunks):
                turn = Turn(index, before, threading.Event(), lanes)
                lanes.hand_out((chunk, turn))
                before = turn.done
        for _thread in threads:
            lanes.hand_out(None)
    except Stopped:
        pass
    except BaseException:
        lanes.stop.set()
        raise
    finally:
        for thread in threads:
            thread.join()
    if lanes.errors:
        raise lanes.errors[0]


def _chunk(claim: SLIClaim, token: str, chunk: Chunk, progress: list[int], turn: Turn) -> None:
    """Store one chunk and renew the lease, in one transaction of as few statements as can be:
    the COPY, then (its turn come) one UPDATE that records the progress if this run still
    holds the lease, or else rolls the chunk back and stops (LeaseLost).

    Tried straight first unless its first and last invoices were claimed before (a register
    sent again). A chunk the unique constraints refused straight is stored again at once
    through the staging table; one that deadlocked, or stepped back for an earlier chunk, is
    tried again once the chunks before it have committed."""
    rows = len(chunk.batch)
    straight, deadlocks = not _sent_before(chunk), 0
    while True:
        settled = turn.settled()
        try:
            with transaction.atomic():
                refused = _store(claim, chunk, straight=straight, settled=settled)
                turn.wait(holding=True)
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
            continue  # at once: through the staging table, it steps back if it must
        except StepBack:
            pass
        except OperationalError as error:
            deadlocks += 1
            if deadlocks == DEADLOCK_RETRIES or not _deadlock(error):
                raise
        else:
            progress[0] += rows
            progress[1] += refused
            return
        turn.wait(holding=False)


def _sent_before(chunk: Chunk) -> bool:
    """Were the chunk's first and last invoices claimed before, on PostgreSQL? Then the rest
    most likely were too (a register sent again): a straight COPY would be refused."""
    bills = set(chunk.batch.end_bills())
    if connection.vendor != "postgresql" or not bills:
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM incentives_claimedinvoice WHERE eway_bill = ANY(%s)",
            [list(bills)],
        )
        return cursor.fetchone()[0] == len(bills)


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
