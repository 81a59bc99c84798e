"""Service mode: a real Celery worker over Redis runs the daily audit-chain check (R-ACL-4)."""

from pathlib import Path

import pytest

from repm_portal.audit.models import AuditCheck
from repm_portal.audit.services import audit_record
from repm_portal.audit.tasks import audit_verify_chain

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_checks_the_audit_chain(celery_worker_queue, applicant, settings) -> None:
    # The worker serves the whole session, whose tests each start the chain again: it checks
    # against checkpoints of this test's chain only (R-ACL-4).
    checkpoints = Path(f"/tmp/celery-{celery_worker_queue}.checkpoints")
    checkpoints.unlink(missing_ok=True)
    settings.AUDIT_CHECKPOINT_PATH = checkpoints
    for step in range(3):
        audit_record(actor=applicant, action=f"test.step{step}", obj=applicant)
    result = audit_verify_chain.apply_async(queue=celery_worker_queue)
    assert result.get(timeout=60) == {"ok": True, "entries": 3, "first_broken_seq": None}
    assert list(AuditCheck.objects.values_list("ok", "entries")) == [(True, 3)]


def test_the_beat_schedule_runs_the_check_daily() -> None:
    from repm_portal.celery import app

    entry = app.conf.beat_schedule["audit-chain-daily"]
    assert entry["task"] == "audit.verify_chain"
