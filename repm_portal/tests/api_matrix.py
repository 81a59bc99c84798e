"""The kernel API's endpoints × personas → status (R-ACL-1…3). Anything not listed in some
app's matrix fails ``test_the_matrix_covers_every_api_route``: a new endpoint is added here."""

from __future__ import annotations

from tests.api_matrix import ALL, expect

STAFF_VIEWING_AUDIT = {"pma", "mhi", "admin"}

MATRIX = [
    ("get", "/api/v1/parameters/", dict.fromkeys(ALL, 200)),
    ("get", "/api/v1/parameters/1/", dict.fromkeys(ALL, 200)),
    ("get", "/api/v1/parameters/in-force/", dict.fromkeys(ALL, 200)),
    ("get", "/api/v1/parameters/spec/", dict.fromkeys(ALL, 200)),
    ("post", "/api/v1/parameters/", expect(400, {"mhi", "admin"})),  # empty body → 400
    ("get", "/api/v1/audit-events/", expect(200, STAFF_VIEWING_AUDIT)),
    ("get", "/api/v1/audit-events/1/", expect(200, STAFF_VIEWING_AUDIT)),
    ("get", "/api/v1/documents/", expect(200, set(ALL) - {"outsider"})),
    ("get", "/api/v1/documents/{doc}/", expect(200, {"applicant", "admin"}, denied=404)),
    ("get", "/api/v1/documents/{doc}/download/", expect(200, {"applicant", "admin"}, denied=404)),
    ("post", "/api/v1/documents/", expect(400, set(ALL) - {"outsider"})),  # no file → 400
    ("get", "/api/v1/users/", expect(200, {"admin"})),
    ("get", "/api/v1/users/{applicant}/", expect(200, {"admin"})),
    ("post", "/api/v1/users/", expect(400, {"admin"})),
    ("get", "/api/v1/me/", expect(200, set(ALL) - {"outsider"})),
    ("get", "/api/v1/notifications/", expect(200, set(ALL) - {"outsider"})),
    ("post", "/api/v1/notifications/mark-read/", expect(200, set(ALL) - {"outsider"})),
    ("post", "/api/v1/auth/token/", dict.fromkeys(ALL, 400)),  # no credentials → 400
    ("post", "/api/v1/auth/register/", dict.fromkeys(ALL, 400)),
    ("get", "/api/v1/auth/tokens/", expect(200, set(ALL) - {"outsider"})),
    # Signed letters (issue 14.4): anyone checks; MHI alone revokes (no reason → 400)
    ("get", "/api/v1/verify/7KQ2-M9XD-4TZ8/", dict.fromkeys(ALL, 200)),
    ("post", "/api/v1/verify/", dict.fromkeys(ALL, 400)),  # no file → 400
    ("post", "/api/v1/letters/7KQ2-M9XD-4TZ8/revoke/", expect(400, {"mhi"})),
]
