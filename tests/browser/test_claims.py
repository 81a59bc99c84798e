"""Chromium: a beneficiary files a sales-linked incentive claim and watches its invoice register
being checked; the PMA examines, seeks a clarification and recommends; MHI sanctions and the
sanction order downloads (R-SLI-3…9)."""

import re
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction

from bidding.tests.fixtures import awarded
from incentives.models import ClaimedInvoice, SLIClaim
from incentives.tests.fixtures import GSTIN, register_file
from milestones.tests.fixtures import commission_all
from tests.browser.helpers import flash, serious_violations, sign_in, sign_out
from tests.worker import start_celery_worker, stop

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = 3000


def register_lines() -> list[str]:
    """3,000 good rows of 2 kg at ₹4,000.00 taxable, in October 2025; then two bad rows."""
    good = [
        f"BM/{i:05d},2025-10-{1 + i % 28:02d},{GSTIN},{100000000000 + i:012d},2,4000.00,720.00"
        for i in range(1, ROWS + 1)
    ]
    return [
        *good,
        f"BM/{ROWS + 1:05d},2026-04-01,{GSTIN},{100000000000 + ROWS + 1:012d},2,4000.00,720.00",
        f"BM/{ROWS + 2:05d},2025-10-02,{GSTIN},100000000001,2,4000.00,720.00",  # row 2's bill
    ]


@pytest.fixture
def register_worker(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str | None]:
    """Service mode: a real Celery worker on a queue of this test's own, where the live server
    sends its register checks; its name. Embedded mode: ``None`` (tasks run eagerly).

    Not ``celery_worker_queue``: that worker starts once a session, before this test's private
    file store exists, so it could not open the register uploaded here. Started before the
    claim is filed, so the task is taken off Redis at once: every test's ``cache.clear()``
    flushes the Redis database the broker shares with the cache, and under xdist another
    test's flush would lose a task left waiting for a worker to start."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        # Embedded mode checks the register on its local queue, off the request, as a worker.
        monkeypatch.setattr(settings, "EMBEDDED_BACKGROUND", True)
        yield None
        return
    if connection.vendor != "postgresql":
        # The worker is another process: it shares the test database only on PostgreSQL.
        pytest.fail("Celery is not eager (REDIS_URL is set): set DATABASE_URL too")
    from repm_portal.celery import app

    queue = f"claims-{uuid.uuid4().hex[:8]}"
    worker = start_celery_worker(queue, tmp_path / "worker.log")
    # The live server runs in this process: its ``process_register.delay`` routes by this.
    monkeypatch.setattr(app.conf, "task_default_queue", queue)
    yield queue
    stop(worker)


@contextmanager
def held_at_its_first_invoice(worker: str | None) -> Iterator[None]:
    """Service mode: the worker's register check waits, at the first invoice it stores, till
    the block ends — SHARE MODE lets the pages read the invoices, not the worker write them —
    so the page is seen mid-check, polling. Embedded mode: nothing to hold."""
    if worker is None:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {ClaimedInvoice._meta.db_table} IN SHARE MODE")
        yield


def test_r_sli_9_a_claim_filed_checked_examined_and_sanctioned(  # noqa: PLR0915  (one claim, step by step)
    live_server, page, applicant, pma, mhi, register_worker, tmp_path
) -> None:
    base = live_server.url
    b = awarded(applicant, capacity=600, loa_date=date(2026, 1, 15), mhi=mhi)
    assert b.quoted_rate == Decimal("1500.00") and b.sli_cap == Decimal("6450000000.00")
    # The entire capacity commissioned on 1 June 2026: a day past, on the real clock the
    # worker reads too (R-UNIT-5), and the claim's period (H2 of FY 2025-26) has ended.
    commission_all(b, on=date(2026, 6, 1))
    register_file(applicant, register_lines(), name="register-H1.csv")

    # 1. The beneficiary files the claim from its ledger and watches the register's check.
    sign_in(page, base, applicant.email)
    page.goto(f"{base}/beneficiaries/{b.pk}/ledger/")
    page.get_by_role("link", name="File a sales-linked incentive claim").click()
    page.wait_for_url(f"{base}/beneficiaries/{b.pk}/claims/new/")
    page.get_by_label("Claim period").fill("FY2025-26-H2")
    page.get_by_label("Invoice register").select_option(label="register-H1.csv (register-H1.csv)")
    page.get_by_label("I declare that the magnets claimed").check()
    progress = page.locator("#register-progress")
    with held_at_its_first_invoice(register_worker):
        page.get_by_role("button", name="File the claim").click()
        flash(page, "Claim filed")
        claim = SLIClaim.objects.get(beneficiary=b)
        assert page.url == f"{base}/claims/{claim.pk}/"
        if register_worker is not None:  # held mid-check: the message says it is running
            flash(page, "Its invoice register is being checked")
            # (the worker is held before it has counted the rows: never "0 of about 0 rows")
            text = progress.inner_text()
            assert "is queued for its check" in text or "will start shortly" in text, text
    # In both modes the check runs off the request; the region polls every second until done.
    checked = "Register checked: 3,002 rows, 2 rejected."
    progress.filter(has_text=checked).wait_for(timeout=120_000)
    assert "0 of about 0 rows" not in page.content()

    # 2. Without a reload, the computation. 3,000 rows of 2 kg: 6,000 kg, turnover 3,000 ×
    # ₹4,000.00 = ₹1,20,00,000.00. Gross 6,000 kg × ₹1,500.00 = ₹90,00,000.00; 40 % of the
    # turnover = ₹48,00,000.00; Table 3's cap for 600 MTPA, ₹645 cr, untouched. The least:
    # ₹48,00,000.00.
    computation = page.get_by_role("table", name=re.compile("Computation"))
    computation.wait_for()
    assert "Submitted" in page.locator("#claim-live").inner_text()

    def line(name: str) -> str:
        return computation.get_by_role("row", name=re.compile(f"^{re.escape(name)}")).inner_text()

    assert "6,000.000 kg" in line("Eligible quantity sold")
    assert "₹1,500.00/kg" in line("Gross") and "₹90,00,000.00" in line("Gross")
    assert "₹1,20,00,000.00" in line("Net sales turnover")
    assert "₹48,00,000.00" in line("Cap: share of net turnover")
    assert "₹6,45,00,00,000.00" in line("Cap: tenure cap remaining")
    assert "₹48,00,000.00" in line("Payable (the least)")
    rejected = page.get_by_role("table", name="The 2 rejected rows")
    assert rejected.locator("tbody tr").all_inner_texts() == [
        "3002\tBM/03001\tdated 01 Apr 2026, outside the claim period",
        "3003\tBM/03002\tappears earlier in this register (row 2)",
    ]
    assert serious_violations(page) == []
    sign_out(page)

    # 3. The PMA examines and seeks a clarification.
    sign_in(page, base, pma.email)
    page.goto(f"{base}/claims/")
    page.get_by_role("link", name=f"SLI claim {claim.pk} (Oct 2025 – Mar 2026)").click()
    page.get_by_role("button", name="Start the examination").click()
    flash(page, "the claim is now “Under examination (PMA)”")
    assert serious_violations(page) == []
    clarify = page.get_by_role("form", name="Seek a clarification")
    clarify.get_by_label("Note").fill("Reconcile the register with GSTR-1 for October 2025.")
    clarify.get_by_role("button", name="Seek a clarification").click()
    flash(page, "the claim is now “Clarification sought”")
    sign_out(page)

    # 4. The beneficiary answers.
    sign_in(page, base, applicant.email)
    page.goto(f"{base}/claims/{claim.pk}/")
    answer = page.get_by_role("form", name="Answer the clarification")
    answer.get_by_label("Note").fill("GSTR-1 for October 2025 uploaded; it matches the register.")
    answer.get_by_role("button", name="Answer the clarification").click()
    flash(page, "the claim is now “Under examination (PMA)”")
    sign_out(page)

    # 5. The PMA recommends: the entire capacity is commissioned, so it is not held (R-SLI-7).
    sign_in(page, base, pma.email)
    page.goto(f"{base}/claims/{claim.pk}/")
    assert "GSTR-1 for October 2025 uploaded" in page.get_by_role("main").inner_text()
    page.get_by_role("button", name="Recommend", exact=True).click()
    flash(page, "the claim is now “Recommended by the PMA”")
    sign_out(page)

    # 6. MHI sanctions; the sanction order downloads.
    sign_in(page, base, mhi.email)
    page.goto(f"{base}/claims/{claim.pk}/")
    page.get_by_role("button", name="Sanction", exact=True).click()
    flash(page, "the claim is now “Sanctioned”")
    examination = page.get_by_role("region", name="Examination")
    assert re.search(r"Sanctioned\s+₹48,00,000\.00", examination.inner_text())
    assert serious_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="sanction order (PDF)").click()
    order = tmp_path / "sanction-order.pdf"
    download.value.save_as(order)
    assert order.read_bytes().startswith(b"%PDF")
    # -layout keeps each row of the computation on one line.
    text = subprocess.run(
        ["pdftotext", "-layout", str(order), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "Sanction order" in text and "Bharat Magnetics Ltd" in text, text
    assert re.search(r"Sanctioned \(the least of the three\)\s+₹48,00,000\.00", text), text
