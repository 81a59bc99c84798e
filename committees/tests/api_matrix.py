"""The committees' API endpoints × personas → status (R-ACL-1, R-ACL-3): meetings, the
outlay dashboard and the quarterly reports with their QRRs."""

from __future__ import annotations

from tests.api_matrix import ALL, expect

MEETING_READERS = {"pma", "tc", "smc", "mhi", "admin"}  # of some committee's meetings
TC_READERS = {"pma", "tc", "mhi", "admin"}
MEETINGS_MATRIX = [
    ("get", "/api/v1/committees/", expect(200, MEETING_READERS)),
    ("get", "/api/v1/committees/tc/", expect(200, TC_READERS, smc=404)),
    ("post", "/api/v1/committees/tc/appoint/", expect(400, {"mhi", "admin"})),
    ("post", "/api/v1/committees/terms/{term}/relieve/", expect(400, {"mhi", "admin"})),
    ("get", "/api/v1/meetings/", expect(200, MEETING_READERS)),
    ("post", "/api/v1/meetings/", expect(400, MEETING_READERS)),
    ("get", "/api/v1/meetings/{m}/", expect(200, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/{m}/items/", expect(400, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/{m}/refresh/", expect(200, {"pma", "mhi", "admin"}, smc=404)),
    ("post", "/api/v1/meetings/{m}/co-opt/", expect(400, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/{m}/attendance/", expect(400, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/{m}/confirm/", expect(403, set(), smc=404)),
    ("post", "/api/v1/meetings/items/{item}/comments/", expect(400, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/items/{item}/decisions/", expect(400, TC_READERS, smc=404)),
    ("post", "/api/v1/meetings/items/{item}/actions/", expect(400, TC_READERS, smc=404)),
    ("get", "/api/v1/meetings/my-actions/", expect(200, set(ALL) - {"outsider"})),
    # The owner (the applicant) closes it; MHI then finds it closed; readers who are neither
    # owner nor member secretary are refused; everyone else finds nothing.
    (
        "post",
        "/api/v1/meetings/my-actions/{action}/close/",
        expect(404, set(), denied=404, applicant=200, pma=403, tc=403, mhi=409, admin=403),
    ),
]

OUTLAY_READERS = {"mhi", "smc", "pma"}
OUTLAY_MATRIX = [
    ("get", "/api/v1/outlay/", expect(200, OUTLAY_READERS)),
    ("get", "/api/v1/outlay/beneficiaries/{beneficiary}/", expect(200, OUTLAY_READERS)),
]

REPORT_READERS = {"applicant", "rival", "pma", "mhi"}
QRR_READERS = {"pma", "mhi", "tc", "smc"}
REPORTS_MATRIX = [
    ("get", "/api/v1/quarterly-reports/", expect(200, REPORT_READERS)),
    ("get", "/api/v1/quarterly-reports/{r}/", expect(200, {"applicant", "pma", "mhi"}, rival=404)),
    ("post", "/api/v1/quarterly-reports/", expect(400, {"applicant", "rival"})),
    ("put", "/api/v1/quarterly-reports/{r}/figures/", expect(409, {"applicant"}, rival=404)),
    ("post", "/api/v1/quarterly-reports/{r}/submit/", expect(409, {"applicant"}, rival=404)),
    ("post", "/api/v1/quarterly-reports/{r}/return/", expect(400, {"pma"})),
    ("post", "/api/v1/quarterly-reports/{r}/accept/", expect(200, {"pma"})),
    ("get", "/api/v1/qrrs/", expect(200, QRR_READERS)),
    ("get", "/api/v1/qrrs/{q}/", expect(200, {"pma", "mhi"}, tc=404, smc=404)),
    ("post", "/api/v1/qrrs/", expect(400, {"pma"})),
    ("post", "/api/v1/qrrs/{q}/analysis/", expect(200, {"pma"})),
    ("post", "/api/v1/qrrs/{q}/issue/", expect(422, {"pma"})),
]
