"""Run callables at the same instant, each on its own thread and database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable


def run_together(*calls: Callable[[], object]) -> list[object]:
    """Each call's result, or the exception it raised (for the race tests' assertions)."""
    from django.db import connection

    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except BaseException as exc:  # collected, not swallowed: the test asserts on it
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
