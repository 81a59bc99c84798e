"""Claim pages: file through the form, the progress fragment, examination steps, rival 404."""

from datetime import date

import pytest
from django.urls import reverse

from bidding.tests.fixtures import awarded, pdf
from incentives import processing, services
from incentives.models import ClaimStatus, SLIClaim
from incentives.tests.fixtures import (
    GSTIN,
    capital_claim_file,
    certificate,
    invest,
    register_file,
)
from milestones.models import InvestmentReport
from milestones.tests.fixtures import commission_all

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
    # one unit in the table: the Table 4 cap of ₹75 cr in rupees like the sums beside it
    assert "₹53,40,00,000.00" in ledger and "₹75,00,00,000.00" in ledger
    assert " cr<" not in ledger
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
    page = client.get(reverse("web:ledgers"))  # the ledger is MHI's, not PMA's: refused
    assert page.status_code == 403 and b.user.organisation not in page.content.decode()


def test_the_examiners_read_the_evidence_and_an_ie_once_assigned(
    client, b, pma, mhi, ie, rival
) -> None:
    from incentives import examination
    from repm_portal.documents.models import DocumentKind

    auditor = pdf(b.user, DocumentKind.CERTIFICATE, "statutory-auditor.pdf")
    claim = services.sli_claim_file(
        actor=b.user,
        beneficiary=b,
        period="FY2027-28-H1",
        declaration=True,
        register_document=register_file(b.user, [f"BM/1,2027-04-02,{GSTIN},111111111111,1,1,0"]),
        evidence=[auditor],
    )
    claim = processing.register_process(claim_id=claim.pk)
    urls = [reverse("web:document_download", args=[d.pk]) for d in claim.evidence()]
    assert len(urls) == 2

    def status_for(user) -> set[int]:
        client.force_login(user)
        return {client.get(url).status_code for url in urls}

    assert status_for(pma) == status_for(mhi) == status_for(b.user) == {200}
    assert status_for(ie) == status_for(rival) == {404}  # not assigned, not theirs
    client.force_login(pma)
    page = client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    assert all(url in page for url in urls)  # listed on the claim for the examiner
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_assign_ie(actor=pma, claim=claim, ie=ie)
    assert status_for(ie) == {200}


def test_the_capital_claims_certificates_open_for_its_examiners(client, b, pma, ie, rival) -> None:
    from incentives import examination

    invest(b)
    commission_all(b)
    claim = capital_claim_file(b)
    documents = claim.evidence()
    # the auditor's, the Department of Industries', the Chartered Engineer's and the CA's
    assert documents[-1] == InvestmentReport.objects.get(beneficiary=b).ca_certificate
    assert len(documents) == 4

    def opened_by(user) -> list[int]:
        client.force_login(user)
        return [
            client.get(reverse("web:document_download", args=[d.pk])).status_code for d in documents
        ]

    assert opened_by(pma) == [200] * 4 and opened_by(rival) == [404] * 4
    assert opened_by(ie) == [404] * 4
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_assign_ie(actor=pma, claim=claim, ie=ie)
    assert opened_by(ie) == [200] * 4  # once assigned, the Engineer reads what it verifies
