"""Milestones through the API: who may call what, a rival's 404s, bad input."""

from datetime import date

import pytest

from bidding.tests.fixtures import awarded, pdf
from milestones import services
from milestones.tests.api_matrix import MATRIX
from repm_portal.documents.models import DocumentKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(personas):
    b = awarded(personas["applicant"], capacity=800, loa_date=date(2027, 2, 1), mhi=personas["mhi"])
    services.milestones_start(beneficiary=b)
    services.daily_checks(today=date(2028, 2, 2))  # M1 missed → case
    return {"b": b, "case": b.penalty_cases.get()}


@pytest.mark.parametrize(
    ("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX]
)
def test_r_acl_who_may_call_each_milestone_endpoint(
    api_for, personas, world, method, path, expected
) -> None:
    url = path.format(b=world["b"].pk, case=world["case"].pk)
    for persona, status in expected.items():
        client = api_for(personas[persona])
        response = client.get(url) if method == "get" else client.post(url, {}, format="json")
        assert response.status_code == status, (
            persona,
            response.status_code,
            getattr(response, "data", None),
        )


def test_r_acl_1_a_beneficiary_sees_only_its_own(api_for, personas, world) -> None:
    rival = api_for(personas["rival"])
    assert rival.get("/api/v1/milestones/").json()["count"] == 0
    assert rival.get("/api/v1/cases/").json()["count"] == 0
    assert rival.get(f"/api/v1/cases/{world['case'].pk}/").status_code == 404
    own = api_for(personas["applicant"]).get("/api/v1/milestones/").json()
    assert [(m["number"], m["status"]) for m in own["results"]] == [
        (1, "missed"),
        (2, "pending"),
        (3, "pending"),
    ]


def test_investment_and_bad_input_through_the_api(api_for, personas, world) -> None:
    user = personas["applicant"]
    api = api_for(user)
    ca = pdf(user, DocumentKind.CERTIFICATE, "ca.pdf")
    url = f"/api/v1/milestones/beneficiaries/{world['b'].pk}/investment/"
    good_line = {
        "head": "plant",
        "description": "Jet mill",
        "vendor": "Hosokawa",
        "invoice_number": "H-1",
        "invoice_date": "2027-06-01",
        "amount": "250000000.00",
        "non_creditable_taxes": "0",
    }
    early = dict(good_line, invoice_number="H-0", invoice_date="2025-02-01")
    refused = api.post(
        url,
        {"as_of": "2027-12-31", "ca_certificate": ca.pk, "lines": [good_line, early]},
        format="json",
    )
    assert refused.status_code == 400
    assert "R-CAP-1: made before 01 Apr 2025" in refused.json()["error"]["message"]
    negative = api.post(
        url,
        {"as_of": "2027-12-31", "ca_certificate": ca.pk, "lines": [dict(good_line, amount="-5")]},
        format="json",
    )
    assert negative.status_code == 400 and "negative" in negative.json()["error"]["message"]
    created = api.post(
        url, {"as_of": "2027-12-31", "ca_certificate": ca.pk, "lines": [good_line]}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["lines"][0]["eligible_amount"] == "250000000.00"
    over = api.post(
        f"/api/v1/milestones/beneficiaries/{world['b'].pk}/commissioning/",
        {
            "capacity_mtpa": "801",
            "commissioned_on": "2029-01-01",
            "industries_certificate": ca.pk,
            "engineer_certificate": ca.pk,
        },
        format="json",
    )
    assert (
        over.status_code == 400
        and "above the 800.00 MTPA allocated" in over.json()["error"]["message"]
    )
