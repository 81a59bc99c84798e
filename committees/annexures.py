"""The seats of Annexure A (SMC, §8.1) and Annexure B (TC, §9.1) of S.O. 5800(E), as data.

Loaded by migration 0001b_seat_data and again after a test database is flushed.
"""

from __future__ import annotations

from typing import Any

# (code, name, annexure, [(serial number, particulars, designation)])
COMMITTEES: list[tuple[str, str, str, list[tuple[int, str, str]]]] = [
    (
        "smc",
        "Scheme Monitoring Committee",
        "A",
        [
            (1, "Secretary, Heavy Industries", "chair"),
            (2, "Representative, O/o PSA", "member"),
            (3, "Representative, NSCS", "member"),
            (4, "CEO, NITI Aayog", "member"),
            (5, "Secretary, DoE", "member"),
            (6, "Secretary, DEA", "member"),
            (7, "Secretary, Department of Atomic Energy", "member"),
            (8, "Secretary, Mines", "member"),
            (9, "Secretary, Department of Science & Technology", "member"),
            (10, "Secretary, MNRE", "member"),
            (11, "Secretary, DPIIT", "member"),
            (12, "Secretary, MeitY", "member"),
            (
                13,
                "Secretary, Department of Defence Research & Development and Chairman, DRDO",
                "member",
            ),
            (14, "Financial Advisor, Heavy Industries", "member"),
            (15, "Joint Secretary, Heavy Industries", "member_secretary"),
        ],
    ),
    (
        "tc",
        "Technical Committee",
        "B",
        [
            (1, "Joint Secretary, Heavy Industries", "chair"),
            (2, "Representative, PSA", "member"),
            (3, "Representative, NSCS", "member"),
            (4, "Representative, NITI Aayog", "member"),
            (5, "Joint Secretary, Department of Atomic Energy", "member"),
            (6, "Joint Secretary, Mines", "member"),
            (7, "Joint Secretary, MNRE", "member"),
            (8, "Joint Secretary, Department of Science & Technology", "member"),
            (9, "Chief Controller of Accounts (CCA), MHI", "member"),
            (10, "PMA", "member_secretary"),
        ],
    ),
]


def load_seats(committee_model: Any, seat_model: Any) -> None:
    """Create the committees and their seats if missing (idempotent)."""
    for code, name, annexure, seats in COMMITTEES:
        committee, _created = committee_model.objects.get_or_create(
            code=code, defaults={"name": name, "annexure": annexure}
        )
        for number, particulars, designation in seats:
            seat_model.objects.get_or_create(
                committee=committee,
                number=number,
                defaults={"particulars": particulars, "designation": designation},
            )
