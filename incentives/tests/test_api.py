"""Claims through the API: who may call what, the progress, and rejected rows as safe CSV."""

from datetime import date

import pytest

from bidding.tests.fixtures import awarded
from incentives import processing, services
from incentives.tests.api_matrix import CAPITAL, CAPITAL_MATRIX, SLI_MATRIX
from incentives.tests.fixtures import GSTIN, capital_claim_file, invest, register_file
from milestones.tests.fixtures import commission_all

pytestmark = pytest.mark.django_db


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


def _check(api_for, personas, method, url, expected) -> None:
    for persona, status in expected.items():
        client = api_for(personas[persona])
        response = client.get(url) if method == "get" else client.post(url, {}, format="json")
        assert response.status_code == status, (
            persona,
            response.status_code,
            getattr(response, "data", None),
        )


@pytest.mark.parametrize(
    ("method", "path", "expected"), SLI_MATRIX, ids=[f"{m} {p}" for m, p, _ in SLI_MATRIX]
)
def test_r_acl_who_may_call_each_claim_endpoint(
    api_for, personas, world, method, path, expected
) -> None:
    _check(api_for, personas, method, path.format(claim=world["claim"].pk), expected)


@pytest.fixture
def capital_world(personas):

    b = awarded(personas["applicant"], capacity=600, loa_date=date(2027, 2, 1), mhi=personas["mhi"])
    invest(b)
    commission_all(b)
    return {"b": b, "claim": capital_claim_file(b)}


@pytest.mark.parametrize(
    ("method", "path", "expected"),
    CAPITAL_MATRIX,
    ids=[f"{m} {p}" for m, p, _ in CAPITAL_MATRIX],
)
def test_r_acl_who_may_call_each_capital_claim_and_ledger_endpoint(
    api_for, personas, capital_world, method, path, expected
) -> None:
    url = path.format(claim=capital_world["claim"].pk, b=capital_world["b"].pk)
    _check(api_for, personas, method, url, expected)


def test_the_ledger_reads_against_both_caps(api_for, personas, capital_world) -> None:
    body = api_for(personas["mhi"]).get(f"/api/v1/ledgers/{capital_world['b'].pk}/").json()
    # 600 MTPA: Table 3 ₹645 cr, Table 4 ₹75 cr; the capital claim filed at ₹53.4 cr
    assert body["sli"] == {
        "cap": "6450000000.00",
        "claimed": "0.00",
        "sanctioned": "0.00",
        "disbursed": "0.00",
        "remaining": "6450000000.00",
    }
    assert (body["capital"]["cap"], body["capital"]["claimed"]) == ("750000000.00", "534000000.00")
    listed = api_for(personas["rival"]).get("/api/v1/ledgers/").json()
    assert listed["count"] == 0  # a rival sees no other beneficiary's ledger


def test_a_capital_claim_shows_its_lines_and_exclusions(api_for, personas, capital_world) -> None:
    claim = capital_world["claim"]
    body = api_for(personas["pma"]).get(f"{CAPITAL}{claim.pk}/").json()
    assert (body["eligible_investment"], body["payable"], body["days_with_pma"]) == (
        "3560000000.00",
        "534000000.00",
        0,
    )
    excluded = {line["invoice_number"]: line["exclusion_reasons"] for line in body["lines"]}
    assert excluded["B-1"].startswith("R-CAP-2") and excluded["P-1"].startswith("R-CAP-3")


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
