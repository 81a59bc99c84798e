"""Writing to the audit trail. Every state change in the portal calls ``audit_record``."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from repm_portal.middleware import current_request_context

from .chain import event_hash, head_mac, to_json_value
from .models import GENESIS_HASH, AuditCheck, AuditEvent, AuditHead


def _locked_head() -> AuditHead:
    """The head row, locked until the caller's transaction ends: appends are serialised."""
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    if head is not None:
        return head
    try:  # an emptied database (a test flush): start the chain again
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


def audit_check_run() -> AuditCheck:
    """Walk the chain and keep the result, so the home pages can show it."""
    from .selectors import audit_chain_verify

    report = audit_chain_verify()
    return AuditCheck.objects.create(
        ok=report.ok,
        entries=report.checked,
        first_broken_seq=report.first_broken_seq,
        reason=report.reason,
    )
