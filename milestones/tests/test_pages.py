"""Milestone and case pages: each role's view, a rival's 404s, the flow through the forms."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from bidding.tests.fixtures import awarded, pdf
from milestones import services
from milestones.models import PenaltyCase
from repm_portal.documents.models import DocumentKind
from repm_portal.periods import today_ist

pytestmark = pytest.mark.django_db


@pytest.fixture
def b(applicant, mhi):
    beneficiary = awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    services.milestones_start(beneficiary=beneficiary)
    return beneficiary


def test_pages_render_for_the_roles_and_a_rival_gets_404(client, b, personas) -> None:
    services.daily_checks(today=date(2028, 2, 2))
    case = PenaltyCase.objects.get()
    urls = [
        reverse("web:milestones", args=[b.pk]),
        reverse("web:cases"),
        reverse("web:case", args=[case.pk]),
    ]
    for role in ("applicant", "mhi", "pma", "tc", "smc", "admin"):
        client.force_login(personas[role])
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
    client.force_login(personas["rival"])
    for url in urls[:1] + urls[2:]:
        assert client.get(url).status_code == 404, url
    client.force_login(personas["mhi"])
    home = client.get("/").content.decode()
    assert f"Penalty case {case.pk}" in home and "Issue the show-cause notice" in home


def test_the_beneficiary_reports_investment_on_the_page(client, b) -> None:
    user = b.user
    ca = pdf(user, DocumentKind.CERTIFICATE, "ca.pdf")
    client.force_login(user)
    url = reverse("web:milestones", args=[b.pk])
    form = {
        "form": "investment",
        "report-as_of": "2027-12-31",
        "report-ca_certificate": ca.pk,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-head": "plant",
        "lines-0-description": "Strip caster",
        "lines-0-vendor": "ULVAC",
        "lines-0-invoice_number": "U-9",
        "lines-0-invoice_date": "2027-04-20",
        "lines-0-amount": "1500000000.00",
        "lines-0-non_creditable_taxes": "0",
        "lines-0-claimed_eligible": "on",
    }
    response = client.post(url, form)
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Achieved (20 Apr 2027)" in page  # ₹150 cr exactly: M1 met on the invoice date
    early = {**form, "lines-0-invoice_number": "U-10", "lines-0-invoice_date": "2025-01-10"}
    refused = client.post(url, early).content.decode()
    assert "R-CAP-1: made before 01 Apr 2025" in refused


def test_mhi_keeps_the_mclr_table(client, mhi, applicant) -> None:
    client.force_login(mhi)
    response = client.post(
        reverse("web:mclr"),
        {"effective_from": "2027-04-15", "rate_pct": "8.75", "source": "SBI notice"},
    )
    assert response.status_code == 302
    assert "8.75 %" in client.get(reverse("web:mclr")).content.decode()
    client.force_login(applicant)
    assert client.get(reverse("web:mclr")).status_code == 403


def test_case_steps_through_the_page(client, b, mhi) -> None:
    services.daily_checks(today=date(2028, 2, 2))
    case = PenaltyCase.objects.get()
    url = reverse("web:case", args=[case.pk])
    client.force_login(mhi)
    reply_by = (today_ist() + timedelta(days=20)).isoformat()
    assert client.post(url, {"form": "notice", "reply_by": reply_by}).status_code == 302
    client.force_login(b.user)
    assert client.post(url, {"form": "reply", "reply": "Supplier delays."}).status_code == 302
    client.force_login(mhi)
    assert (
        client.post(
            url, {"form": "hearing", "hearing_on": "2028-03-01", "notes": "Heard."}
        ).status_code
        == 302
    )
    bad = client.post(url, {"form": "decision", "decisions": ["close", "forfeit"], "reasons": "x"})
    assert "Closing the case excludes every penalty." in bad.content.decode()
    assert (
        client.post(
            url,
            {"form": "decision", "decisions": ["close"], "reasons": "Delay beyond its control."},
        ).status_code
        == 302
    )
    case.refresh_from_db()
    assert case.status == "decided" and case.decisions == ["close"]
