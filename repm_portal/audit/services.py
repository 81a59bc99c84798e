"""Writing to the audit trail. Every state change in the portal calls ``audit_record``."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from repm_portal.middleware import current_request_context

from .chain import constant_time_equal, event_hash, head_mac, to_json_value
from .checkpoints import Checkpoint, checkpoint_append, checkpoint_latest, checkpoint_make
from .models import GENESIS_HASH, AuditCheck, AuditEvent, AuditHead

logger = logging.getLogger(__name__)


class AuditTrailBroken(RuntimeError):
    """The chain's head is gone while the trail has entries or checkpoints: the trail was wiped
    or damaged. Nothing more is written until an administrator restores it (R-ACL-4)."""


def _locked_head() -> AuditHead:
    """The head row, locked until the caller's transaction ends: appends are serialised.

    A missing head starts a new chain only in an empty database with no checkpoints (a freshly
    emptied test database); anywhere else it is a wipe, and a new genesis would hide it.
    """
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        if head.last_seq == 0 and (latest := checkpoint_latest()) is not None and latest.seq:
            # a head at genesis put back (e.g. from an old dump) after a wipe: refuse likewise
            raise AuditTrailBroken(
                f"The audit trail restarts at its beginning but a signed checkpoint records "
                f"entry {latest.seq}: it was wiped. Run manage.py audit_verify and restore the "
                "trail from backup; nothing is recorded until then. (A database recreated on "
                "purpose starts a new trail once its AUDIT_CHECKPOINT_PATH file is moved aside.)"
            )
        return head
    if AuditEvent.objects.exists() or checkpoint_latest() is not None:
        logger.critical("audit trail head missing: refusing to start a new chain")
        raise AuditTrailBroken(
            "The audit trail's head record is missing although the trail has entries or signed "
            "checkpoints: it was wiped or damaged. Run manage.py audit_verify and restore the "
            "trail from backup; nothing is recorded until then. (A database recreated on "
            "purpose starts a new trail once its AUDIT_CHECKPOINT_PATH file is moved aside.)"
        )
    try:
        with transaction.atomic():
            AuditHead.objects.create(pk=1, mac=head_mac(0, GENESIS_HASH))
    except IntegrityError:
        pass  # another transaction created it first
    return AuditHead.objects.select_for_update().get(pk=1)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event (who, what, which object, before → after, request id, IP).

    Call it inside the transaction of the state change it records, so both commit or neither.
    """
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)[:255]
    context = current_request_context()
    user = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head = _locked_head()
        fields: dict[str, Any] = {
            "seq": head.last_seq + 1,
            "at": timezone.now(),
            "actor_id": user.pk if user else None,
            "actor_label": (user.email if user else (str(actor) if actor else "system"))[:254],
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id)[:64],
            "object_label": object_label[:255],
            "before": to_json_value(before),
            "after": to_json_value(after),
            "request_id": context.request_id,
            "ip": context.ip or "",
            "prev_hash": head.last_hash,
        }
        digest = event_hash(fields)
        event = AuditEvent.objects.create(hash=digest, **fields)
        head.last_seq, head.last_hash = event.seq, digest
        head.mac = head_mac(event.seq, digest)
        head.save(update_fields=["last_seq", "last_hash", "mac"])
    return event


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of ``obj`` as plain values, for an event's before/after."""
    return {name: getattr(obj, name) for name in fields}


def audit_check_run(*, extra_checkpoints: Iterable[Checkpoint] = ()) -> AuditCheck:
    """Walk the chain and keep the result, so the home pages can show it; an intact chain gets a
    new signed checkpoint."""
    from .selectors import audit_chain_verify

    report = audit_chain_verify(extra_checkpoints)
    check = AuditCheck.objects.create(
        ok=report.ok,
        entries=report.checked,
        first_broken_seq=report.first_broken_seq,
        reason=report.reason,
    )
    if report.ok:
        audit_checkpoint_write()
    return check


def _head_agrees(head: AuditHead | None, latest: Checkpoint | None) -> str:
    """Why the head may not be checkpointed ("" if it may): a cheap check, not a full walk."""
    if head is None:
        return _("The chain's head record is missing.")
    if not constant_time_equal(head.mac, head_mac(head.last_seq, head.last_hash)):
        return _("The chain's head record was altered.")
    hashes = dict(
        AuditEvent.objects.filter(seq__in=[head.last_seq, latest.seq if latest else 0]).values_list(
            "seq", "hash"
        )
    )
    if head.last_seq and not constant_time_equal(hashes.get(head.last_seq, ""), head.last_hash):
        return _("The chain's head records entry %(seq)s, which is missing or was altered.") % {
            "seq": head.last_seq
        }
    if AuditEvent.objects.filter(seq__gt=head.last_seq).exists():
        return _("Entries follow the one the chain's head records.")
    if latest is not None and latest.seq:
        if head.last_seq < latest.seq:
            return _(
                "The chain ends at entry %(last)s but a signed checkpoint records entry %(seq)s: "
                "entries were removed from the end (the trail was rolled back)."
            ) % {"last": head.last_seq, "seq": latest.seq}
        if not constant_time_equal(hashes.get(latest.seq, ""), latest.hash):
            return _(
                "Entry %(seq)s differs from the latest signed checkpoint: the chain was rewritten."
            ) % {"seq": latest.seq}
    return ""


def audit_checkpoint_write() -> Checkpoint | None:
    """Sign the chain's head into the checkpoint file (beat, every 15 minutes; after each check).

    The head is first checked against the latest checkpoint; a head that disagrees is never
    anchored (that would bless a rollback): the finding is kept as a failed check instead.
    Safe to run twice: an unchanged head adds no line.
    """
    latest = checkpoint_latest()
    with transaction.atomic():  # the head locked: no append between its reading and the checks
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        problem = _head_agrees(head, latest)
    if problem or head is None:
        logger.critical("audit checkpoint refused: %s", problem)
        AuditCheck.objects.create(ok=False, entries=0, first_broken_seq=None, reason=problem)
        return None
    if latest is not None and latest.seq == head.last_seq:
        return latest
    point = checkpoint_make(head.last_seq, head.last_hash)
    checkpoint_append(point)  # after the commit: no lock is held while the file is synced
    return point


def audit_checkpoint_mail() -> Checkpoint | None:
    """E-mail today's checkpoint to the audit officer (beat, daily): a copy of the anchor that no
    one with access to the servers can take back. ``audit_verify --checkpoint`` checks it."""
    point = audit_checkpoint_write() or checkpoint_latest()
    address = settings.AUDIT_OFFICER_EMAIL
    if point is None or not address:
        if not address:
            logger.warning("AUDIT_OFFICER_EMAIL is not set: the daily checkpoint is not mailed")
        return None
    send_mail(
        _("REPM audit trail checkpoint: entry %(seq)s") % {"seq": point.seq},
        _(
            "The audit trail of the REPM Scheme Portal reached entry %(seq)s with hash "
            "%(hash)s at %(at)s (UTC).\n\n"
            "Keep this e-mail. To check that the trail still holds this entry unchanged, an "
            "administrator runs:\n\n"
            "    manage.py audit_verify --checkpoint '%(line)s'\n"
        )
        % {"seq": point.seq, "hash": point.hash, "at": point.at, "line": point.line()},
        None,
        [address],
    )
    return point
