"""manage.py audit_verify — walk the audit chain and name the first broken link (R-ACL-4).

The chain is checked against the signed checkpoints of ``AUDIT_CHECKPOINT_PATH`` and against any
given with ``--checkpoint`` (a line from the audit officer's daily e-mail); an intact chain gets a
new checkpoint.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from repm_portal.audit.checkpoints import Checkpoint, checkpoint_parse
from repm_portal.audit.services import audit_check_run


class Command(BaseCommand):
    help = "Check the audit trail's HMAC chain; exit 1 naming the first broken entry if any."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="LINE",
            help="A signed checkpoint line (from the daily e-mail) the chain must agree with.",
        )

    def handle(self, *args: Any, checkpoint: list[str], **options: Any) -> None:
        given: list[Checkpoint] = []
        for line in checkpoint:
            point = checkpoint_parse(line)
            if point is None:
                raise CommandError(
                    f"Not a checkpoint signed with this portal's key: {line[:80]!r}. Copy the "
                    "whole line from the e-mail, in single quotes."
                )
            given.append(point)
        check = audit_check_run(extra_checkpoints=given)
        if not check.ok:
            where = (
                f"broken at entry {check.first_broken_seq}"
                if check.first_broken_seq is not None
                else "not trustworthy"
            )
            raise CommandError(
                f"Audit chain {where}: {check.reason} ({check.entries} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {check.entries} entries."))
