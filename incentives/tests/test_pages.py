"""Claim pages: file through the form, the progress fragment, examination steps, rival 404."""

from datetime import date

import pytest
from django.urls import reverse

from bidding.tests.fixtures import awarded
from incentives import processing, services
from incentives.models import ClaimStatus, SLIClaim
from incentives.tests.test_services import GSTIN, register_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def b(applicant, mhi):
    return awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)


def test_file_watch_and_examine_through_the_pages(
    client, b, pma, rival, django_capture_on_commit_callbacks
) -> None:
    client.force_login(b.user)
    register = register_file(b.user, [f"BM/1,2027-04-02,{GSTIN},111111111111,10,1000.00,0"])
    with django_capture_on_commit_callbacks(execute=True):  # the Celery task, run eagerly
        response = client.post(
            reverse("web:claim_file", args=[b.pk]),
            {"period": "FY2027-28-H1", "register_document": register.pk, "declaration": "on"},
        )
    claim = SLIClaim.objects.get()
    assert response["Location"] == reverse("web:claim", args=[claim.pk])
    # While it runs, the page polls a fragment showing the rows checked so far.
    if claim.status == ClaimStatus.PROCESSING:  # service mode: the task went to Redis
        polling = client.get(reverse("web:claim", args=[claim.pk]), HTTP_HX_REQUEST="true")
        assert 'hx-trigger="every 1s"' in polling.content.decode()
        processing.register_process(claim_id=claim.pk)  # what the worker does
    fragment = client.get(reverse("web:claim", args=[claim.pk]), HTTP_HX_REQUEST="true")
    assert "Register checked: 1 rows, 0 rejected." in fragment.content.decode()
    assert "<html" not in fragment.content.decode()  # only the fragment, for HTMX
    page = client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    assert "₹400.00" in page  # 40 % of ₹1,000 turnover binds
    client.force_login(pma)
    assert (
        "Start the examination"
        in client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    )
    client.post(reverse("web:claim_step", args=[claim.pk, "examine"]))
    client.post(
        reverse("web:claim_step", args=[claim.pk, "clarify"]),
        {"text": "Share the GST reconciliation."},
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLARIFICATION
    client.force_login(rival)
    assert client.get(reverse("web:claim", args=[claim.pk])).status_code == 404
    assert (
        client.post(reverse("web:claim_step", args=[claim.pk, "answer"]), {"text": "x"}).status_code
        == 404
    )


def test_a_claim_without_the_declaration_is_refused_on_the_form(client, b) -> None:
    client.force_login(b.user)
    register = register_file(b.user, [])
    response = client.post(
        reverse("web:claim_file", args=[b.pk]),
        {"period": "FY2027-28-H1", "register_document": register.pk},
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not SLIClaim.objects.exists()
    client.post(
        reverse("web:claim_file", args=[b.pk]),
        {"period": "2027", "register_document": register.pk, "declaration": "on"},
    )
    assert not SLIClaim.objects.exists()


def test_lists_render_for_each_role(client, personas, b) -> None:
    services.sli_claim_file(
        actor=b.user,
        beneficiary=b,
        period="FY2027-28-H1",
        declaration=True,
        register_document=register_file(b.user, []),
    )
    for role in ("applicant", "pma", "mhi", "ie", "admin"):
        client.force_login(personas[role])
        assert client.get(reverse("web:claims")).status_code == 200
        assert client.get(f"{reverse('web:claims')}?format=csv").status_code == 200


def test_capital_subsidy_filed_examined_by_an_ie_through_the_pages(
    client, b, pma, ie, mhi, rival
) -> None:
    from incentives.models import CapitalSubsidyClaim
    from incentives.tests.test_capital import certificate, invest
    from incentives.tests.test_services import commission_all

    invest(b)
    client.force_login(b.user)
    page = client.get(reverse("web:capital_claim_file", args=[b.pk])).content.decode()
    assert "is not commissioned yet" in page and "₹53,40,00,000.00" in page  # the preview
    assert "R-CAP-2: land and buildings are not an eligible head" in page  # line by line
    commission_all(b)
    auditor = certificate(b)
    response = client.post(
        reverse("web:capital_claim_file", args=[b.pk]), {"auditor_certificate": auditor.pk}
    )
    assert "This field is required." in response.content.decode()  # the confirmation
    response = client.post(
        reverse("web:capital_claim_file", args=[b.pk]),
        {"auditor_certificate": auditor.pk, "confirm": "on"},
    )
    claim = CapitalSubsidyClaim.objects.get()
    assert response["Location"] == reverse("web:capital_claim", args=[claim.pk])
    again = client.post(
        reverse("web:capital_claim_file", args=[b.pk]),
        {"auditor_certificate": auditor.pk, "confirm": "on"},
    )
    assert "claimed once" in again.content.decode()  # R-CAP-5, on the form, no 500
    step = reverse("web:capital_claim_step", args=[claim.pk, "examine"])
    client.force_login(pma)
    client.post(step)
    client.post(reverse("web:capital_claim_step", args=[claim.pk, "assign_ie"]), {"ie": ie.pk})
    client.force_login(ie)
    page = client.get(reverse("web:capital_claim", args=[claim.pk])).content.decode()
    assert "Record the verification" in page
    client.post(
        reverse("web:capital_claim_step", args=[claim.pk, "verify"]), {"text": "Seen on site."}
    )
    client.force_login(pma)
    client.post(reverse("web:capital_claim_step", args=[claim.pk, "recommend"]))
    client.force_login(mhi)
    response = client.post(reverse("web:capital_claim_step", args=[claim.pk, "sanction"]))
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SANCTIONED and claim.ie_id == ie.pk
    page = client.get(reverse("web:capital_claim", args=[claim.pk])).content.decode()
    assert "sanction order (PDF)" in page and "Verified" not in page
    response = client.post(
        reverse("web:capital_claim_step", args=[claim.pk, "disburse"]),
        {"payment_reference": "PFMS/9"},
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SANCTIONED  # no date: refused with a message, not a 500
    ledger = client.get(reverse("web:ledger", args=[b.pk])).content.decode()
    assert "₹53,40,00,000.00" in ledger and "₹ 75.00 cr" in ledger
    client.force_login(rival)
    assert client.get(reverse("web:ledger", args=[b.pk])).status_code == 404
    assert client.get(reverse("web:capital_claim", args=[claim.pk])).status_code == 404


def test_ledgers_and_claims_export_for_mhi(client, b, mhi, pma) -> None:
    services.sli_claim_file(
        actor=b.user,
        beneficiary=b,
        period="FY2027-28-H1",
        declaration=True,
        register_document=register_file(b.user, []),
    )
    client.force_login(mhi)
    for url in (reverse("web:ledgers"), reverse("web:claims")):
        assert client.get(url).status_code == 200
        xlsx = client.get(f"{url}?format=xlsx")
        assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    listing = client.get(f"{reverse('web:claims')}?kind=capital").content.decode()
    assert "No claims match." in listing
    client.force_login(pma)
    page = client.get(reverse("web:ledgers")).content.decode()  # the ledger is MHI's, not PMA's
    assert "No beneficiaries yet." in page and b.user.organisation not in page
