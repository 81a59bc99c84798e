"""QRR cost (R-COM-4): compiling the figures and rendering the PDF, at two numbers of projects.

    .venv/bin/python benchmarks/quarterly_review.py [--projects 5 50]

Runs on a throw-away test database of the configured kind (PostgreSQL in service mode). Each
project is an awarded beneficiary with an accepted quarterly report; the figures printed are the
time and the number of queries to compile the snapshot, and the time to render the tagged PDF.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repm_portal.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, nargs="+", default=[5, 50])
    args = parser.parse_args()

    import django

    django.setup()
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings

    from committees import report_selectors as selectors
    from committees import report_services as services
    from committees.tests.report_fixtures import Q2, RISKS, TODAY, beneficiary, filed
    from repm_portal.accounts.models import Role, User
    from repm_portal.documents.letters import pdf_render

    quiet = override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    quiet.enable()  # the reports' notifications would otherwise flood the console
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        pma = User.objects.create_user("pma@bench.in", None, full_name="PMA", role=Role.PMA)
        made = 0
        print(f"database: {connection.vendor}")
        for n in sorted(args.projects):
            for i in range(made, n):
                user = User.objects.create_user(
                    f"b{i}@bench.in",
                    None,
                    full_name=f"B{i}",
                    role=Role.APPLICANT,
                    organisation=f"Bench Magnets {i}",
                )
                b = beneficiary(user, loa_date=date(2026, 7, 1 + i % 28))
                report = filed(b, today=TODAY, risks=RISKS)
                services.quarterly_report_submit(actor=user, report=report)
                services.quarterly_report_accept(actor=pma, report=report)
            made = n
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                qrr = services.qrr_compile(actor=pma, quarter=Q2, today=TODAY)
            compiled = time.perf_counter() - start
            start = time.perf_counter()
            pdf = pdf_render(
                "committees/reports/qrr_pdf.html",
                selectors.qrr_context(qrr) | {"issued_at": qrr.compiled_at, "issued_by": pma},
            )
            rendered = time.perf_counter() - start
            print(
                f"projects {n:4d}: compile {compiled * 1000:8.1f} ms in {len(queries):3d} "
                f"queries; PDF {rendered * 1000:8.1f} ms, {len(pdf) // 1024} KiB"
            )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
