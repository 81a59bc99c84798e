"""Access on pages, not only in services (R-ACL-1…3): a page a role may not use is refused
before it renders, and a link is shown only to someone who may follow it."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bidding import services
from bidding.models import TenderRound
from bidding.tests.fixtures import PASSPHRASES, awarded, bid, pdf
from repm_portal.documents.models import DocumentKind

pytestmark = pytest.mark.django_db
EVERY_ROLE = ("applicant", "rival", "pma", "tc", "smc", "mhi", "ie", "admin")


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


def round_with_rfp(mhi, members, *, publish: bool) -> TenderRound:
    round_ = services.round_create(
        actor=mhi,
        reference="MHI/REPM/RFP/2026/07",
        title="Round with an RFP",
        submission_deadline=timezone.now() + timedelta(days=30),
        opening_quorum=1,
        tc_members=members,
        rfp_documents=[pdf(mhi, DocumentKind.CORRESPONDENCE, "rfp.pdf")],
    )
    if publish:
        for i, member in enumerate(members):
            services.seat_set_passphrase(actor=member, round_=round_, passphrase=PASSPHRASES[i])
        round_ = services.round_publish(actor=mhi, round_=round_)
    return round_


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_r_acl_3_the_new_round_form_is_refused_before_it_renders(
    client,
    personas,
    tc_members,
    role,
) -> None:
    page = get(client, personas[role], reverse("web:round_create"))
    if role == "mhi":
        assert page.status_code == 200 and tc_members[0].email in page.content.decode()
    else:
        assert page.status_code == 403
        assert tc_members[0].email not in page.content.decode()  # no TC member's address


def test_r_acl_3_the_new_round_form_sends_the_signed_out_to_sign_in(client) -> None:
    assert client.get(reverse("web:round_create")).status_code == 302


def test_r_acl_1_the_rfp_of_a_published_round_is_read_by_every_role(
    client,
    personas,
    mhi,
    tc_members,
) -> None:
    round_ = round_with_rfp(mhi, tc_members, publish=True)
    rfp = round_.rfp_documents.get()
    download = reverse("web:document_download", args=[rfp.pk])
    for role in EVERY_ROLE:
        page = get(client, personas[role], reverse("web:round", args=[round_.pk]))
        assert f'href="{download}"' in page.content.decode(), role
        assert get(client, personas[role], download).status_code == 200, role


def test_r_acl_3_a_draft_rfp_is_read_by_mhi_and_the_tc_only(
    client,
    personas,
    mhi,
    tc_members,
) -> None:
    round_ = round_with_rfp(mhi, tc_members, publish=False)
    download = reverse("web:document_download", args=[round_.rfp_documents.get().pk])
    assert get(client, tc_members[0], download).status_code == 200
    assert get(client, mhi, download).status_code == 200
    for role in ("applicant", "pma", "smc", "ie"):
        assert get(client, personas[role], download).status_code == 404, role


def test_r_acl_3_only_the_callers_own_documents_become_rfp_documents(
    api_for,
    mhi,
    applicant,
    tc_members,
) -> None:
    private = pdf(applicant, DocumentKind.DPR, "private.pdf")
    response = api_for(mhi).post(
        "/api/v1/rounds/",
        {
            "reference": "MHI/REPM/RFP/2026/09",
            "title": "Round",
            "submission_deadline": (timezone.now() + timedelta(days=30)).isoformat(),
            "opening_quorum": 1,
            "tc_members": [tc_members[0].pk],
            "rfp_documents": [private.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "only documents you uploaded" in response.content.decode()
    assert not TenderRound.objects.filter(reference="MHI/REPM/RFP/2026/09").exists()


def test_r_acl_3_the_tc_the_pma_and_mhi_read_the_dprs_they_evaluate(
    client, personas, open_round, make_applicant
) -> None:
    bidder = make_applicant("Bharat Magnets")
    submitted = bid(open_round, bidder, 1000, "1150.00")
    download = reverse("web:document_download", args=[submitted.dpr_id])
    for user in (open_round.seats.first().member, personas["pma"], personas["mhi"]):
        page = get(client, user, reverse("web:bid", args=[submitted.pk]))
        assert f'href="{download}"' in page.content.decode()
        assert get(client, user, download).status_code == 200
    for role in ("applicant", "smc", "ie"):  # another applicant, the SMC, an IE
        assert get(client, personas[role], download).status_code == 404, role


def test_r_acl_1_an_applicants_round_page_links_only_its_own_beneficiary(
    client, applicant, rival, mhi
) -> None:
    mine = awarded(applicant, capacity=600, loa_date=date(2026, 2, 1), mhi=mhi)
    theirs = awarded(rival, capacity=600, loa_date=date(2026, 2, 1), mhi=mhi, rank=2)
    theirs.round = mine.round
    theirs.save(update_fields=["round"])
    page = get(client, applicant, reverse("web:round", args=[mine.round_id])).content.decode()
    assert reverse("web:beneficiary", args=[mine.pk]) in page
    assert reverse("web:beneficiary", args=[theirs.pk]) not in page
    assert rival.organisation in page  # the selection itself is public
    page = get(client, mhi, reverse("web:round", args=[mine.round_id])).content.decode()
    assert reverse("web:beneficiary", args=[theirs.pk]) in page


def test_r_acl_3_the_smc_sees_a_beneficiary_without_links_to_its_letters(
    client, applicant, smc_member, mhi
) -> None:
    b = awarded(applicant, capacity=600, loa_date=date(2026, 2, 1), mhi=mhi)
    letter = pdf(applicant, DocumentKind.CORRESPONDENCE, "loa.pdf")
    type(b).objects.filter(pk=b.pk).update(loa_document=letter)
    download = reverse("web:document_download", args=[letter.pk])
    page = get(client, smc_member, reverse("web:beneficiary", args=[b.pk])).content.decode()
    assert "Letter of Award" in page and download not in page
    assert get(client, smc_member, download).status_code == 404
    page = get(client, applicant, reverse("web:beneficiary", args=[b.pk])).content.decode()
    assert download in page
    assert Decimal(b.allocated_capacity_mtpa) == Decimal(600)


def test_r_acl_1_only_an_applicant_opens_the_bid_form(client, personas, open_round) -> None:
    url = reverse("web:bid_submit", args=[open_round.pk])
    for role in EVERY_ROLE:
        expected = 200 if role in ("applicant", "rival") else 403
        assert get(client, personas[role], url).status_code == expected, role
