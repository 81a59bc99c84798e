"""Milestones' answers to events of the apps below (``repm_portal.hooks``)."""

from __future__ import annotations

from typing import Any

from bidding.models import Beneficiary

from .services import milestones_start


def start_clocks_on_award(sender: Any, *, beneficiary: Beneficiary, **_: Any) -> None:
    """The Letter of Award's date starts the three milestone clocks (R-BID-11, R-MS-1…3)."""
    milestones_start(beneficiary=beneficiary)
