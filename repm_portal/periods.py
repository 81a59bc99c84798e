"""Financial-year claim periods (R-UNIT-4) and IST deadlines (R-UNIT-5)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import ValidationFailed

IST = ZoneInfo("Asia/Kolkata")


class PeriodKind(models.TextChoices):
    H1 = "H1", _("First half-year (1 April – 30 September)")
    H2 = "H2", _("Second half-year (1 October – 31 March)")
    FY = "FY", _("Financial year (1 April – 31 March)")


def financial_year_start(day: date) -> int:
    """The calendar year in which the financial year containing ``day`` began."""
    return day.year if day.month >= 4 else day.year - 1


@dataclass(frozen=True, order=True)
class ClaimPeriod:
    """One claim period of the Indian financial year ``fy`` (``fy`` = 2026 means FY 2026-27)."""

    start: date
    end: date
    kind: str
    fy: int

    @classmethod
    def of(cls, fy: int, kind: str) -> ClaimPeriod:
        if kind == PeriodKind.H1:
            return cls(date(fy, 4, 1), date(fy, 9, 30), kind, fy)
        if kind == PeriodKind.H2:
            return cls(date(fy, 10, 1), date(fy + 1, 3, 31), kind, fy)
        if kind == PeriodKind.FY:
            return cls(date(fy, 4, 1), date(fy + 1, 3, 31), kind, fy)
        raise ValidationFailed(f"Period kind {kind!r} is not one of H1, H2 or FY.")

    @classmethod
    def containing(cls, day: date, kind: str) -> ClaimPeriod:
        fy = financial_year_start(day)
        if kind == PeriodKind.FY:
            return cls.of(fy, kind)
        return cls.of(fy, PeriodKind.H1 if day.month in range(4, 10) else PeriodKind.H2)

    @classmethod
    def parse(cls, text: str) -> ClaimPeriod:
        """'FY2026-27', 'FY2026-27-H1' or 'FY2026-27-H2'."""
        match = re.fullmatch(r"FY(\d{4})-(\d{2})(?:-(H1|H2))?", text.strip().upper())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise ValidationFailed(
                f"{text!r} is not a claim period. Write it as FY2026-27, FY2026-27-H1 or "
                "FY2026-27-H2."
            )
        return cls.of(int(match[1]), match[3] or PeriodKind.FY)

    @property
    def code(self) -> str:
        base = f"FY{self.fy}-{(self.fy + 1) % 100:02d}"
        return base if self.kind == PeriodKind.FY else f"{base}-{self.kind}"

    def __str__(self) -> str:
        return self.code

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def overlaps(self, other: ClaimPeriod) -> bool:
        return self.start <= other.end and other.start <= self.end


@dataclass(frozen=True, order=True)
class Quarter:
    """A quarter of the Indian financial year: Q1 = April–June … Q4 = January–March (R-COM-4).

    ``fy`` = 2026 and ``q`` = 3 is Q3 of FY 2026-27, 1 October – 31 December 2026.
    """

    fy: int
    q: int

    def __post_init__(self) -> None:
        if self.q not in (1, 2, 3, 4):
            raise ValidationFailed(f"Quarter {self.q!r} is not one of 1, 2, 3 or 4.")

    @classmethod
    def containing(cls, day: date) -> Quarter:
        fy = financial_year_start(day)
        return cls(fy, ((day.month - 4) % 12) // 3 + 1)

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """'FY2026-27-Q3'."""
        match = re.fullmatch(r"FY(\d{4})-(\d{2})-Q([1-4])", text.strip().upper())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise ValidationFailed(
                f"{text!r} is not a quarter. Write it as FY2026-27-Q3 (October–December 2026)."
            )
        return cls(int(match[1]), int(match[3]))

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.q - 1)
        return date(self.fy + (month > 12), (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        return self.next().start - timedelta(days=1)

    @property
    def code(self) -> str:
        return f"FY{self.fy}-{(self.fy + 1) % 100:02d}-Q{self.q}"

    def __str__(self) -> str:
        return self.code

    def next(self) -> Quarter:
        return Quarter(self.fy + (self.q == 4), self.q % 4 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.fy - (self.q == 1), (self.q - 2) % 4 + 1)

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end


def add_years(day: date, years: int) -> date:
    """The same calendar date ``years`` later; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def deadline_end(day: date) -> datetime:
    """R-UNIT-5: a deadline date ends at 23:59:59 IST of that day."""
    return datetime.combine(day, time(23, 59, 59), tzinfo=IST)


def today_ist() -> date:
    from django.utils import timezone

    return timezone.now().astimezone(IST).date()


def days_between(start: date, end: date) -> int:
    return (end - start) // timedelta(days=1)


def not_after_today(day: date, *, field: str, what: str) -> None:
    """R-UNIT-5: a date of something that happened (an investment, a commissioning, a payment,
    an invoice) cannot lie after today in India."""
    today = today_ist()
    if day > today:
        from django.utils.translation import gettext as _gettext

        raise ValidationFailed(
            _gettext(
                "%(what)s is dated %(day)s, after today (%(today)s): enter the date it happened."
            )
            % {"what": what, "day": day.strftime("%d %b %Y"), "today": today.strftime("%d %b %Y")},
            field=field,
        )
