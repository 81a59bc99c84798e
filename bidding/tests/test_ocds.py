"""Open data: the OCDS 1.1 release package of a round is valid and keeps R-BID-7's seal."""

from __future__ import annotations

import json
import re
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import referencing
import referencing.jsonschema
from django.utils import timezone

from bidding import services
from bidding.models import Bid, RoundStatus, TenderRound
from bidding.ocds import OCID_PREFIX, round_release_package
from bidding.tests.fixtures import PASSPHRASES, bid, pass_deadline, pdf
from repm_portal.money import format_inr

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "fixtures" / "ocds"
QUOTES = {  # applicant → (capacity MTPA, ₹/kg quoted, technically qualified)
    "Bharat Magnetics": (1200, "1450.50", True),
    "Deccan Rare Earth": (700, "1725.25", True),
    "Konkan Sintered": (600, "1980.75", True),
    "Ganga Metals": (800, "1333.30", False),  # lowest, but never opened: not qualified
}
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def _format_checker() -> jsonschema.FormatChecker:
    """Draft 4's checker, plus ``date-time`` and ``uri``, which jsonschema only checks with
    optional packages (rfc3339-validator, rfc3987) that are not installed."""
    checker = jsonschema.FormatChecker(formats=jsonschema.Draft4Validator.FORMAT_CHECKER.checkers)

    @checker.checks("date-time", raises=ValueError)
    def _date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)", value):
            return False
        return datetime.fromisoformat(value).tzinfo is not None

    @checker.checks("uri")
    def _uri(value: object) -> bool:
        return not isinstance(value, str) or bool(urlsplit(value).scheme)

    return checker


def _validator() -> jsonschema.Draft4Validator:
    release_schema = json.loads((SCHEMAS / "release-schema.json").read_text())
    package_schema = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    registry = referencing.Registry().with_resource(
        release_schema["id"], referencing.jsonschema.DRAFT4.create_resource(release_schema)
    )
    return jsonschema.Draft4Validator(
        package_schema, registry=registry, format_checker=_format_checker()
    )


VALIDATOR = _validator()


def assert_valid(package: dict) -> None:
    errors = sorted(VALIDATOR.iter_errors(package), key=lambda e: list(e.absolute_path))
    messages = [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors]
    assert messages == [], "\n".join(messages)


def amount_forms(*amounts: str) -> set[str]:
    """Every way a quote could be written: 1450.50, 1450.5, 1,450.50, ₹1,450.50."""
    forms = set()
    for a in amounts:
        d = Decimal(a)
        forms |= {a, str(d.normalize()), f"{d:,}", format_inr(d)}
    return forms


def dump(package: dict) -> str:
    return json.dumps(package, ensure_ascii=False)


def assert_sealed(package: dict) -> None:
    text = dump(package)
    leaked = sorted(f for f in amount_forms(*(q[1] for q in QUOTES.values())) if f in text)
    assert leaked == [], f"quotes leaked before the ranking (R-BID-7): {leaked}"
    assert "awards" not in package["releases"][0]


def present(tc_members, *indices):
    return [(tc_members[i], PASSPHRASES[i]) for i in indices]


@pytest.fixture
def bids(open_round, make_applicant):
    return {
        name: bid(open_round, make_applicant(name), capacity, amount)
        for name, (capacity, amount, _q) in QUOTES.items()
    }


def test_a_published_round_names_no_bidder_and_holds_no_quote(
    open_round, bids, mhi, tc_members
) -> None:
    notice = pdf(mhi, name="rfp.pdf")
    open_round.rfp_documents.add(notice)
    moment = timezone.now()

    package = round_release_package(open_round, published_at=moment)

    assert_valid(package)
    assert_sealed(package)
    [release] = package["releases"]
    assert release["ocid"] == f"{OCID_PREFIX}-MHI-REPM-RFP-2026-01"
    assert release["id"] == f"{release['ocid']}-published"
    assert release["tag"] == ["tender"]
    assert datetime.fromisoformat(package["publishedDate"]) == moment.replace(microsecond=0)
    tender = release["tender"]
    assert tender["status"] == "active"
    # While the tender is open, who bids is withheld (it would help bidders collude).
    assert (tender["numberOfTenderers"], tender["tenderers"]) == (0, [])
    assert not any(name in dump(package) for name in QUOTES)
    assert datetime.fromisoformat(tender["tenderPeriod"]["endDate"]) == (
        open_round.submission_deadline.replace(microsecond=0)
    )
    assert [(d["id"], d["documentType"]) for d in tender["documents"]] == [
        (str(notice.pk), "tenderNotice")
    ]
    buyer = next(p for p in release["parties"] if p["id"] == "IN-MHI")
    assert buyer["roles"] == ["buyer", "procuringEntity"]

    pass_deadline(open_round)
    services.round_close(actor=tc_members[0], round_=open_round)
    open_round.refresh_from_db()
    package = round_release_package(open_round, published_at=moment)
    assert_valid(package)
    assert_sealed(package)
    [release] = package["releases"]
    tender = release["tender"]
    assert tender["numberOfTenderers"] == len(QUOTES)
    assert {t["name"] for t in tender["tenderers"]} == set(QUOTES)
    tenderers = [p for p in release["parties"] if p["id"] != "IN-MHI"]
    assert all(p["roles"] == ["tenderer"] for p in tenderers)
    bharat = next(p for p in tenderers if p["name"] == "Bharat Magnetics")
    assert bharat["identifier"] == {
        "scheme": "IN-MCA",
        "id": "U27100MH2021PTC123456",
        "legalName": "Bharat Magnetics",
    }
    # no personal or tax data: no e-mail address, no PAN
    text = dump(package)
    assert not EMAIL.search(text), EMAIL.search(text)
    assert "AAPFU0939F" not in text


def test_b_a_ranked_round_awards_l1_to_ln_with_their_quotes(
    open_round, bids, tc_members, mhi
) -> None:
    pass_deadline(open_round)
    services.round_close(actor=tc_members[0], round_=open_round)
    assert_sealed(round_release_package(open_round))
    for name, b in bids.items():
        services.bid_evaluate(
            actor=tc_members[1], bid=b, qualified=QUOTES[name][2], reasons="recorded"
        )
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.EVALUATED
    assert_sealed(round_release_package(open_round))
    services.round_open(actor=tc_members[0], round_=open_round, presented=present(tc_members, 0, 1))
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.OPENED
    opened = round_release_package(open_round)
    assert_valid(opened)
    assert_sealed(opened)  # opened, but not ranked: still nothing to publish
    assert Bid.objects.filter(opened_amount__isnull=False).count() == 3

    services.round_rank(actor=tc_members[1], round_=open_round)
    open_round.refresh_from_db()
    package = round_release_package(open_round)

    assert_valid(package)
    [release] = package["releases"]
    assert release["id"].endswith("-ranked")
    assert "award" in release["tag"]
    awards = release["awards"]
    assert [(a["id"], a["title"], a["status"]) for a in awards] == [
        ("L1", "L1", "pending"),
        ("L2", "L2", "pending"),
        ("L3", "L3", "pending"),
    ]
    assert [a["description"] for a in awards] == [
        "L1: 1,200 MTPA at ₹1,450.50/kg of incentive sought",
        "L2: 700 MTPA at ₹1,725.25/kg of incentive sought",
        "L3: 600 MTPA at ₹1,980.75/kg of incentive sought",
    ]
    assert [a["suppliers"][0]["name"] for a in awards] == [
        "Bharat Magnetics",
        "Deccan Rare Earth",
        "Konkan Sintered",
    ]
    roles = {p["name"]: p["roles"] for p in release["parties"]}
    for name in ("Bharat Magnetics", "Deccan Rare Earth", "Konkan Sintered"):
        assert roles[name] == ["tenderer", "supplier"]
    assert roles["Ganga Metals"] == ["tenderer"]  # not qualified: its envelope stays sealed
    assert "1333.3" not in dump(package)
    assert all(a["suppliers"][0]["id"] in {p["id"] for p in release["parties"]} for a in awards)

    services.lois_issue(actor=mhi, round_=open_round)
    open_round.refresh_from_db()
    after_lois = round_release_package(open_round)
    assert_valid(after_lois)
    [release] = after_lois["releases"]
    assert release["tag"] == ["tender", "award", "awardUpdate"]
    assert all(a["status"] == "pending" and "date" in a for a in release["awards"])


def test_c_a_withdrawn_bid_is_not_a_tenderer(open_round, make_applicant, tc_members) -> None:
    staying = make_applicant("Bharat Magnetics")
    leaving = make_applicant("Deccan Rare Earth")
    changing = make_applicant("Konkan Sintered")
    bid(open_round, staying, 1200, "1450.50")
    services.bid_withdraw(actor=leaving, bid=bid(open_round, leaving, 700, "1725.25"))
    services.bid_replace(
        actor=changing,
        bid=bid(open_round, changing, 600, "1980.75"),
        capacity_mtpa=700,
        dpr=pdf(changing),
        amount=Decimal("1900.10"),
    )

    pass_deadline(open_round)
    services.round_close(actor=tc_members[0], round_=open_round)
    package = round_release_package(TenderRound.objects.get(pk=open_round.pk))

    assert_valid(package)
    [release] = package["releases"]
    tender = release["tender"]
    assert tender["numberOfTenderers"] == 2
    assert [t["name"] for t in tender["tenderers"]] == ["Bharat Magnetics", "Konkan Sintered"]
    assert "Deccan Rare Earth" not in dump(package)
    names = [p["name"] for p in release["parties"]]
    assert sorted(names) == sorted(
        ["Ministry of Heavy Industries, Government of India", "Bharat Magnetics", "Konkan Sintered"]
    )
    text = dump(package)
    assert [f for f in amount_forms("1900.10", "1980.75", "1450.50") if f in text] == []
