"""manage.py seed_demo — demo users (one per role) and believable data. Safe to run again."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from repm_portal.accounts.models import Role, User
from repm_portal.accounts.services import role_group_join
from repm_portal.audit.services import audit_check_run, audit_record
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.services import document_upload

# Each entry: role, e-mail, name, organisation, designation.
DEMO_USERS = [
    (
        Role.APPLICANT,
        "applicant@demo.repm.in",
        "Ananya Rao",
        "Bharat Magnetics Ltd",
        "Director (Projects)",
    ),
    (
        Role.APPLICANT,
        "rival@demo.repm.in",
        "Vikram Sethi",
        "Deccan Rare Earth Magnets Pvt Ltd",
        "Chief Executive Officer",
    ),
    (Role.PMA, "pma@demo.repm.in", "Meera Iyer", "Project Management Agency", "Senior Consultant"),
    (
        Role.TC,
        "tc@demo.repm.in",
        "Dr. Arvind Kulkarni",
        "Department of Atomic Energy",
        "Joint Secretary",
    ),
    (
        Role.SMC,
        "smc@demo.repm.in",
        "Sunita Menon",
        "Department of Science & Technology",
        "Secretary",
    ),
    (
        Role.MHI,
        "mhi@demo.repm.in",
        "Rajesh Kumar",
        "Ministry of Heavy Industries",
        "Under Secretary",
    ),
    (
        Role.IE,
        "ie@demo.repm.in",
        "Kavita Deshpande",
        "Independent Engineer (empanelled)",
        "Lead Engineer",
    ),
    (
        Role.ADMIN,
        "admin@demo.repm.in",
        "Portal Administrator",
        "NIC / PMA",
        "Web Information Manager",
    ),
]
DEMO_PASSWORD_PREFIX = "Demo@REPM-"  # noqa: S105  (demo accounts only; refused on HTTPS sites)


def demo_password(role: str) -> str:
    return f"{DEMO_PASSWORD_PREFIX}{role}-2026"


def _dpr_pdf() -> bytes:
    from weasyprint import HTML

    html = """<html lang="en"><head><title>Detailed Project Report</title></head><body>
    <h1>Detailed Project Report</h1>
    <p>Bharat Magnetics Ltd — integrated NdPr oxide to sintered NdFeB magnet plant,
    1,000 MTPA, Visakhapatnam, Andhra Pradesh.</p>
    <h2>Process</h2><p>Oxide-to-metal reduction, strip casting, hydrogen decrepitation,
    jet milling, pressing in a magnetic field, sintering, machining and coating.</p>
    </body></html>"""
    return bytes(HTML(string=html).write_pdf())


class Command(BaseCommand):
    help = "Load demo users (one per role) and sample data; prints how to sign in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even on a production-like (HTTPS) configuration.",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if settings.HTTPS and not opts["force"]:
            raise CommandError(
                "Refusing to seed demo users on a production-like site; "
                "pass --force if you mean it."
            )
        # The demo's notifications stay in the portal; e-mailing them would flood the console.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            users = {email: self._user(*row) for row in DEMO_USERS for email in [row[1]]}
            applicant = users["applicant@demo.repm.in"]
            if not Document.objects.filter(owner=applicant).exists():
                document_upload(
                    owner=applicant,
                    kind=DocumentKind.DPR,
                    title="DPR – 1,000 MTPA plant",
                    uploaded=SimpleUploadedFile(
                        "DPR-Bharat-Magnetics.pdf", _dpr_pdf(), content_type="application/pdf"
                    ),
                )
            # committees: the TC roster must be seated before the tender rounds take from it.
            from committees.demo import seed_seats

            seed_seats(users["mhi@demo.repm.in"])
            from bidding.demo import seed_tenders

            notes = seed_tenders(users["mhi@demo.repm.in"])
            from milestones.demo import seed_milestones

            seed_milestones(users["mhi@demo.repm.in"], users["pma@demo.repm.in"])
            from incentives.demo import seed_claims

            seed_claims(users["pma@demo.repm.in"], users["ie@demo.repm.in"])
            from committees.report_demo import seed_quarterly_reports  # R-COM-4

            seed_quarterly_reports(users["pma@demo.repm.in"], users["mhi@demo.repm.in"])
            from committees.outlay.demo import seed_outlay

            seed_outlay(users["mhi@demo.repm.in"])
            # committees: the TC's quarterly review with confirmed minutes (keep this call last).
            from committees.demo import seed_meetings

            seed_meetings()
            # Issue 15: feedback for the help desk; the demo's notifications are in the portal
            # only (their e-mail task, in service mode, finds them sent and sends nothing).
            from repm_portal.feedback.demo import seed_feedback
            from repm_portal.notifications.models import Notification

            seed_feedback()
            Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
        audit_check_run()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded. Sign in at {settings.PORTAL_BASE_URL}/sign-in/ as:"
            )
        )
        for role, email, name, org, _d in DEMO_USERS:
            self.stdout.write(
                f"  {role:<10} {email:<26} password {demo_password(role)}   ({name}, {org})"
            )
        for line in notes:
            self.stdout.write(line)
        from repm_portal.documents.demo import verify_notes  # signed letters (issue 14.4)

        for line in verify_notes():
            self.stdout.write(line)

    def _user(self, role: str, email: str, name: str, org: str, designation: str) -> User:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                demo_password(role),
                full_name=name,
                role=role,
                organisation=org,
                designation=designation,
                email_verified_at=timezone.now(),
                is_superuser=role == Role.ADMIN,
            )
            role_group_join(user)
            audit_record(
                actor="seed_demo",
                action="user.seeded",
                obj=user,
                after={"email": email, "role": role},
            )
        return user
