from celery import shared_task

from .services import audit_check_run, audit_checkpoint_mail, audit_checkpoint_write


@shared_task(name="audit.verify_chain")
def audit_verify_chain() -> dict[str, object]:
    """Daily (beat): walk the chain and keep the result. Safe to run twice."""
    check = audit_check_run()
    return {"ok": check.ok, "entries": check.entries, "first_broken_seq": check.first_broken_seq}


@shared_task(name="audit.checkpoint")
def audit_checkpoint() -> int | None:
    """Every 15 minutes (beat): sign the chain's head into the checkpoint file. Safe to run twice."""
    point = audit_checkpoint_write()
    return point.seq if point else None


@shared_task(name="audit.mail_checkpoint")
def audit_mail_checkpoint() -> int | None:
    """Daily (beat): e-mail the latest checkpoint to the audit officer."""
    point = audit_checkpoint_mail()
    return point.seq if point else None
