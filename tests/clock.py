"""Moving the portal's clock for tests whose data lies in years to come.

The scheme's dates in many tests (Letters of Award in 2027, claims for FY 2027-28) are later
than the day the suite runs; the portal refuses a claim for a period that has not ended and a
date still to come (R-UNIT-4, R-UNIT-5). ``clock_moved_to`` makes ``timezone.now()`` run on from
a given IST day, as if the tests ran then: time still passes, so leases and orderings hold.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from repm_portal.periods import IST


@contextmanager
def clock_moved_to(day: date) -> Iterator[None]:
    real_now = timezone.now
    offset = datetime.combine(day, time(10, 0), tzinfo=IST) - real_now()
    with mock.patch("django.utils.timezone.now", side_effect=lambda: real_now() + offset):
        yield


def today_is(day: date) -> Any:
    """An autouse fixture running the module's (or conftest's) tests on ``day``; a test that
    runs a Celery worker in another process keeps the real clock, as the worker does.

    ``_claims_for_ended_periods = today_is(date(2029, 1, 15))`` at a module's top level."""

    @pytest.fixture(autouse=True)
    def _today(request: pytest.FixtureRequest) -> Iterator[None]:
        if request.node.get_closest_marker("celery_worker"):
            yield  # a worker in another process reads the real clock: so does its test
            return
        with clock_moved_to(day):
            yield

    return _today
