from celery import shared_task

from .services import documents_sweep


@shared_task(name="documents.sweep")
def documents_sweep_task() -> dict[str, int]:
    """Daily (beat): remove the files whose row a rolled-back transaction took away."""
    return {"removed": len(documents_sweep())}
