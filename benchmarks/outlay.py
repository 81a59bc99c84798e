"""The outlay dashboard (R-OUT-2) with a scheme's worth of data, against floors of the same run.

    DATABASE_URL=postgres://… REDIS_URL=redis://… .venv/bin/python benchmarks/outlay.py \
        [--beneficiaries 5] [--claims 500] [--invoices 1000000] [--runs 5]

In a throw-away test database it loads 5 awarded beneficiaries, 500 sales-linked incentive
claims spread over the scheme years at every stage (filed, sanctioned, disbursed), a capital
subsidy claim each, refunds and administration expenses, and 1,000,000 claimed invoices
(bulk-loaded with COPY, as the invoice-register benchmark's floor), then ANALYZE. It times, as
MHI through the test client (the median of ``--runs``):

- the dashboard page (aim: under 200 ms), against the floor of the policy page (a signed-in page
  with no figures: the cost of the request, session and base template);
- the PDF export (aim: under 2 s), against the floor of WeasyPrint writing a one-line tagged PDF;
- the XLSX export (aim: under 2 s), against the floor of openpyxl saving a one-cell workbook;

and prints the page's query count, which does not depend on the claims or invoices.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repm_portal.settings")


def timed(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm: templates compiled, fonts loaded
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def load(n_beneficiaries: int, n_claims: int, n_invoices: int) -> tuple[Any, Any]:
    from datetime import date, datetime, timedelta
    from datetime import time as dtime
    from decimal import Decimal

    from django.db import connection

    from bidding.tests.fixtures import awarded, pdf
    from committees.models import AdminExpense, AdminHead, RefundRecovery
    from incentives.models import CapitalSubsidyClaim, ClaimStatus, SLIClaim
    from milestones.models import CaseKind, CaseStatus, PenaltyCase, RefundDemand
    from repm_portal.accounts.models import Role, User
    from repm_portal.documents.models import DocumentKind
    from repm_portal.money import crore
    from repm_portal.periods import IST

    mhi = User.objects.create_user("bench.mhi@gov.in", None, role=Role.MHI, full_name="Bench MHI")
    beneficiaries = []
    for i in range(n_beneficiaries):
        user = User.objects.create_user(
            f"bench{i}@example.in",
            None,
            role=Role.APPLICANT,
            full_name=f"Bench {i}",
            organisation=f"Bench Magnets {i} Ltd",
        )
        capacity = (6 + (i * 3) % 7) * 100
        beneficiaries.append(
            awarded(user, capacity=capacity, loa_date=date(2026, 3, 1), rank=i + 1, mhi=mhi)
        )
    register = pdf(beneficiaries[0].user, DocumentKind.CERTIFICATE, "register.pdf")

    def at(day: date) -> datetime:
        return datetime.combine(day, dtime(11), tzinfo=IST)

    claims = []
    per = n_claims // n_beneficiaries
    for b in beneficiaries:
        for j in range(per):
            period_start = date(2026, 4, 1) + timedelta(days=3 * j)
            filed = date(2027, 1, 1) + timedelta(days=(j * 11) % 2000)
            stage = j % 3  # filed, sanctioned, disbursed
            claims.append(
                SLIClaim(
                    beneficiary=b,
                    period_kind="H1",
                    period_start=period_start,
                    period_end=period_start + timedelta(days=2),
                    status=[
                        ClaimStatus.UNDER_EXAMINATION,
                        ClaimStatus.SANCTIONED,
                        ClaimStatus.DISBURSED,
                    ][stage],
                    declaration=True,
                    register=register,
                    filed_by=b.user,
                    filed_at=at(filed),
                    payable=crore("0.5"),
                    sanctioned_amount=crore("0.5") if stage else None,
                    sanctioned_at=at(filed + timedelta(days=40)) if stage else None,
                    disbursed_on=filed + timedelta(days=60) if stage == 2 else None,
                )
            )
    SLIClaim.objects.bulk_create(claims, batch_size=500)
    for b in beneficiaries:
        CapitalSubsidyClaim.objects.create(
            beneficiary=b,
            status=ClaimStatus.SANCTIONED,
            filed_by=b.user,
            commissioned_on=date(2028, 6, 1),
            auditor_certificate=register,
            investment_reported=crore(500),
            eligible_investment=crore(500),
            at_rate=crore(75),
            cap=b.capital_subsidy_cap,
            payable=crore(60),
            sanctioned_amount=crore(60),
            sanctioned_at=at(date(2028, 8, 1)),
        )
        case = PenaltyCase.objects.create(
            beneficiary=b,
            kind=CaseKind.MISREPRESENTATION,
            status=CaseStatus.DECIDED,
            description="Bench",
            raised_on=date(2029, 1, 1),
            decisions=["close"],
            decided_on=date(2029, 1, 2),
            decided_by=mhi,
        )
        demand = RefundDemand.objects.create(
            case=case,
            demand_on=date(2029, 1, 10),
            lines=[],
            principal=crore(1),
            interest=Decimal(0),
            total=crore(1),
            issued_by=mhi,
        )
        RefundRecovery.objects.create(
            demand=demand,
            amount=crore("0.25"),
            received_on=date(2029, 3, 1),
            reference="BENCH",
            recorded_by=mhi,
        )
    AdminExpense.objects.bulk_create(
        AdminExpense(
            head=AdminHead.PMA_FEES,
            description="Bench fees",
            amount=crore("0.1"),
            incurred_on=date(2026, 1, 1) + timedelta(days=7 * k),
            reference=f"B/{k}",
            recorded_by=mhi,
        )
        for k in range(200)
    )
    # The invoices, spread over the claims, loaded as the register pipeline leaves them.
    claim_rows = list(SLIClaim.objects.values_list("pk", "beneficiary_id"))
    buffer = io.StringIO()
    for k in range(n_invoices):
        claim_id, beneficiary_id = claim_rows[k * len(claim_rows) // n_invoices]
        buffer.write(
            f"{100000000000 + k:012d}\t{claim_id}\t{beneficiary_id}\t{k + 1}\tBM/{k:09d}\t"
            f"2027-04-02\t27AAPFU0939F1ZV\t2.500\t5000.00\t900.00\n"
        )
    buffer.seek(0)
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY incentives_claimedinvoice (eway_bill, claim_id, beneficiary_id, row_number, "
            "invoice_number, invoice_date, buyer_gstin, quantity_kg, taxable_value, gst) "
            "FROM STDIN",
            buffer,
        )
        cursor.execute("ANALYZE")
    print(f"loaded {n_invoices:,} invoices by COPY in {time.perf_counter() - start:.1f} s")
    return mhi, beneficiaries


def _serve_in_process() -> None:
    """Pages served by the test client as a site serves them, with the page's queries counted."""
    from django.conf import settings
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections
    from django.test.utils import setup_test_environment

    setup_test_environment()
    # One connection kept across requests (a served site keeps its connections too), so that
    # the test database stays in use and the page's queries can be counted.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.ALLOWED_HOSTS = ["*"]
    # As the test suite: no collected manifest needed to render a page.
    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }


def _weasy_floor() -> object:
    """The floor of a PDF export: WeasyPrint's least PDF/UA document."""
    from weasyprint import HTML

    return HTML(string="<html lang='en'><title>x</title><p>x</p></html>").write_pdf(
        pdf_variant="pdf/ua-1"
    )


def _openpyxl_floor() -> object:
    """The floor of an XLSX export: openpyxl's least workbook."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["x"])
    out = io.BytesIO()
    book.save(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--beneficiaries", type=int, default=5)
    parser.add_argument("--claims", type=int, default=500)
    parser.add_argument("--invoices", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (service mode).")
    _serve_in_process()
    connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    settings.STORAGES["default"]["OPTIONS"]["location"] = tempfile.mkdtemp(prefix="repm-bench-")
    try:
        mhi, _b = load(args.beneficiaries, args.claims, args.invoices)
        client = Client()
        client.force_login(mhi)
        as_of = {"as_of": "2031-06-30"}

        def get(url: str) -> Callable[[], object]:
            def run() -> object:
                response = client.get(url, as_of)
                assert response.status_code == 200, (url, response.status_code)
                if response.streaming:
                    return b"".join(getattr(response, "streaming_content", []))
                return response.content

            return run

        count = [0]

        def counter(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            body = get("/outlay/")()
        assert b"Outlay dashboard" in body  # type: ignore[operator]
        page = timed(get("/outlay/"), args.runs)
        page_floor = timed(get("/policy/"), args.runs)
        pdf = timed(get("/outlay/export.pdf"), max(3, args.runs // 2))
        xlsx = timed(get("/outlay/export.xlsx"), max(3, args.runs // 2))

        pdf_floor = timed(_weasy_floor, max(3, args.runs // 2))
        xlsx_floor = timed(_openpyxl_floor, max(3, args.runs // 2))
        print(
            f"{args.beneficiaries} beneficiaries, {args.claims} SLI claims, "
            f"{args.invoices:,} invoices; page queries: {count[0]}"
        )
        print(f"{'what':<18} {'median s':>9} {'floor s':>9} {'ratio':>7} {'aim s':>6}")
        for what, seconds, floor, aim in (
            ("dashboard page", page, page_floor, 0.2),
            ("PDF export", pdf, pdf_floor, 2.0),
            ("XLSX export", xlsx, xlsx_floor, 2.0),
        ):
            print(
                f"{what:<18} {seconds:>9.3f} {floor:>9.3f} {seconds / floor:>7.1f} {aim:>6.1f}"
                f"  {'ok' if seconds < aim else 'OVER'}"
            )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
