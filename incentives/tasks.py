from celery import shared_task

from .processing import register_process, registers_stalled


@shared_task(name="incentives.process_register", acks_late=True)
def process_register(claim_id: int) -> dict[str, object]:
    """Check a claim's invoice register (R-SLI-8). Safe to run again, even at once."""
    claim = register_process(claim_id=claim_id)
    return {"claim": claim.pk, "status": claim.status, "rows": claim.rows_done}


@shared_task(name="incentives.resume_registers")
def resume_registers() -> list[int]:
    """Beat, every minute: restart register checks whose worker died mid-way."""
    stalled = registers_stalled()
    for claim_id in stalled:
        process_register.delay(claim_id)
    return stalled
