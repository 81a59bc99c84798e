"""Open data: a tender round as an Open Contracting Data Standard 1.1 release package.

One release per call, describing the round as it stands (a snapshot whose ``id`` changes with
the round's status). What it publishes follows the rules (repm_portal/rules_catalogue.py):

* R-BID-7 — the financial bid is sealed until the recorded opening. Nothing amount-related is
  read or written here before the round is ranked: the quotes appear only in the awards, which
  exist only from ``ranked`` on. OCDS 1.1 core has no ``bids`` section, so the quoted ₹/kg and the
  allocated capacity go into each award's ``description`` (no ``award.value``: the quote is an
  incentive rate, not a contract value).
* Applicants are published by registered name and, for Indian companies, their CIN (a public
  register). E-mail addresses, PAN, GSTIN and net worth are personal or tax data and never appear.
* Withdrawn and replaced bids are not part of the contracting process: their applicants are not
  tenderers (unless they hold a live bid).

Amounts are formatted from ``Decimal`` to text, never through ``float`` (R-UNIT-3).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from django.utils import timezone

from repm_portal.money import format_inr, format_number

from .models import (
    ApplicantProfile,
    Beneficiary,
    BeneficiaryStatus,
    Bid,
    BidStatus,
    RoundStatus,
    TenderRound,
)

OCDS_VERSION = "1.1"
OCID_PREFIX = "ocds-repm01"
PACKAGE_URI = "https://repm.mhi.gov.in/api/v1/rounds/{pk}/ocds/"
MHI_ID = "IN-MHI"
MHI_NAME = "Ministry of Heavy Industries, Government of India"
CIN_SCHEME = "IN-MCA"
PROCUREMENT_METHOD_DETAILS = "Two-envelope Least Cost System (S.O. 5800(E) §3.2)"

# The round's status → (release tags, tender status). Closed codelists: releaseTag, tenderStatus.
_TAGS: dict[str, tuple[list[str], str]] = {
    RoundStatus.DRAFT: (["tender"], "planned"),
    RoundStatus.PUBLISHED: (["tender"], "active"),
    RoundStatus.CLOSED: (["tender", "tenderUpdate"], "active"),
    RoundStatus.EVALUATED: (["tender", "tenderUpdate"], "active"),
    RoundStatus.OPENED: (["tender", "tenderUpdate"], "active"),
    RoundStatus.RANKED: (["tender", "tenderUpdate", "award"], "active"),
    RoundStatus.LOIS_ISSUED: (["tender", "award", "awardUpdate"], "active"),
    RoundStatus.AWARDED: (["tender", "tenderUpdate", "award", "awardUpdate"], "complete"),
}
# Only in these statuses may anything derived from the opened envelopes be published (R-BID-7).
_AWARD_STATUSES = frozenset({RoundStatus.RANKED, RoundStatus.LOIS_ISSUED, RoundStatus.AWARDED})


def ocid_of(round_: TenderRound) -> str:
    """``ocds-repm01-MHI-REPM-RFP-2026-01``: the prefix and the RFP reference, URL-safe."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", round_.reference).strip("-")
    return f"{OCID_PREFIX}-{slug or round_.pk}"


def _iso(moment: datetime | date) -> str:
    """ISO 8601 with the IST offset; a calendar date is taken as its midnight in IST."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time.min)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _party_id(bid: Bid) -> str:
    # Not the CIN: two applicants may share one in principle (a group), and not all have one.
    return f"REPM-APPLICANT-{bid.applicant_id}"


def _applicant(bid: Bid, profile: ApplicantProfile | None) -> dict[str, Any]:
    """The applicant as an OCDS Organization: name and CIN only (no e-mail, PAN, GSTIN)."""
    user = bid.applicant
    name = (profile.name if profile else "") or user.organisation or f"Applicant {user.pk}"
    party: dict[str, Any] = {"id": _party_id(bid), "name": name}
    if profile and profile.cin:
        party["identifier"] = {"scheme": CIN_SCHEME, "id": profile.cin, "legalName": name}
    return party


def _award(beneficiary: Beneficiary, supplier: dict[str, Any]) -> dict[str, Any]:
    rank = f"L{beneficiary.rank}"
    award: dict[str, Any] = {
        "id": rank,
        "title": rank,
        "description": (
            f"{rank}: {format_number(beneficiary.allocated_capacity_mtpa)} MTPA at "
            f"{format_inr(beneficiary.quoted_rate)}/kg of incentive sought"
        ),
        "status": "active" if beneficiary.status == BeneficiaryStatus.AWARDED else "pending",
        "suppliers": [{"id": supplier["id"], "name": supplier["name"]}],
    }
    when: datetime | date | None = beneficiary.loa_date or beneficiary.loi_issued_at
    if when is not None:
        award["date"] = _iso(when)
    return award


def round_release_package(
    round_: TenderRound, *, published_at: datetime | None = None
) -> dict[str, Any]:
    """The round as an OCDS 1.1 release package (JSON-ready ``dict``).

    ``published_at`` dates the package and its release (default: now). Before the round is
    ranked the package carries no quote in any form (R-BID-7).
    """
    now = _iso(published_at or timezone.now())
    ocid = ocid_of(round_)
    tags, tender_status = _TAGS.get(round_.status, (["tender"], "active"))
    mhi = {"id": MHI_ID, "name": MHI_NAME}

    # Who bids is withheld until the deadline has closed the round: naming bidders while the
    # tender is open would help them collude.
    live = (
        []
        if round_.status in (RoundStatus.DRAFT, RoundStatus.PUBLISHED)
        else list(
            round_.bids.filter(status=BidStatus.SUBMITTED)
            .select_related("applicant")
            .order_by("submitted_at", "pk")
        )
    )
    profiles = {
        p.user_id: p for p in ApplicantProfile.objects.filter(user__in=[b.applicant for b in live])
    }
    applicants = {bid.pk: _applicant(bid, profiles.get(bid.applicant_id)) for bid in live}
    parties: list[dict[str, Any]] = [{**mhi, "roles": ["buyer", "procuringEntity"]}]
    for bid in live:
        roles = ["tenderer", "supplier"] if bid.selected else ["tenderer"]
        parties.append({**applicants[bid.pk], "roles": roles})

    tender_period = {"endDate": _iso(round_.submission_deadline)}
    if round_.published_at:
        tender_period = {"startDate": _iso(round_.published_at), **tender_period}
    tender: dict[str, Any] = {
        "id": round_.reference,
        "title": round_.title,
        "status": tender_status,
        "procuringEntity": mhi,
        "procurementMethod": "open",
        "procurementMethodDetails": PROCUREMENT_METHOD_DETAILS,
        "awardCriteria": "priceOnly",
        "awardCriteriaDetails": "Lowest incentive sought (₹/kg), among technically qualified bids.",
        "submissionMethod": ["electronicSubmission"],
        "tenderPeriod": tender_period,
        "numberOfTenderers": len(live),
        "tenderers": [
            {"id": applicants[b.pk]["id"], "name": applicants[b.pk]["name"]} for b in live
        ],
        "documents": [
            {
                "id": str(document.pk),
                "documentType": "tenderNotice",
                "title": document.title,
                "format": document.content_type,
                "datePublished": _iso(document.uploaded_at),
            }
            for document in round_.rfp_documents.order_by("pk")
        ],
    }
    if round_.description:
        tender["description"] = round_.description

    release: dict[str, Any] = {
        "ocid": ocid,
        "id": f"{ocid}-{round_.status}",
        "date": now,
        "tag": tags,
        "initiationType": "tender",
        "parties": parties,
        "buyer": mhi,
        "tender": tender,
    }
    if round_.status in _AWARD_STATUSES:
        suppliers = {bid.pk: applicants[bid.pk] for bid in live}
        release["awards"] = [
            _award(b, suppliers[b.bid_id])
            for b in round_.beneficiaries.order_by("rank")
            if b.bid_id in suppliers
        ]

    return {
        "uri": PACKAGE_URI.format(pk=round_.pk),
        "version": OCDS_VERSION,
        "publishedDate": now,
        "publisher": {"name": MHI_NAME},
        "releases": [release],
    }
