"""Who may call what (R-ACL-1…3): the personas, and the status each expects from an endpoint.
Each app's ``tests/api_matrix.py`` lists its endpoints; ``repm_portal/tests/test_api.py`` checks
that together they cover every API route."""

from __future__ import annotations

from collections.abc import Collection

ALL = ["outsider", "applicant", "rival", "pma", "tc", "smc", "mhi", "ie", "admin"]


def expect(ok: int, allowed: Collection[str], denied: int = 403, **special: int) -> dict[str, int]:
    """``ok`` for the ``allowed`` personas, 401 for the outsider, ``denied`` for the rest; then
    the ``special`` statuses of named personas."""
    codes = {p: ok if p in allowed else (401 if p == "outsider" else denied) for p in ALL}
    return codes | special
