from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.clock import clock_moved_to

# Every date of these tests (LoAs of 2027, claims up to FY 2027-28, commissioning and payments
# in 2028) lies before this day: the claims are for periods that have ended (R-UNIT-4/5).
TESTS_TODAY = date(2029, 1, 15)


@pytest.fixture(autouse=True)
def _tests_today(request: pytest.FixtureRequest) -> Iterator[None]:
    if request.node.get_closest_marker("celery_worker"):
        yield  # a worker in another process reads the real clock: so does its test
        return
    with clock_moved_to(TESTS_TODAY):
        yield
