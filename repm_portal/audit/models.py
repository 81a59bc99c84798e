"""The append-only audit trail (R-ACL-4).

Each event carries the HMAC of its own content and of the previous event's HMAC, so editing,
deleting or reordering an entry breaks the chain at that entry. The head row records the last
entry (signed), so removing entries from the end is detected too. On PostgreSQL a trigger refuses
UPDATE, DELETE and TRUNCATE on the event table (migration 0002).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditEvent(models.Model):
    seq = models.BigIntegerField(_("sequence"), primary_key=True)  # gap-free: see services
    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,  # the trail outlives any row it mentions
        related_name="+",
    )
    actor_label = models.CharField(_("actor"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("object"), max_length=255, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    ip = models.CharField(_("IP address"), max_length=45, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """One row: the last entry of the chain, signed. Updated in the same transaction as an append."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    mac = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="audithead_single")]

    def __str__(self) -> str:
        return f"head at #{self.last_seq}"


class AuditCheck(models.Model):
    """The result of one walk of the chain (daily task or ``manage.py audit_verify``)."""

    checked_at = models.DateTimeField(_("checked at"), auto_now_add=True, db_index=True)
    ok = models.BooleanField(_("chain intact"))
    entries = models.BigIntegerField(_("entries checked"))
    first_broken_seq = models.BigIntegerField(_("first broken entry"), null=True, blank=True)
    reason = models.TextField(_("finding"), blank=True)

    class Meta:
        ordering = ["-checked_at"]
        verbose_name = _("audit chain check")

    def __str__(self) -> str:
        state = "intact" if self.ok else f"broken at #{self.first_broken_seq}"
        return f"{self.checked_at:%Y-%m-%d %H:%M} {state}"
