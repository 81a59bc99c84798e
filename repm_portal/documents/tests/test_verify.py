"""Issue 14.3/14.4 in the kernel: every stored letter is signed and registered, ``/verify/``
answers by reference or file without revealing more than the letter, MHI alone revokes, and
the public check is rate-limited."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from rest_framework.throttling import ScopedRateThrottle

from repm_portal.audit.models import AuditEvent
from repm_portal.documents import letters, signing
from repm_portal.documents.letters import (
    Draft,
    letter_store,
    letters_issue,
    reference_new,
    reference_normalise,
)
from repm_portal.documents.models import IssuedLetter
from repm_portal.documents.tests.fixtures import tiny_pdf
from repm_portal.documents.verification import letter_by_reference

pytestmark = pytest.mark.django_db


def store(owner, title: str = "Notice", *, subject: str = "", addressee: str = "") -> IssuedLetter:
    document = letter_store(
        owner=owner,
        pdf=tiny_pdf(f"{title} {reference_new()}"),
        filename="notice.pdf",
        title=title,
        subject=subject,
        addressee=addressee,
    )
    return IssuedLetter.objects.get(document=document)


def stored_bytes(letter: IssuedLetter) -> bytes:
    with letter.document.file.open("rb") as f:
        return f.read()


def test_14_4_references_are_readable_and_typing_slips_are_forgiven() -> None:
    reference = reference_new()
    assert len(reference) == 14 and reference[4] == reference[9] == "-"
    assert reference_normalise(reference.lower().replace("-", " ")) == reference
    assert reference_normalise("7kq2 m9xd 4tzo") == "7KQ2-M9XD-4TZ0"  # O read as zero
    assert reference_normalise("7KQ2-M9XD-4TZ") == ""  # one character short
    assert reference_normalise("7KQ2-M9XD-4TZU") == ""  # U is not in the alphabet


def test_14_3_a_letter_stored_without_letters_issue_is_still_signed_and_registered(
    applicant,
) -> None:
    letter = store(applicant, addressee="Bharat Magnetics Ltd")
    pdf = stored_bytes(letter)
    (signature,) = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
    assert signature.field_name == signing.FIELD_NAME
    # R-GOV-1: an untagged widget inside the page would break PDF/UA-1; it lies outside it
    assert b"/Rect [ -9999 -9999 -9999 -9999 ]" in pdf
    assert letter.sha256 == letter.document.sha256
    assert letter.addressee == "Bharat Magnetics Ltd"
    assert AuditEvent.objects.filter(action="letter.issued", object_id=str(letter.pk)).exists()


def test_14_3_letters_are_signed_outside_the_transaction_that_stores_them(
    applicant, monkeypatch
) -> None:
    depth: dict[str, int] = {}
    real_sign = signing.pdf_sign

    def sign(pdf: bytes, *, reference: str) -> bytes:
        depth.setdefault("sign", len(connection.atomic_blocks))
        return real_sign(pdf, reference=reference)

    def commit(drafts: list[Draft]):
        depth["commit"] = len(connection.atomic_blocks)
        return letter_store(
            owner=applicant,
            pdf=drafts[0].pdf,
            filename="n.pdf",
            title="Notice",
            reference=drafts[0].reference,
        )

    monkeypatch.setattr(letters, "pdf_render", lambda template, context: tiny_pdf(str(context)))
    monkeypatch.setattr(signing, "pdf_sign", sign)
    document = letters_issue(
        prepare=lambda: [Draft(template="t.html", context={"n": 1})], commit=commit
    )
    # Signed once, one transaction level above the one that stores it (pytest-django's own
    # test transaction is the level below both).
    assert depth["sign"] == depth["commit"] - 1
    assert IssuedLetter.objects.get(document=document).reference


def test_14_4_an_unknown_file_is_not_issued_by_the_portal(client, api_for) -> None:
    page = client.post(reverse("web:verify"), {"file": SimpleUploadedFile("x.pdf", tiny_pdf())})
    assert page.status_code == 200
    assert "Not issued by the portal" in page.content.decode()
    answer = api_for(None).post(
        reverse("api:verify-file"),
        {"file": SimpleUploadedFile("x.pdf", tiny_pdf())},
        format="multipart",
    )
    assert answer.status_code == 200
    assert answer.json()["status"] == "not_issued" and answer.json()["issued"] is False
    unknown = api_for(None).get(reverse("api:verify", args=["7KQ2-M9XD-4TZ8"]))
    assert unknown.status_code == 200 and unknown.json()["status"] == "not_issued"


def test_14_4_a_malformed_reference_is_explained_not_a_500(client, api_for) -> None:
    page = client.get(reverse("web:verify"), {"reference": "hello"})
    assert page.status_code == 200
    assert "A reference has 12 letters and digits" in page.content.decode()
    answer = api_for(None).get(reverse("api:verify", args=["hello"]))
    assert answer.status_code == 404  # the address names no letter (as the schema documents)
    assert "a reference has 12 letters and digits" in answer.json()["error"]["message"]
    no_file = api_for(None).post(reverse("api:verify-file"), {}, format="multipart")
    assert no_file.status_code == 400 and "file" in no_file.json()["error"]["fields"]


def test_14_4_the_verdict_shows_only_what_the_letter_shows(client, applicant) -> None:
    letter = store(applicant, "Show-cause notice", addressee=applicant.organisation)
    text = client.get(reverse("web:verify"), {"reference": letter.reference}).content.decode()
    assert "Show-cause notice" in text and applicant.organisation in text
    assert applicant.email not in text and applicant.full_name not in text
    assert letter.subject == "" and "revoke" not in text.lower()  # no revoke form for the public


def test_14_4_a_later_letter_on_the_same_subject_supersedes_the_earlier(applicant) -> None:
    first = store(applicant, "Refund demand", subject="penalty-case:3:refund-demand")
    other = store(applicant, "Refund demand", subject="penalty-case:4:refund-demand")
    second = store(applicant, "Refund demand", subject="penalty-case:3:refund-demand")
    verdict = letter_by_reference(first.reference)
    assert verdict.status == "superseded" and verdict.superseded_by == second.reference
    assert letter_by_reference(other.reference).status == "valid"  # another case's demand
    assert letter_by_reference(second.reference).status == "valid"
    assert (
        AuditEvent.objects.filter(action="letter.superseded", object_id=str(first.pk)).count() == 1
    )


@pytest.mark.parametrize("who", ["applicant", "rival", "pma", "tc", "smc", "ie"])
def test_14_4_only_mhi_revokes_a_letter(who, personas, api_for, applicant) -> None:
    letter = store(applicant)
    answer = api_for(personas[who]).post(
        reverse("api:letter-revoke", args=[letter.reference]), {"reason": "Issued in error."}
    )
    assert answer.status_code == 403
    assert letter_by_reference(letter.reference).status == "valid"


def test_14_4_an_outsider_cannot_revoke(api_for, client, applicant) -> None:
    letter = store(applicant)
    answer = api_for(None).post(
        reverse("api:letter-revoke", args=[letter.reference]), {"reason": "x"}
    )
    assert answer.status_code == 401
    page = client.post(reverse("web:letter_revoke", args=[letter.reference]), {"reason": "x"})
    assert page.status_code == 302 and "sign-in" in page["Location"]
    assert letter_by_reference(letter.reference).status == "valid"


def test_14_4_mhi_revokes_once_with_a_reason_and_verify_says_so(
    api_for, client, applicant, mhi, pma
) -> None:
    letter = store(applicant)
    api = api_for(mhi)
    url = reverse("api:letter-revoke", args=[letter.reference])
    assert api.post(url, {"reason": " "}).status_code == 400
    answer = api.post(url, {"reason": "Issued to the wrong addressee."})
    assert answer.status_code == 200 and answer.json()["status"] == "revoked"
    assert api.post(url, {"reason": "Again."}).status_code == 409
    unknown = api.post(reverse("api:letter-revoke", args=["7KQ2-M9XD-4TZ8"]), {"reason": "x"})
    assert unknown.status_code == 404
    event = AuditEvent.objects.get(action="letter.revoked")
    assert event.after["reason"] == "Issued to the wrong addressee."
    text = client.get(reverse("web:verify"), {"reference": letter.reference}).content.decode()
    assert "then revoked" in text
    assert "wrong addressee" not in text  # the reason stays in the audit trail

    client.force_login(pma)
    page = client.post(reverse("web:letter_revoke", args=[letter.reference]), {"reason": "x"})
    assert page.status_code == 403


def test_14_4_mhi_revokes_from_the_verify_page(client, applicant, mhi) -> None:
    letter = store(applicant)
    client.force_login(mhi)
    page = client.get(reverse("web:verify"), {"reference": letter.reference})
    assert reverse("web:letter_revoke", args=[letter.reference]) in page.content.decode()
    done = client.post(
        reverse("web:letter_revoke", args=[letter.reference]), {"reason": "Superseded by hand."}
    )
    assert done.status_code == 302
    assert letter_by_reference(letter.reference).status == "revoked"


def test_14_4_the_public_check_is_rate_limited(client, api_for, monkeypatch) -> None:
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"verify": "2/minute"})
    pages = [client.get(reverse("web:verify"), {"reference": "7KQ2-M9XD-4TZ8"}) for _ in range(3)]
    assert [p.status_code for p in pages] == [200, 200, 429]
    assert pages[-1]["Retry-After"]
    assert client.get(reverse("web:verify")).status_code == 200  # the empty form is not counted
    api = api_for(None)
    assert api.get(reverse("api:verify", args=["7KQ2-M9XD-4TZ8"])).status_code == 429


def test_14_4_the_verify_page_reads_in_constant_queries(
    client, applicant, django_assert_max_num_queries
) -> None:
    def check(reference: str) -> None:
        with django_assert_max_num_queries(3):
            assert client.get(reverse("web:verify"), {"reference": reference}).status_code == 200

    first = store(applicant, subject="s")
    check(first.reference)
    for _ in range(5):
        store(applicant, subject="s")
    check(first.reference)


def test_14_3_the_deploy_check_warns_while_the_demo_certificate_signs(settings, tmp_path) -> None:
    settings.LETTER_SIGNING_PKCS12 = ""
    assert [m.id for m in signing.check_signing_certificate()] == ["repm.W014"]
    settings.LETTER_SIGNING_PKCS12 = str(tmp_path / "missing.p12")
    assert [m.id for m in signing.check_signing_certificate()] == ["repm.E014"]
    signing.demo_certificate_ensure(tmp_path / "dsc")
    settings.LETTER_SIGNING_PKCS12 = str(tmp_path / "dsc" / signing.DEMO_P12)
    assert signing.check_signing_certificate() == []


def test_14_3_a_configured_pkcs12_with_its_passphrase_signs(settings, tmp_path, applicant) -> None:
    from cryptography.hazmat.primitives.serialization import (
        BestAvailableEncryption,
        Encoding,
        pkcs12,
    )

    directory = signing.demo_certificate_ensure(tmp_path / "dsc")
    key, cert, cas = pkcs12.load_key_and_certificates(
        (directory / signing.DEMO_P12).read_bytes(), None
    )
    protected = tmp_path / "officer.p12"
    protected.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"officer", key, cert, cas, BestAvailableEncryption(b"s3cret")
        )
    )
    settings.LETTER_SIGNING_PKCS12 = str(protected)
    settings.LETTER_SIGNING_PASSPHRASE = "s3cret"
    settings.LETTER_SIGNATORY_NAME = "Smt. A. Sharma"
    letter = store(applicant)
    assert letter.signatory_name == "Smt. A. Sharma"
    (signature,) = PdfFileReader(io.BytesIO(stored_bytes(letter)), strict=False).embedded_signatures
    assert signature.signer_cert.dump() == cert.public_bytes(Encoding.DER)


def test_14_4_a_letter_with_changes_appended_after_its_signature_is_reported_altered(
    api_for, client, applicant
) -> None:
    letter = store(applicant, addressee=applicant.organisation)
    pdf = stored_bytes(letter)
    # what a PDF editor does when it saves an annotation: an incremental update after %%EOF
    edited = pdf + b"\n5 0 obj\n<</Type/Annot/Subtype/Text/Contents(Paid)>>\nendobj\n%%EOF\n"
    answer = (
        api_for(None)
        .post(
            reverse("api:verify-file"),
            {"file": SimpleUploadedFile("edited.pdf", edited)},
            format="multipart",
        )
        .json()
    )
    assert answer["status"] == "altered" and answer["issued"] is False
    assert answer["reference"] == letter.reference
    assert answer["sha256"] != letter.sha256  # the digest of the file checked, not the letter's
    page = client.post(reverse("web:verify"), {"file": SimpleUploadedFile("e.pdf", edited)})
    assert "changes added after it was signed" in page.content.decode()
    # a byte changed inside the signed part is no longer the portal's letter at all
    inside = bytearray(pdf)
    inside[10] ^= 0x01
    assert (
        api_for(None)
        .post(
            reverse("api:verify-file"),
            {"file": SimpleUploadedFile("x.pdf", bytes(inside) + b"\n%%EOF\n")},
            format="multipart",
        )
        .json()["status"]
        == "not_issued"
    )
