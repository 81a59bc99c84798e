"""manage.py audit_verify — walk the audit chain and name the first broken link (R-ACL-4)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from repm_portal.audit.services import audit_check_run


class Command(BaseCommand):
    help = "Check the audit trail's HMAC chain; exit 1 naming the first broken entry if any."

    def handle(self, *args: Any, **options: Any) -> None:
        check = audit_check_run()
        if not check.ok:
            raise CommandError(
                f"Audit chain broken at entry {check.first_broken_seq}: {check.reason} "
                f"({check.entries} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {check.entries} entries."))
