"""manage.py create_staff --email … --name … --role pma — a staff account and its password link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from repm_portal.accounts.services import STAFF_ROLES, staff_create
from repm_portal.errors import DomainError


class Command(BaseCommand):
    help = (
        "Create a staff account (PMA, TC, SMC, MHI, IE or admin) and print its set-password link."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True, help="Full name")
        parser.add_argument("--role", required=True, choices=sorted(STAFF_ROLES))
        parser.add_argument("--designation", default="")
        parser.add_argument("--organisation", default="")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            user, link = staff_create(
                actor=None,
                email=opts["email"],
                full_name=opts["name"],
                role=opts["role"],
                designation=opts["designation"],
                organisation=opts["organisation"],
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        self.stdout.write(self.style.SUCCESS(f"Created {user.email} ({user.get_role_display()})."))
        self.stdout.write(f"Set the password at: {link}")
