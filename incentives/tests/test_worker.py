"""Service mode: a real Celery worker checks an invoice register; killed mid-task and started
again, it leaves the same result as an undisturbed run (R-SLI-8)."""

import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from bidding.tests.fixtures import awarded
from incentives import services
from incentives.models import ClaimStatus, SLIClaim
from incentives.processing import registers_stalled
from incentives.tasks import process_register, resume_registers
from incentives.tests.fixtures import GSTIN, register_file
from tests.waiting import wait_until
from tests.worker import start_celery_worker, stop

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]
ROWS = 300_000  # large enough that the kill lands mid-register even on the fast path
LEASE = 3  # seconds a run's heartbeat holds the register (the workers' REGISTER_LEASE_SECONDS)


def lines(n: int) -> list[str]:
    # Each row 2.5 kg at ₹5,000.00 taxable; every 1,000th row repeats an earlier e-way bill.
    return [
        f"BM/{i:06d},2025-11-{1 + i % 28:02d},{GSTIN},"
        f"{(100000000000 + (i - 1 if i % 1000 == 0 else i)):012d},2.5,5000.00,900.00"
        for i in range(1, n + 1)
    ]


def test_a_killed_worker_leaves_the_same_result(applicant, mhi, tmp_path, settings) -> None:
    settings.REGISTER_LEASE_SECONDS = LEASE  # the workers' lease, for registers_stalled here
    b = awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    b.quoted_rate = Decimal("1500.00")
    b.save(update_fields=["quoted_rate"])
    claim = services.sli_claim_file(
        actor=applicant,
        beneficiary=b,
        period="FY2025-26-H2",  # ended: the worker runs on the real clock
        declaration=True,
        register_document=register_file(applicant, lines(ROWS)),
    )
    queue = f"kill-{uuid.uuid4().hex[:8]}"
    log = Path(tmp_path / "worker.log")
    worker = start_celery_worker(queue, log, REGISTER_LEASE_SECONDS=str(LEASE))
    process_register.apply_async(args=[claim.pk], queue=queue)
    wait_until(
        lambda: SLIClaim.objects.get(pk=claim.pk).rows_done >= 4000, 120, "the worker to get going"
    )
    stop(worker, kill=True)  # SIGKILL mid-register: the task is never acknowledged
    halfway = SLIClaim.objects.get(pk=claim.pk)
    assert halfway.status == ClaimStatus.PROCESSING and halfway.rows_done < ROWS
    worker = start_celery_worker(queue, log, REGISTER_LEASE_SECONDS=str(LEASE))
    try:
        # Beat's watchdog finds the register silent for longer than the lease (3 s) and
        # restarts it: once the killed run's last heartbeat is older than that.
        SLIClaim.objects.filter(pk=claim.pk).update(filed_at=timezone.now() - timedelta(hours=1))
        wait_until(lambda: registers_stalled() == [claim.pk], 30, "the killed run's lease to lapse")
        assert resume_registers.apply_async(queue=queue).get(timeout=60) == [claim.pk]
        wait_until(
            lambda: SLIClaim.objects.get(pk=claim.pk).status == ClaimStatus.SUBMITTED,
            240,
            "the resumed check to finish",
        )
    finally:
        stop(worker)
    done = SLIClaim.objects.get(pk=claim.pk)
    # Undisturbed, the register gives 3,00,000 − 300 repeats = 2,99,700 invoices of 2.5 kg:
    # 7,49,250 kg and ₹1,49,85,00,000.00 of turnover; gross 7,49,250 × ₹1,500 =
    # ₹1,12,38,75,000.00; 40 % of turnover = ₹59,94,00,000.00 → the turnover cap binds.
    assert (done.invoices.count(), done.rejected.count()) == (299_700, 300)
    assert done.eligible_quantity_kg == Decimal("749250.000")
    assert done.net_turnover == Decimal("1498500000.00")
    assert (done.payable, done.binding_cap) == (Decimal("599400000.00"), "turnover_cap")
    assert "appears earlier in this register" in done.rejected.first().reason
