"""R-ACL-1, R-ACL-3: who may call each quarterly report and QRR endpoint (R-COM-4)."""

from __future__ import annotations

import pytest

from committees import report_services as services

from .report_fixtures import Q2, TODAY, beneficiary, filed

pytestmark = pytest.mark.django_db
ALL = ["outsider", "applicant", "rival", "pma", "tc", "smc", "mhi", "ie", "admin"]


def expect(ok: int, allowed, denied: int = 403, **special: int) -> dict[str, int]:
    codes = {p: ok if p in allowed else (401 if p == "outsider" else denied) for p in ALL}
    return codes | special


@pytest.fixture
def world(personas):
    b = beneficiary(personas["applicant"])
    report = filed(b)
    services.quarterly_report_submit(actor=b.user, report=report)
    qrr = services.qrr_compile(actor=personas["pma"], quarter=Q2, today=TODAY)
    return {"r": report.pk, "q": qrr.pk}


READERS = {"applicant", "rival", "pma", "mhi"}
QRR_READERS = {"pma", "mhi", "tc", "smc"}
MATRIX = [
    ("get", "/api/v1/quarterly-reports/", expect(200, READERS)),
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


@pytest.mark.parametrize(
    ("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX]
)
def test_r_acl_who_may_call_each_quarterly_report_endpoint(
    api_for, personas, world, method, path, expected
) -> None:
    url = path.format(**world)
    for persona, status in expected.items():
        client = api_for(personas[persona])
        response = getattr(client, method)(url, {}, format="json")
        assert response.status_code == status, (persona, response.status_code, response.content)


def test_r_acl_3_tc_and_smc_read_an_issued_qrr(api_for, personas, world) -> None:
    pma = api_for(personas["pma"])
    qrr = f"/api/v1/qrrs/{world['q']}/"
    project = pma.get(qrr).json()["figures"]["projects"][0]["beneficiary"]
    pma.post(
        qrr + "analysis/",
        {"recommendations": "Noted.", "analyses": [{"beneficiary": project, "analysis": "Ok."}]},
        format="json",
    )
    assert pma.post(qrr + "issue/").status_code == 200
    for member in ("tc", "smc", "mhi"):
        assert api_for(personas[member]).get(qrr).status_code == 200
    assert api_for(personas["ie"]).get(qrr).status_code == 403
    assert api_for(personas["applicant"]).get(qrr).status_code == 403
