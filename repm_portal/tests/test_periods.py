"""R-UNIT-4 claim periods of the Indian financial year; R-UNIT-5 IST deadlines."""

from datetime import UTC, date, datetime

import pytest

from repm_portal.errors import ValidationFailed
from repm_portal.periods import ClaimPeriod, PeriodKind, add_years, deadline_end


def test_r_unit_4_half_years_and_financial_year() -> None:
    h1 = ClaimPeriod.of(2026, PeriodKind.H1)
    h2 = ClaimPeriod.of(2026, PeriodKind.H2)
    fy = ClaimPeriod.of(2026, PeriodKind.FY)
    assert (h1.start, h1.end) == (date(2026, 4, 1), date(2026, 9, 30))
    assert (h2.start, h2.end) == (date(2026, 10, 1), date(2027, 3, 31))
    assert (fy.start, fy.end) == (date(2026, 4, 1), date(2027, 3, 31))
    assert [str(p) for p in (h1, h2, fy)] == ["FY2026-27-H1", "FY2026-27-H2", "FY2026-27"]


@pytest.mark.parametrize(
    ("day", "code"),
    [
        (date(2026, 4, 1), "FY2026-27-H1"),
        (date(2026, 9, 30), "FY2026-27-H1"),
        (date(2026, 10, 1), "FY2026-27-H2"),
        (date(2027, 3, 31), "FY2026-27-H2"),  # 31 March belongs to the year that began in 2026
        (date(2027, 1, 15), "FY2026-27-H2"),
    ],
)
def test_r_unit_4_period_containing_a_date(day: date, code: str) -> None:
    assert ClaimPeriod.containing(day, PeriodKind.H1).code == code


def test_r_unit_4_overlaps() -> None:
    fy = ClaimPeriod.parse("FY2026-27")
    assert fy.overlaps(ClaimPeriod.parse("FY2026-27-H2"))
    assert not ClaimPeriod.parse("FY2026-27-H1").overlaps(ClaimPeriod.parse("FY2026-27-H2"))
    assert not fy.overlaps(ClaimPeriod.parse("FY2027-28-H1"))


@pytest.mark.parametrize("text", ["FY2026-28", "2026-27", "FY2026-27-H3", "", "FY26-27"])
def test_r_unit_4_bad_period_codes_are_explained(text: str) -> None:
    with pytest.raises(ValidationFailed, match="FY2026-27"):
        ClaimPeriod.parse(text)


def test_r_unit_5_deadline_ends_at_23_59_59_ist() -> None:
    end = deadline_end(date(2027, 3, 15))
    assert end.astimezone(UTC) == datetime(2027, 3, 15, 18, 29, 59, tzinfo=UTC)


def test_years_after_a_leap_day_fall_on_28_february() -> None:
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), 4) == date(2032, 2, 29)
    assert add_years(date(2026, 12, 31), 3) == date(2029, 12, 31)
