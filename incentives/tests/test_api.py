"""Claims through the API: who may call what, the progress, and rejected rows as safe CSV."""

from datetime import date

import pytest

from bidding.tests.fixtures import awarded
from incentives import processing, services
from incentives.tests.test_services import GSTIN, register_file

pytestmark = pytest.mark.django_db
ALL = ["outsider", "applicant", "rival", "pma", "tc", "smc", "mhi", "ie", "admin"]


def expect(ok: int, allowed, denied: int = 403) -> dict[str, int]:
    return {p: ok if p in allowed else (401 if p == "outsider" else denied) for p in ALL}


@pytest.fixture
def world(personas):
    b = awarded(personas["applicant"], capacity=600, loa_date=date(2027, 2, 1), mhi=personas["mhi"])
    claim = services.sli_claim_file(
        actor=b.user,
        beneficiary=b,
        period="FY2027-28-H1",
        declaration=True,
        register_document=register_file(
            b.user,
            [
                f"BM/1,2027-04-02,{GSTIN},111111111111,10,1000.00,180.00",
                f"=1+2,2027-04-03,{GSTIN},123,10,1000.00,180.00",
            ],
        ),
    )
    return {"b": b, "claim": processing.register_process(claim_id=claim.pk)}


SEEING = {"applicant", "pma", "mhi", "admin"}
MATRIX = [
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
    ("post", "/api/v1/claims/{claim}/examine/", expect(200, {"pma"})),
]


@pytest.mark.parametrize(
    ("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX]
)
def test_r_acl_who_may_call_each_claim_endpoint(
    api_for, personas, world, method, path, expected
) -> None:
    url = path.format(claim=world["claim"].pk)
    for persona, status in expected.items():
        client = api_for(personas[persona])
        response = client.get(url) if method == "get" else client.post(url, {}, format="json")
        assert response.status_code == status, (
            persona,
            response.status_code,
            getattr(response, "data", None),
        )


def test_an_ie_sees_only_the_claims_assigned_to_it(api_for, personas, world) -> None:
    api = api_for(personas["ie"])
    assert api.get("/api/v1/claims/").json()["count"] == 0
    world["claim"].ie = personas["ie"]
    world["claim"].save(update_fields=["ie"])
    assert api.get("/api/v1/claims/").json()["count"] == 1


def test_the_claim_shows_its_computation_and_rejected_rows_export_safely(
    api_for, personas, world
) -> None:
    api = api_for(personas["applicant"])
    body = api.get(f"/api/v1/claims/{world['claim'].pk}/").json()
    # one accepted row: 10 kg × ₹1,500 = ₹15,000 gross; 40 % of ₹1,000 turnover = ₹400 binds
    assert (body["status"], body["progress_pct"], body["payable"], body["binding_cap"]) == (
        "submitted",
        100,
        "400.00",
        "turnover_cap",
    )
    csv = b"".join(
        api.get(f"/api/v1/claims/{world['claim'].pk}/rejected-rows/").streaming_content
    ).decode()
    # the invoice number "=1+2" would run as a formula in a spreadsheet: it is neutralised
    assert "3,'=1+2,e-way bill number '123' is not 12 digits" in csv
