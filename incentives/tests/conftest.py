from __future__ import annotations

from datetime import date

from tests.clock import today_is

# Every date of these tests (LoAs of 2027, claims up to FY 2027-28, commissioning and payments
# in 2028) lies before this day: the claims are for periods that have ended (R-UNIT-4/5).
TESTS_TODAY = date(2029, 1, 15)


_tests_today = today_is(TESTS_TODAY)
