"""The invoice register's check (R-SLI-8): stream the file, check every row, keep each invoice
once across every claim of every beneficiary (the database's unique constraints decide), then
compute the claim. Runs in a Celery task (``tasks.process_register``); safe to run twice."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from repm_portal.errors import DomainError
from repm_portal.lifecycle import transition

from . import register
from .models import ClaimedInvoice, ClaimStatus, RejectedRow, SLIClaim

CHUNK = 2000


def _duplicates(claim: SLIClaim, candidates: list[register.Row]) -> dict[int, str]:
    """Rows (by number) already claimed: earlier in this file, in another claim, or by
    another beneficiary."""
    reasons: dict[int, str] = {}
    bills = {r.eway_bill for r in candidates}
    numbers = {r.invoice_number for r in candidates}
    known: dict[tuple[str, str], dict[str, Any]] = {}
    for row in ClaimedInvoice.objects.filter(eway_bill__in=bills).values(
        "eway_bill", "claim_id", "beneficiary_id", "row_number"
    ):
        known[("bill", row["eway_bill"])] = dict(row)
    for found in ClaimedInvoice.objects.filter(
        beneficiary=claim.beneficiary, invoice_number__in=numbers
    ).values("invoice_number", "claim_id", "beneficiary_id", "row_number"):
        known[("number", found["invoice_number"])] = dict(found)
    seen: dict[tuple[str, str], int] = {}
    for r in candidates:
        for key in (("bill", r.eway_bill), ("number", r.invoice_number)):
            earlier: dict[str, Any] | None = known.get(key)
            if earlier is None and key in seen:
                earlier = {
                    "claim_id": claim.pk,
                    "beneficiary_id": claim.beneficiary_id,
                    "row_number": seen[key],
                }
            if earlier is not None:
                reasons[r.number] = _reason(claim, earlier)
                break
        else:
            seen[("bill", r.eway_bill)] = seen[("number", r.invoice_number)] = r.number
    return reasons


def _reason(claim: SLIClaim, earlier: dict[str, Any]) -> str:
    if earlier["beneficiary_id"] != claim.beneficiary_id:
        return _("already claimed by another beneficiary")
    if earlier["claim_id"] == claim.pk:
        return _("appears earlier in this register (row %(n)s)") % {"n": earlier["row_number"]}
    return _("already claimed in your claim no. %(n)s") % {"n": earlier["claim_id"]}


def _store(
    claim: SLIClaim, accepted: list[register.Row], rejected: list[register.Rejected]
) -> None:
    reasons = _duplicates(claim, accepted)
    fresh = [r for r in accepted if r.number not in reasons]
    rejected = rejected + [
        register.Rejected(r.number, r.invoice_number, reasons[r.number])
        for r in accepted
        if r.number in reasons
    ]

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
                rejected.append(
                    register.Rejected(
                        r.number, r.invoice_number, _("already claimed in another claim")
                    )
                )
    RejectedRow.objects.bulk_create(
        RejectedRow(
            claim=claim, row_number=r.number, invoice_number=r.invoice_number, reason=r.reason[:300]
        )
        for r in rejected
    )


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
    try:
        with default_storage.open(claim.register.file.name, "rb") as file:
            accepted: list[register.Row] = []
            rejected: list[register.Rejected] = []
            for item in register.rows(
                file, claim.register.format, start=claim.period_start, end=claim.period_end
            ):
                if isinstance(item, register.Row):
                    accepted.append(item)
                else:
                    rejected.append(item)
                if len(accepted) + len(rejected) >= CHUNK:
                    _chunk(claim, token, accepted, rejected, progress)
                    accepted, rejected = [], []
            _chunk(claim, token, accepted, rejected, progress)
    except LeaseLost:
        return claim
    except (DomainError, OSError, ValueError, KeyError) as error:
        message = error.message if isinstance(error, DomainError) else str(error)
        with transaction.atomic():
            transition(
                claim,
                allowed_from=[ClaimStatus.PROCESSING],
                to=ClaimStatus.REGISTER_FAILED,
                actor="register check",
                action="claim.register_failed",
                also={"register_error": message[:2000]},
            )
        return claim
    claim.refresh_from_db()
    from .services import claim_compute

    return claim_compute(claim=claim)


def _chunk(
    claim: SLIClaim,
    token: str,
    accepted: list[register.Row],
    rejected: list[register.Rejected],
    progress: list[int],
) -> None:
    """Store one chunk and renew the lease, in one transaction; stop if the lease was lost."""
    with transaction.atomic():
        if (
            not SLIClaim.objects.select_for_update()
            .filter(pk=claim.pk, processing_lease=token)
            .exists()
        ):
            raise LeaseLost
        before = claim.rejected.count()
        _store(claim, accepted, rejected)
        progress[0] += len(accepted) + len(rejected)
        progress[1] += claim.rejected.count() - before
        SLIClaim.objects.filter(pk=claim.pk).update(
            rows_done=progress[0], rows_rejected=progress[1], processing_heartbeat=timezone.now()
        )


def registers_stalled() -> list[int]:
    """Claims whose register check has gone silent: its worker died (see the watchdog task)."""
    stale = timezone.now() - timedelta(seconds=settings.REGISTER_LEASE_SECONDS)
    return list(
        SLIClaim.objects.filter(status=ClaimStatus.PROCESSING, filed_at__lt=stale)
        .filter(Q(processing_heartbeat__isnull=True) | Q(processing_heartbeat__lt=stale))
        .values_list("pk", flat=True)
    )
