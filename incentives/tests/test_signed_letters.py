"""Issue 14.3/14.4: a sanction order is signed (PAdES) with the signing officer's key, validates
against the demo CA with pyHanko's validator, fails when one byte changes, shows the signatory
and the amount in words, and ``/verify/`` answers for it by reference and by file."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from bidding.letters import beneficiary_draft, beneficiary_letter_store
from bidding.tests.fixtures import awarded
from repm_portal.documents import letters, signing
from repm_portal.documents.letters import letters_issue
from repm_portal.documents.models import IssuedLetter

pytestmark = pytest.mark.django_db

# ₹12,34,56,789.50 sanctioned: the words worked by hand, crore / lakh / thousand / hundreds.
SANCTIONED = Decimal("123456789.50")
IN_WORDS = (
    "Rupees twelve crore thirty-four lakh fifty-six thousand seven hundred eighty-nine "
    "and fifty paise only"
)


def claim_as_sanctioned() -> SimpleNamespace:
    """The figures a sanction order states (as ``claim_sanction`` hands them to the template)."""
    return SimpleNamespace(
        pk=41,
        period_start=date(2028, 4, 1),
        period_end=date(2028, 6, 30),
        ie=None,
        parameter_version_id=1,
        eligible_quantity_kg=Decimal("82304.526"),
        gross=Decimal("123456789.00"),
        net_turnover=Decimal("617283947.50"),
        turnover_cap=SANCTIONED,
        tenure_remaining=Decimal("1000000000.00"),
        sanctioned_amount=SANCTIONED,
    )


def issue_order(b) -> IssuedLetter:
    claim = claim_as_sanctioned()
    document = letters_issue(
        prepare=lambda: [
            beneficiary_draft(
                beneficiary=b,
                template="incentives/sanction_order.html",
                context={"claim": claim},
                subject=f"incentives.claim:{claim.pk}:sanction-order",
            )
        ],
        commit=lambda drafts: beneficiary_letter_store(
            beneficiary=b, draft=drafts[0], title="Sanction order"
        ),
    )
    return IssuedLetter.objects.get(document=document)


@pytest.fixture
def order(applicant, mhi) -> tuple[IssuedLetter, bytes]:
    b = awarded(applicant, loa_date=date(2027, 2, 1), mhi=mhi)
    letter = issue_order(b)
    with letter.document.file.open("rb") as f:
        return letter, f.read()


def validate(pdf: bytes):
    """pyHanko's verdict on the file's one signature, trusting only the demo CA."""
    root = load_cert_from_pemder(str(signing.demo_ca_path()))
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    (signature,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[root], allow_fetching=False)
    return validate_pdf_signature(signature, context)


def test_14_3_a_sanction_order_validates_against_the_demo_ca(order) -> None:
    letter, pdf = order
    status = validate(pdf)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert status.coverage.name == "ENTIRE_FILE"  # nothing added after the signature
    assert status.signing_cert.subject.native["common_name"] == signing.DEMO_SIGNATORY
    assert letter.sha256 == letter.document.sha256
    assert (letter.title, letter.signatory_name) == ("Sanction order", "Demo Signing Officer")


def test_r_gov_4_verify_states_the_issue_time_the_letter_prints(applicant, mhi) -> None:
    b = awarded(applicant, loa_date=date(2027, 2, 1), mhi=mhi)
    printed = []
    real = letters.pdf_render

    def render(template: str, context: dict) -> bytes:
        printed.append(context["issued_at"])
        return real(template, context)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(letters, "pdf_render", render)
        letter = issue_order(b)
    assert letter.issued_at == printed[-1]


def test_14_3_one_byte_changed_fails_validation(order) -> None:
    _letter, pdf = order
    at = pdf.index(b"stream") + 40  # inside the first page content, well within the signed range
    tampered = pdf[:at] + bytes([pdf[at] ^ 0x01]) + pdf[at + 1 :]
    assert len(tampered) == len(pdf) and tampered != pdf
    status = validate(tampered)
    assert not status.intact  # the digest over the signed byte range no longer matches
    assert not status.bottom_line
    assert validate(pdf).bottom_line  # the untouched bytes still do


@pytest.mark.parametrize("issuer_language", ["en", "hi"])
def test_14_3_the_order_shows_the_signatory_reference_and_amount_in_words(
    order, applicant, issuer_language
) -> None:
    """The order is an English letter: its amount in words stays English even when the officer
    issuing it reads the portal in Hindi."""
    from django.utils import translation

    letter, _pdf = order
    with translation.override(issuer_language):
        html = _render_order(letter, applicant)
    assert "₹12,34,56,789.50" in html
    assert IN_WORDS in html
    assert "Demo Signing Officer" in html
    assert "Under Secretary to the Government of India" in html
    assert letter.reference in html


def _render_order(letter, applicant) -> str:
    return render_to_string(
        "incentives/sanction_order.html",
        {
            "b": applicant.beneficiaries.get(),
            "claim": claim_as_sanctioned(),
            "issued_at": letter.issued_at,
            "letter": {
                "reference": letter.reference,
                "signatory": letter.signatory_name,
                "designation": letter.signatory_designation,
                "verify_url": "https://repm.example/verify/?reference=" + letter.reference,
            },
        },
    )


def test_14_4_verify_answers_for_the_order_by_reference_and_by_file(
    client, order, applicant
) -> None:
    letter, pdf = order
    page = client.get(reverse("web:verify"), {"reference": letter.reference.lower()})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Issued by the portal and in force." in text
    assert "Sanction order" in text and applicant.organisation in text
    assert "12,34,56,789" not in text  # no more than the letter's heading: never its figures
    assert applicant.email not in text

    upload = client.post(
        reverse("web:verify"), {"file": SimpleUploadedFile("order.pdf", pdf, "application/pdf")}
    )
    assert upload.status_code == 200
    assert "Issued by the portal and in force." in upload.content.decode()
    assert letter.reference in upload.content.decode()

    api = client.get(reverse("api:verify", args=[letter.reference]))
    assert api.status_code == 200
    body = api.json()
    assert body["status"] == "valid" and body["reference"] == letter.reference
    assert body["title"] == "Sanction order" and body["addressee"] == applicant.organisation
    assert body["sha256"] == letter.sha256

    by_file = client.post(
        reverse("api:verify-file"),
        {"file": SimpleUploadedFile("order.pdf", pdf)},
        format="multipart",
    )
    assert by_file.status_code == 200 and by_file.json()["reference"] == letter.reference


def test_14_4_the_order_changed_by_one_byte_is_not_issued_by_the_portal(client, order) -> None:
    _letter, pdf = order
    tampered = pdf[:-20] + bytes([pdf[-20] ^ 0x01]) + pdf[-19:]
    answer = client.post(
        reverse("api:verify-file"), {"file": SimpleUploadedFile("order.pdf", tampered)}
    )
    assert answer.status_code == 200
    assert answer.json()["status"] == "not_issued" and answer.json()["reference"] == ""


def test_14_4_a_second_order_on_the_same_subject_supersedes_the_first(
    client, applicant, mhi
) -> None:
    b = awarded(applicant, loa_date=date(2027, 2, 1), mhi=mhi)
    first, second = issue_order(b), issue_order(b)
    answer = client.get(reverse("api:verify", args=[first.reference])).json()
    assert answer["status"] == "superseded"
    assert answer["superseded_by"] == second.reference
    assert client.get(reverse("api:verify", args=[second.reference])).json()["status"] == "valid"
