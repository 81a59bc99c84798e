"""Queueing a background task once the request's work is committed, without letting a broker
outage undo the answer (issue 17).

The work is in the database; the task only carries it on. If Redis cannot take the task, the
request still reports success and the task is queued later by a watchdog that finds the work
waiting in the database (for a register check: ``incentives.resume_registers``, every minute).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from kombu.exceptions import OperationalError as BrokerUnavailable
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


def queue_on_commit(send: Callable[[], object], *, what: str) -> None:
    """After the current transaction commits, call ``send`` (e.g. ``lambda: task.delay(pk)``);
    if the broker cannot take it, log one warning (no traceback) and carry on."""

    def attempt() -> None:
        try:
            send()
        # Only the broker's failures: a task run eagerly (embedded mode) still raises its own.
        except (BrokerUnavailable, RedisError) as error:
            log.warning("could not queue %s (%s): the watchdog will queue it", what, error)

    transaction.on_commit(attempt)
