from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from tests.clock import clock_moved_to

# The investment, commissioning and payment dates of these tests (up to 2030) lie before this
# day: none is a day still to come (R-UNIT-5).
TESTS_TODAY = date(2031, 1, 15)


@pytest.fixture(autouse=True)
def _tests_today() -> Iterator[None]:
    with clock_moved_to(TESTS_TODAY):
        yield
