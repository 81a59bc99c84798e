from celery import shared_task

from .services import register_process


@shared_task(name="incentives.process_register", acks_late=True)
def process_register(claim_id: int) -> dict[str, object]:
    """Check a claim's invoice register (R-SLI-8). Safe to run again after a crash."""
    claim = register_process(claim_id=claim_id)
    return {"claim": claim.pk, "status": claim.status, "rows": claim.rows_done}
