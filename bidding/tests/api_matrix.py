"""The bidding API's endpoints × personas → status (R-ACL-1…3)."""

from __future__ import annotations

from tests.api_matrix import ALL, expect

# Endpoints × personas → status. Bodies are empty, so an allowed caller gets 400.
MATRIX = [
    ("get", "/api/v1/rounds/", expect(200, set(ALL) - {"outsider"})),
    ("get", "/api/v1/rounds/{round}/", expect(200, set(ALL) - {"outsider"})),
    ("post", "/api/v1/rounds/", expect(400, {"mhi"})),
    ("post", "/api/v1/rounds/{round}/passphrase/", expect(400, {"tc"})),
    ("post", "/api/v1/rounds/{round}/publish/", expect(409, {"mhi"})),  # already published
    ("post", "/api/v1/rounds/{round}/close/", expect(409, {"mhi", "tc", "admin"})),  # deadline
    ("post", "/api/v1/rounds/{round}/open/", expect(400, {"tc"})),
    ("post", "/api/v1/rounds/{round}/ties/", expect(400, {"tc"})),
    ("post", "/api/v1/rounds/{round}/rank/", expect(409, {"tc"})),
    ("post", "/api/v1/rounds/{round}/issue-lois/", expect(409, {"mhi"})),
    ("get", "/api/v1/bids/", expect(200, set(ALL) - {"outsider"})),
    (
        "get",
        "/api/v1/bids/{bid}/",
        expect(200, {"applicant", "pma", "tc", "mhi", "admin"}, denied=404),
    ),
    ("post", "/api/v1/bids/", expect(400, {"applicant", "rival"})),
    ("post", "/api/v1/bids/{bid}/withdraw/", {**expect(200, {"applicant"}), "rival": 404}),
    ("post", "/api/v1/bids/{bid}/replace/", {**expect(400, {"applicant"}), "rival": 400}),
    ("post", "/api/v1/bids/{bid}/evaluate/", expect(400, {"tc"})),
    ("get", "/api/v1/beneficiaries/", expect(200, set(ALL) - {"outsider"})),
    ("post", "/api/v1/beneficiaries/1/pbg/", expect(400, {"applicant", "rival"})),
    ("post", "/api/v1/beneficiaries/1/spv/", expect(400, {"applicant", "rival"})),
    ("post", "/api/v1/beneficiaries/1/award/", expect(400, {"mhi"})),
    ("get", "/api/v1/profile/", {**expect(200, {"applicant"}), "rival": 404}),
    ("put", "/api/v1/profile/", expect(400, {"applicant", "rival"})),
    ("get", "/api/v1/receipts/{receipt}/", dict.fromkeys(ALL, 200)),
    ("get", "/api/v1/open-data/rounds/{round}/", dict.fromkeys(ALL, 200)),
]
