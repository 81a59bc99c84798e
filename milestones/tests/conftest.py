from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from repm_portal import ledger
from repm_portal.ledger import Disbursement
from tests.clock import today_is

# The investment, commissioning and payment dates of these tests (up to 2030) lie before this
# day: none is a day still to come (R-UNIT-5).
TESTS_TODAY = date(2031, 1, 15)


_tests_today = today_is(TESTS_TODAY)


class FakeLedger:
    """Disbursements recorded for beneficiaries, as incentives would provide them
    (``repm_portal.ledger``): milestones' tests cannot import incentives (apps depend one way)."""

    def __init__(self) -> None:
        self.rows: dict[int, list[Disbursement]] = {}

    def add(self, beneficiary, key: str, day: date, amount: str) -> None:
        self.rows.setdefault(beneficiary.pk, []).append(
            Disbursement(key, f"SLI claim {key}", day, Decimal(amount), f"PFMS/{key}")
        )

    def __call__(self, beneficiary_id: int) -> list[Disbursement]:
        return self.rows.get(beneficiary_id, [])


@pytest.fixture
def fake_ledger(monkeypatch) -> FakeLedger:
    fake = FakeLedger()
    monkeypatch.setattr(ledger, "_providers", [fake])
    return fake
