"""R-ACL-1, R-ACL-3: who may call each quarterly report and QRR endpoint (R-COM-4)."""

from __future__ import annotations

import pytest

from committees import report_services as services
from committees.tests.api_matrix import REPORTS_MATRIX as MATRIX

from .report_fixtures import Q2, TODAY, beneficiary, filed

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    b = beneficiary(personas["applicant"])
    report = filed(b)
    services.quarterly_report_submit(actor=b.user, report=report)
    qrr = services.qrr_compile(actor=personas["pma"], quarter=Q2, today=TODAY)
    return {"r": report.pk, "q": qrr.pk}


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
