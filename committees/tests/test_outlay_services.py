"""MHI's records behind the dashboard: administration expenses (§7) and refund recoveries
(§11.2), audited, refused to others and when wrong (R-OUT-2, R-ACL-3, R-ACL-4)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bidding.tests.fixtures import awarded
from committees.models import RefundRecovery
from committees.outlay import services
from committees.tests.outlay_data import refund
from repm_portal.audit.models import AuditEvent
from repm_portal.errors import NotAllowed, ValidationFailed
from repm_portal.money import crore

pytestmark = pytest.mark.django_db


def expense(actor, **changes):
    data = {
        "head": "knowledge_partners",
        "description": "Market study",
        "amount": Decimal("8500000.00"),
        "incurred_on": date(2026, 7, 1),
        "reference": "MHI/KP/1",
    }
    return services.admin_expense_record(actor=actor, **(data | changes))


def test_r_out_2_mhi_records_an_admin_expense_audited(mhi) -> None:
    e = expense(mhi)
    assert e.amount == Decimal("8500000.00")
    event = AuditEvent.objects.get(action="outlay.admin_expense_recorded")
    assert event.object_id == str(e.pk)


@pytest.mark.parametrize("who", ["smc", "pma", "applicant", "ie"])
def test_r_acl_3_only_mhi_records_expenses(personas, who) -> None:
    with pytest.raises(NotAllowed):
        expense(personas[who])


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": Decimal(0)}, "amount"),
        ({"incurred_on": date(2099, 1, 1)}, "incurred_on"),
        ({"head": "parties"}, "head"),
        ({"reference": " "}, "reference"),
    ],
)
def test_r_out_2_a_wrong_expense_is_refused_clearly(mhi, changes, field) -> None:
    with pytest.raises(ValidationFailed) as error:
        expense(mhi, **changes)
    assert error.value.field == field


def test_r_ms_5_recoveries_never_pass_what_is_owed(applicant, mhi) -> None:
    b = awarded(applicant, capacity=600, loa_date=date(2026, 3, 1), mhi=mhi)
    demand = refund(b, mhi=mhi, issued=date(2026, 6, 1), total=crore(2))
    services.refund_recovery_record(
        actor=mhi, demand=demand, amount=crore("1.5"), received_on=date(2026, 7, 1), reference="C/1"
    )
    with pytest.raises(ValidationFailed, match="Only ₹50,00,000.00 is still owed"):
        services.refund_recovery_record(
            actor=mhi, demand=demand, amount=crore(1), received_on=date(2026, 8, 1), reference="C/2"
        )
    with pytest.raises(ValidationFailed) as early:
        services.refund_recovery_record(
            actor=mhi,
            demand=demand,
            amount=crore("0.1"),
            received_on=date(2026, 5, 1),
            reference="C/3",
        )
    assert early.value.field == "received_on"
    assert RefundRecovery.objects.count() == 1
    assert AuditEvent.objects.filter(action="outlay.refund_recovered").count() == 1
