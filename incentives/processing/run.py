"""The register check's run (R-SLI-8): a lease on the claim renewed with every chunk, the
chunks read and checked, stored in turn, then the claim computed. Runs in a Celery task
(``tasks.process_register``); safe to run twice.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Generator, Iterator
from contextlib import closing
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from bidding.selectors import scheme_term_of
from incentives import register
from incentives.models import ClaimStatus, SLIClaim
from repm_portal.errors import DomainError
from repm_portal.lifecycle import transition
from repm_portal.periods import today_ist

from .dedup import Chunk, copy_text, store
from .lanes import ALONE, StepBack, Turn, read_ahead, store_in_lanes

CHUNK = 2000  # rows a transaction through the ORM, and in the first chunk on PostgreSQL
COPY_CHUNK = 20_000  # the largest on PostgreSQL: some 12 MB of rows (larger is no faster)
DEADLOCK_RETRIES = 3


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
    term = scheme_term_of(claim.beneficiary)  # R-SLI-2: no sale after the terminal date
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
                today=today_ist(),
                terminal=term.terminal if term else None,
                # On PostgreSQL, a first chunk of CHUNK (the claim's progress shows at once),
                # each next one twice as large up to COPY_CHUNK.
                sizes=(
                    itertools.chain((CHUNK, 2 * CHUNK, 4 * CHUNK, 8 * CHUNK), [COPY_CHUNK])
                    if copy
                    else [CHUNK]
                ),
            )
            store_chunks(claim, token, _chunks(claim, batches, copy=copy), progress)
    except LeaseLost:
        return claim
    except (DomainError, OSError, ValueError, KeyError) as error:
        message = error.message if isinstance(error, DomainError) else str(error)
        _fail(claim, token, message)
        return claim
    claim.refresh_from_db()
    from incentives.services import claim_compute  # services queue this task: import at use

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
        yield Chunk(batch, copy_text(batch, claim.pk, claim.beneficiary_id) if copy else "")


def store_chunks(
    claim: SLIClaim, token: str, chunks: Generator[Chunk, None, None], progress: list[int]
) -> None:
    """Store the register's chunks, each in a transaction of its own (``_chunk``). On
    PostgreSQL, in ``LANES`` database sessions at once, while this thread reads the next rows;
    elsewhere, or inside a caller's transaction (which other sessions cannot see), one chunk
    after another on this thread's connection while a thread of their own reads ahead."""

    def one(chunk: Chunk, turn: Turn) -> None:
        _chunk(claim, token, chunk, progress, turn)

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        store_in_lanes(chunks, one)
        return
    with closing(read_ahead(chunks)) as ahead:
        for chunk in ahead:
            one(chunk, ALONE)


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
                refused = store(claim, chunk, straight=straight, settled=settled)
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
