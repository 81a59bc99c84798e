"""Work done off the request: Celery's worker in service mode; in embedded mode (no Redis)
a local queue of one thread in the web process, so a long task (a 60,000-row register check)
leaves the request at once there too and its page shows it moving, as it does with a worker.

``EMBEDDED_BACKGROUND = False`` (the test suite's default) runs the task in the caller's
thread instead, eagerly, as Celery's own eager mode does.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.db import connections

log = logging.getLogger(__name__)

# One thread: the tasks queue up in order, and SQLite has one writer at a time anyway.
_local_queue = ThreadPoolExecutor(max_workers=1, thread_name_prefix="repm-background")


def _run_here(task: Any, args: tuple[Any, ...]) -> None:
    try:
        task.apply(args=args, throw=True)
    except Exception:  # logged like a worker's failure; the task marks its own failure
        log.exception("background task %s%r failed", task.name, args)
    finally:
        connections.close_all()  # this thread's connections, not the request's


def run_off_request(task: Any, *args: Any) -> Future[None] | None:
    """Queue ``task(*args)``: on Celery's broker, or (embedded) on the local queue."""
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        task.delay(*args)
        return None
    if not getattr(settings, "EMBEDDED_BACKGROUND", False):
        task.apply(args=args, throw=True)
        return None
    return _local_queue.submit(_run_here, task, args)
