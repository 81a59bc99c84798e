from celery import shared_task

from .services import audit_check_run


@shared_task(name="audit.verify_chain")
def audit_verify_chain() -> dict[str, object]:
    """Daily (beat): walk the chain and keep the result. Safe to run twice."""
    check = audit_check_run()
    return {"ok": check.ok, "entries": check.entries, "first_broken_seq": check.first_broken_seq}
