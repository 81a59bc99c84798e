"""The tender through the API: who may call what, a rival's 404s, and sealed amounts."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bidding import services
from bidding.tests.api_matrix import MATRIX
from bidding.tests.fixtures import PASSPHRASES, bid, pass_deadline, pdf
from repm_portal.documents.models import DocumentKind

pytestmark = pytest.mark.django_db
SECRET = "1876.54"


@pytest.fixture
def world(personas, open_round, make_applicant, tc_members):
    """The personas' applicant holds a bid in a published round; tc is seated on it."""
    from datetime import date

    from bidding.models import RoundSeat
    from bidding.rules import MemberShare
    from repm_portal.money import crore

    applicant = personas["applicant"]
    services.profile_save(
        actor=applicant,
        name="Bharat Magnetics Ltd",
        entity_type="company",
        country="IN",
        cin="U27100MH2021PTC123456",
        pan="AAPFU0939F",
        gstin="",
        net_worth=crore(400),
        net_worth_as_of=date(2026, 3, 31),
        net_worth_certificate=None,
        members=[MemberShare("Bharat Magnetics Ltd", Decimal(100), True)],
    )
    the_bid = bid(open_round, applicant, 1200, SECRET)
    RoundSeat.objects.create(round=open_round, member=personas["tc"])
    return {"round": open_round, "bid": the_bid, "dpr": the_bid.dpr}


@pytest.mark.parametrize(
    ("method", "path", "expected"), MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX]
)
def test_r_acl_who_may_call_each_bidding_endpoint(
    api_for, personas, world, method, path, expected
) -> None:
    url = path.format(round=world["round"].pk, bid=world["bid"].pk, receipt=world["bid"].receipt)
    for persona, status in expected.items():
        client = api_for(personas[persona])
        response = (
            client.get(url) if method == "get" else getattr(client, method)(url, {}, format="json")
        )
        assert response.status_code == status, (
            persona,
            response.status_code,
            getattr(response, "data", None),
        )
        if method == "post" and url.endswith("withdraw/") and status == 200:
            break  # withdrawn: the rest would meet a 409


def test_a_rival_gets_404_for_anothers_bid_and_sees_none_in_lists(api_for, personas, world):
    api = api_for(personas["rival"])
    assert api.get(f"/api/v1/bids/{world['bid'].pk}/").status_code == 404
    assert api.get("/api/v1/bids/").json()["count"] == 0
    assert api.get(f"/api/v1/documents/{world['dpr'].pk}/").status_code == 404
    assert api.post(f"/api/v1/bids/{world['bid'].pk}/withdraw/").status_code == 404


def test_r_bid_7_no_api_response_holds_the_amount_before_opening(api_for, personas, world):
    forms = {SECRET, str(Decimal(SECRET).normalize()), "1,876.54", "18,76.54"}
    urls = [
        "/api/v1/bids/",
        f"/api/v1/bids/{world['bid'].pk}/",
        "/api/v1/rounds/",
        f"/api/v1/rounds/{world['round'].pk}/",
        "/api/v1/audit-events/",
        f"/api/v1/receipts/{world['bid'].receipt}/",
        "/api/v1/beneficiaries/",
    ]
    for persona in ("applicant", "tc", "mhi", "pma", "admin"):
        api = api_for(personas[persona])
        for url in urls:
            body = api.get(url).content.decode()
            assert not any(f in body for f in forms), (persona, url)
    receipt = api_for(None).get(f"/api/v1/receipts/{world['bid'].receipt}/").json()
    assert receipt["status"] == "sealed" and receipt["amount"] is None


def test_the_whole_tender_through_the_api(
    api_for, personas, open_round, make_applicant, tc_members, mhi
) -> None:
    applicant = personas["applicant"]
    api = api_for(applicant)
    profile = {
        "name": "Bharat Magnetics Ltd",
        "entity_type": "company",
        "country": "IN",
        "cin": "U27100MH2021PTC123456",
        "pan": "AAPFU0939F",
        "gstin": "27AAPFU0939F1ZV",
        "net_worth": "4000000000.00",
        "net_worth_as_of": "2026-03-31",
        "net_worth_certificate": None,
        "members": [
            {
                "name": "Bharat Magnetics Ltd",
                "country": "IN",
                "shareholding_pct": "100.00",
                "is_lead": True,
            }
        ],
    }
    assert api.put("/api/v1/profile/", profile, format="json").status_code == 200
    bad = dict(profile, members=[dict(profile["members"][0], shareholding_pct="60.00")])
    refused = api.put("/api/v1/profile/", bad, format="json")
    assert refused.status_code == 422 and refused.json()["error"]["rule"] == "R-BID-1"
    dpr = pdf(applicant)
    created = api.post(
        "/api/v1/bids/",
        {"round": open_round.pk, "capacity_mtpa": 1200, "dpr": dpr.pk, "amount": "1199.99"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["quoted_amount"] is None and len(body["receipt"]) == 64
    over = api.post(
        "/api/v1/bids/",
        {"round": open_round.pk, "capacity_mtpa": 1200, "dpr": dpr.pk, "amount": "2150.01"},
        format="json",
    )
    assert over.status_code in (409, 422)
    assert "2150.01" not in over.content.decode()

    pass_deadline(open_round)
    tc = [api_for(m) for m in tc_members]
    assert tc[0].post(f"/api/v1/rounds/{open_round.pk}/close/").status_code == 200
    assert (
        tc[1]
        .post(
            f"/api/v1/bids/{body['id']}/evaluate/", {"qualified": True, "reasons": "DPR complete"}
        )
        .status_code
        == 200
    )
    short = tc[0].post(
        f"/api/v1/rounds/{open_round.pk}/open/",
        {"shares": [{"member": tc_members[0].pk, "passphrase": PASSPHRASES[0]}]},
        format="json",
    )
    assert short.status_code == 422 and short.json()["error"]["rule"] == "R-BID-7"
    opened = tc[0].post(
        f"/api/v1/rounds/{open_round.pk}/open/",
        {"shares": [{"member": tc_members[i].pk, "passphrase": PASSPHRASES[i]} for i in (0, 1)]},
        format="json",
    )
    assert opened.status_code == 200 and opened.json()["status"] == "opened"
    receipt = api_for(None).get(f"/api/v1/receipts/{body['receipt']}/").json()
    assert (receipt["amount"], receipt["verified"]) == ("1199.99", True)
    ranked = tc[0].post(f"/api/v1/rounds/{open_round.pk}/rank/").json()
    assert [(r["rank"], r["sli_cap"], r["pbg_due"]) for r in ranked] == [
        (1, "12900000000.00", "400000000.00")
    ]
    assert api.get(f"/api/v1/bids/{body['id']}/").json()["quoted_amount"] == "1199.99"
    assert api_for(mhi).post(f"/api/v1/rounds/{open_round.pk}/issue-lois/").status_code == 200
    beneficiary = ranked[0]["id"]
    scan = pdf(applicant, DocumentKind.CERTIFICATE, "pbg.pdf")
    pbg = api.post(
        f"/api/v1/beneficiaries/{beneficiary}/pbg/",
        {
            "bank": "State Bank of India, Fort, Mumbai",
            "number": "0999PBG27001",
            "amount": "400000000.00",
            "issued_on": "2027-01-05",
            "valid_until": (timezone.localdate() + timedelta(days=1500)).isoformat(),
            "document": scan.pk,
        },
        format="json",
    )
    assert pbg.status_code == 200, pbg.json()
    award = api_for(mhi).post(
        f"/api/v1/beneficiaries/{beneficiary}/award/", {"loa_date": "2027-02-01"}, format="json"
    )
    assert award.status_code == 200 and award.json()["status"] == "awarded"
    letters = api.get("/api/v1/documents/?kind=correspondence").json()["results"]
    assert {d["title"] for d in letters} == {"Letter of Intent", "Letter of Award"}
    assert json.dumps(letters)  # the beneficiary can list (and so download) both letters
