"""Tender pages: a rival's 404s, the sealed amount never written back, PBG reminders."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bidding import services
from bidding.models import Beneficiary
from bidding.tests.fixtures import PASSPHRASES, bid, pass_deadline, pdf
from repm_portal.documents.models import DocumentKind
from repm_portal.money import crore

pytestmark = pytest.mark.django_db


def test_a_rival_gets_404_for_anothers_bid_page_and_documents(
    client, open_round, make_applicant
) -> None:
    mine = bid(open_round, make_applicant("Bharat Magnetics"), 1200, "1200.00")
    client.force_login(make_applicant("Deccan Rare Earth"))
    for url in (
        reverse("web:bid", args=[mine.pk]),
        reverse("web:document_download", args=[mine.dpr_id]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("web:bid_withdraw", args=[mine.pk])).status_code == 404


def test_a_refused_quote_is_not_written_back_into_the_page(
    client, open_round, make_applicant
) -> None:
    applicant = make_applicant("Bharat Magnetics")
    client.force_login(applicant)
    response = client.post(
        reverse("web:bid_submit", args=[open_round.pk]),
        {"capacity_mtpa": "1200", "dpr": pdf(applicant).pk, "amount": "2150.01"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "at most ₹2,150.00 per kg" in page
    assert "2150.01" not in page


def test_pages_of_every_step_render_for_the_roles(
    client, open_round, make_applicant, tc_members, mhi
) -> None:
    applicant = make_applicant("Bharat Magnetics")
    b = bid(open_round, applicant, 1200, "1200.00")
    pass_deadline(open_round)
    services.round_close(actor=mhi, round_=open_round)
    services.bid_evaluate(actor=tc_members[0], bid=b, qualified=True, reasons="ok")
    services.round_open(
        actor=tc_members[0],
        round_=open_round,
        presented=[(tc_members[i], PASSPHRASES[i]) for i in (0, 1)],
    )
    services.round_rank(actor=tc_members[0], round_=open_round)
    services.lois_issue(actor=mhi, round_=open_round)
    beneficiary = Beneficiary.objects.get()
    services.pbg_submit(
        actor=applicant,
        beneficiary=beneficiary,
        bank="SBI, Mumbai",
        number="PBG-1",
        amount=crore(40),
        issued_on=date(2026, 11, 1),
        valid_until=timezone.localdate() + timedelta(days=20),
        document=pdf(applicant, DocumentKind.CERTIFICATE, "pbg.pdf"),
    )
    for user in (applicant, tc_members[0], mhi):
        client.force_login(user)
        for url in (
            "/",
            reverse("web:rounds"),
            reverse("web:round", args=[open_round.pk]),
            reverse("web:bid", args=[b.pk]),
            reverse("web:beneficiary", args=[beneficiary.pk]),
            f"{reverse('web:receipt')}?receipt={b.receipt}",
        ):
            response = client.get(url)
            assert response.status_code == 200, (user.email, url)
        home = client.get("/").content.decode()
        if user != tc_members[0]:
            assert "Guarantee PBG-1 expires on" in home  # within the 90-day reminder window
    receipt = client.get(f"{reverse('web:receipt')}?receipt={b.receipt}").content.decode()
    assert "The receipt matches the opened amount." in receipt
    assert Decimal("1200.00") == Beneficiary.objects.get().quoted_rate


def test_r_bid_7_no_page_or_export_shows_an_amount_before_the_opening(
    client, personas, open_round, make_applicant, tc_members
) -> None:
    secret = "1987.65"
    applicant = make_applicant("Bharat Magnetics")
    b = bid(open_round, applicant, 1200, secret)
    pass_deadline(open_round)
    services.round_close(actor=tc_members[0], round_=open_round)
    services.bid_evaluate(actor=tc_members[0], bid=b, qualified=True, reasons="ok")
    forms = (secret, "1,987.65", "1987.6")
    urls = [
        "/",
        reverse("web:rounds"),
        f"{reverse('web:rounds')}?format=csv",
        reverse("web:round", args=[open_round.pk]),
        reverse("web:bid", args=[b.pk]),
        reverse("web:audit"),
        f"{reverse('web:audit')}?format=csv",
        reverse("web:notifications"),
        f"{reverse('web:receipt')}?receipt={b.receipt}",
        f"/api/v1/open-data/rounds/{open_round.pk}/",
    ]
    for user in [
        applicant,
        tc_members[0],
        personas["mhi"],
        personas["pma"],
        personas["admin"],
        personas["smc"],
    ]:
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert not any(f in body.decode() for f in forms), (user.email, url)
