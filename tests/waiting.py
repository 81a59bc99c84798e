"""Waiting in tests for something to happen: on a condition with a deadline, never a fixed
sleep that hopes it has happened."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest


def wait_until(
    predicate: Callable[[], object],
    seconds: float,
    what: str,
    every: float = 0.05,
    details: Callable[[], str] | None = None,
) -> None:
    """Returns as soon as ``predicate()`` holds, polling every ``every`` seconds; fails the test
    naming ``what`` (and ``details()``, such as a log's tail) if it has not held in ``seconds``."""
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() >= deadline:
            pytest.fail(
                f"timed out after {seconds} s waiting for {what}"
                + (f"\n{details()}" if details else "")
            )
        time.sleep(every)
