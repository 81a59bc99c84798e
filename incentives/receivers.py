"""Incentives' answers to events of the apps below (``repm_portal.hooks``)."""

from __future__ import annotations

from typing import Any

from bidding.models import Beneficiary

from .examination import claims_release


def release_held_claims(sender: Any, *, beneficiary: Beneficiary, **_: Any) -> None:
    """R-SLI-7: once the entire capacity is commissioned, held claims go on, in period order."""
    claims_release(beneficiary=beneficiary)
