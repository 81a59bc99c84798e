"""Reading the audit trail, and checking its chain (R-ACL-4)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from repm_portal.periods import IST

from .chain import constant_time_equal, event_hash, fields_of, head_mac
from .checkpoints import Checkpoint, checkpoints_read
from .models import GENESIS_HASH, AuditEvent, AuditHead


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def audit_events() -> QuerySet[AuditEvent]:
    # The actor as it was is in actor_label; the user row (a join of every column) is not read.
    return AuditEvent.objects.order_by("-seq")


def audit_head() -> tuple[int, str]:
    """The last entry's (seq, hash), or genesis: one primary-key lookup. Every state change
    appends an entry in its own transaction, so this pair moves with every committed change;
    the hash tells apart two trails that reached one seq (a database recreated, say)."""
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    return last if last is not None else (0, GENESIS_HASH)


def _at(point: Checkpoint) -> str:
    return point.time.astimezone(IST).strftime("%d %b %Y %H:%M IST")


def _entry_broken(
    event: AuditEvent, seq: int, prev: str, anchor: Checkpoint | None, checked: int
) -> ChainReport | None:
    """Why ``event`` does not hold as entry ``seq`` following hash ``prev`` and agreeing with its
    signed checkpoint, if one; None when it holds."""
    if event.seq != seq:
        return ChainReport(
            False,
            checked,
            seq,
            _("Entry %(seq)s is missing: it was deleted, or entries were renumbered.")
            % {"seq": seq},
        )
    if not constant_time_equal(event.prev_hash, prev):
        return ChainReport(
            False,
            checked,
            event.seq,
            _("Entry %(seq)s does not follow entry %(prev)s: entries were reordered or replaced.")
            % {"seq": event.seq, "prev": event.seq - 1},
        )
    if not constant_time_equal(event_hash(fields_of(event)), event.hash):
        return ChainReport(
            False,
            checked,
            event.seq,
            _("Entry %(seq)s was altered after it was written.") % {"seq": event.seq},
        )
    if anchor is not None and not constant_time_equal(anchor.hash, event.hash):
        return ChainReport(
            False,
            checked,
            event.seq,
            _(
                "Entry %(seq)s differs from the checkpoint signed at %(at)s: the chain was "
                "rewritten from there on."
            )
            % {"seq": event.seq, "at": _at(anchor)},
        )
    return None


def _head_broken(
    head: AuditHead | None, last_seq: int, last_hash: str, checked: int
) -> ChainReport | None:
    """Why the chain's head record does not hold for a chain ending at entry ``last_seq`` with
    hash ``last_hash``; None when it holds."""
    if head is None:
        return ChainReport(False, checked, last_seq + 1, _("The chain's head record is missing."))
    if not constant_time_equal(head.mac, head_mac(head.last_seq, head.last_hash)):
        return ChainReport(False, checked, head.last_seq, _("The chain's head record was altered."))
    if head.last_seq != last_seq or not constant_time_equal(head.last_hash, last_hash):
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
    return None


def audit_chain_verify(extra_checkpoints: Iterable[Checkpoint] = ()) -> ChainReport:
    """Walk the chain from the start; name the first entry that does not hold.

    The chain must also agree with every signed checkpoint kept outside the database (the file,
    and any given, e.g. from the audit officer's e-mails): it may not be shorter than one (its
    tail was rolled back, or it was wiped) nor differ from one at its entry (it was rewritten).
    """
    points, bad_lines = checkpoints_read()
    if bad_lines:
        return ChainReport(
            False,
            0,
            None,
            _(
                "Line %(line)s of the checkpoint file is not a checkpoint signed with the "
                "portal's key: the file was edited."
            )
            % {"line": bad_lines[0].number},
        )
    anchors: dict[int, Checkpoint] = {}
    for point in [*points, *extra_checkpoints]:
        known = anchors.get(point.seq)
        if known is not None and not constant_time_equal(known.hash, point.hash):
            return ChainReport(
                False,
                0,
                point.seq,
                _(
                    "Two signed checkpoints disagree about entry %(seq)s: the chain was rewritten "
                    "between %(first)s and %(second)s."
                )
                % {"seq": point.seq, "first": _at(known), "second": _at(point)},
            )
        anchors[point.seq] = point
    furthest = max(anchors.values(), key=lambda p: p.seq, default=None)

    expected_seq, expected_prev, checked = 1, GENESIS_HASH, 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        broken = _entry_broken(event, expected_seq, expected_prev, anchors.get(event.seq), checked)
        if broken is not None:
            return broken
        expected_seq, expected_prev, checked = event.seq + 1, event.hash, checked + 1

    head = AuditHead.objects.filter(pk=1).first()
    last_seq = expected_seq - 1
    if furthest is not None and furthest.seq > last_seq:
        if last_seq == 0:
            reason = _(
                "The trail is empty but a checkpoint signed at %(at)s records entry %(seq)s: the "
                "trail was wiped."
            )
        else:
            reason = _(
                "The chain ends at entry %(last)s but a checkpoint signed at %(at)s records entry "
                "%(seq)s: entries were removed from the end (the trail was rolled back)."
            )
        return ChainReport(
            False,
            checked,
            last_seq + 1,
            reason % {"last": last_seq, "at": _at(furthest), "seq": furthest.seq},
        )
    return _head_broken(head, last_seq, expected_prev, checked) or ChainReport(True, checked)
