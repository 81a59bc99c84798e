"""The claims API's endpoints × personas → status (R-ACL-1…3)."""

from __future__ import annotations

from tests.api_matrix import ALL, expect

SEEING = {"applicant", "pma", "mhi", "admin"}
SLI_MATRIX = [
    ("get", "/api/v1/claims/", expect(200, set(ALL) - {"outsider"})),
    ("get", "/api/v1/claims/{claim}/", expect(200, SEEING, denied=404)),
    ("get", "/api/v1/claims/{claim}/rejected-rows/", expect(200, SEEING, denied=404)),
    ("post", "/api/v1/claims/", expect(400, {"applicant", "rival"})),
    ("post", "/api/v1/claims/{claim}/clarify/", expect(400, {"pma", "mhi"})),
    ("post", "/api/v1/claims/{claim}/answer/", {**expect(400, {"applicant"}), "rival": 400}),
    ("post", "/api/v1/claims/{claim}/recommend/", expect(409, {"pma"})),
    ("post", "/api/v1/claims/{claim}/sanction/", expect(422, {"mhi"})),  # not commissioned
    ("post", "/api/v1/claims/{claim}/disburse/", expect(400, {"mhi"})),
    ("post", "/api/v1/claims/{claim}/reject/", expect(400, {"pma", "mhi"})),
    ("post", "/api/v1/claims/{claim}/assign-ie/", expect(400, {"pma"})),
    ("post", "/api/v1/claims/{claim}/verify/", expect(400, {"ie"})),
    ("post", "/api/v1/claims/{claim}/examine/", expect(200, {"pma"})),
]
CAPITAL = "/api/v1/capital-subsidy-claims/"
CAPITAL_MATRIX = [
    ("get", CAPITAL, expect(200, set(ALL) - {"outsider"})),
    ("get", CAPITAL + "{claim}/", expect(200, SEEING, denied=404)),
    ("post", CAPITAL, expect(400, {"applicant", "rival"})),
    ("post", CAPITAL + "{claim}/clarify/", expect(400, {"pma", "mhi"})),
    ("post", CAPITAL + "{claim}/answer/", {**expect(400, {"applicant"}), "rival": 400}),
    ("post", CAPITAL + "{claim}/assign-ie/", expect(400, {"pma"})),
    ("post", CAPITAL + "{claim}/verify/", expect(400, {"ie"})),
    ("post", CAPITAL + "{claim}/recommend/", expect(409, {"pma"})),
    ("post", CAPITAL + "{claim}/sanction/", expect(409, {"mhi"})),  # not yet recommended
    ("post", CAPITAL + "{claim}/disburse/", expect(400, {"mhi"})),
    ("post", CAPITAL + "{claim}/reject/", expect(400, {"pma", "mhi"})),
    ("post", CAPITAL + "{claim}/examine/", expect(200, {"pma"})),
    # The ledger: the beneficiary its own, MHI all (issue 5 §7); the rival's list is empty.
    ("get", "/api/v1/ledgers/", expect(200, {"applicant", "rival", "mhi", "admin"})),
    ("get", "/api/v1/ledgers/{b}/", {**expect(200, {"applicant", "mhi", "admin"}), "rival": 404}),
]
MATRIX = SLI_MATRIX + CAPITAL_MATRIX
