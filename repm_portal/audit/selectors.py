"""Reading the audit trail, and checking its chain (R-ACL-4)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .chain import constant_time_equal, event_hash, fields_of, head_mac
from .models import GENESIS_HASH, AuditEvent, AuditHead


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def audit_events() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor").order_by("-seq")


def audit_chain_verify() -> ChainReport:
    """Walk the chain from the start; name the first entry that does not hold."""
    expected_seq, expected_prev, checked = 1, GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return ChainReport(
                False,
                checked,
                expected_seq,
                _("Entry %(seq)s is missing: it was deleted, or entries were renumbered.")
                % {"seq": expected_seq},
            )
        if not constant_time_equal(event.prev_hash, expected_prev):
            return ChainReport(
                False,
                checked,
                event.seq,
                _(
                    "Entry %(seq)s does not follow entry %(prev)s: entries were reordered or "
                    "replaced."
                )
                % {"seq": event.seq, "prev": event.seq - 1},
            )
        if not constant_time_equal(event_hash(fields_of(event)), event.hash):
            return ChainReport(
                False,
                checked,
                event.seq,
                _("Entry %(seq)s was altered after it was written.") % {"seq": event.seq},
            )
        expected_seq, expected_prev, checked = event.seq + 1, event.hash, checked + 1

    head = AuditHead.objects.filter(pk=1).first()
    last_seq = expected_seq - 1
    if head is None:
        return ChainReport(False, checked, last_seq + 1, _("The chain's head record is missing."))
    if not constant_time_equal(head.mac, head_mac(head.last_seq, head.last_hash)):
        return ChainReport(False, checked, head.last_seq, _("The chain's head record was altered."))
    if head.last_seq != last_seq or not constant_time_equal(head.last_hash, expected_prev):
        return ChainReport(
            False,
            checked,
            last_seq + 1,
            _(
                "The chain ends at entry %(last)s but its head records entry %(head)s: entries "
                "were removed from the end."
            )
            % {"last": last_seq, "head": head.last_seq},
        )
    return ChainReport(True, checked)
