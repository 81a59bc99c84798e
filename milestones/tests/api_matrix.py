"""The milestones API's endpoints × personas → status (R-ACL-1…3)."""

from __future__ import annotations

from tests.api_matrix import ALL, expect

MATRIX = [
    ("get", "/api/v1/milestones/", expect(200, set(ALL) - {"outsider"})),
    (
        "post",
        "/api/v1/milestones/beneficiaries/{b}/investment/",
        expect(400, {"applicant", "rival"}),
    ),
    (
        "post",
        "/api/v1/milestones/beneficiaries/{b}/commissioning/",
        expect(400, {"applicant", "rival"}),
    ),
    ("get", "/api/v1/cases/", expect(200, set(ALL) - {"outsider"})),
    (
        "get",
        "/api/v1/cases/{case}/",
        expect(200, {"applicant", "pma", "tc", "smc", "mhi", "admin"}, denied=404),
    ),
    ("post", "/api/v1/cases/", expect(400, {"pma", "mhi"})),
    ("post", "/api/v1/cases/{case}/notice/", expect(400, {"mhi"})),
    ("post", "/api/v1/cases/{case}/reply/", {**expect(400, {"applicant"}), "rival": 404}),
    ("post", "/api/v1/cases/{case}/hearing/", expect(400, {"mhi"})),
    ("post", "/api/v1/cases/{case}/decide/", expect(400, {"mhi"})),
    ("post", "/api/v1/cases/{case}/refund/", expect(400, {"mhi"})),
    ("get", "/api/v1/mclr/", expect(200, {"pma", "mhi", "admin"})),
    ("post", "/api/v1/mclr/", expect(400, {"mhi"})),
]
