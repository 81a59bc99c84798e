"""Private uploads: checked by content, size and name before anything is stored."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from repm_portal.audit.models import AuditEvent
from repm_portal.documents.checks import safe_display_name
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.services import document_upload
from repm_portal.documents.tests.fixtures import PDF, zip_bomb
from repm_portal.errors import ValidationFailed

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def xlsx_bytes() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["invoice_no", "date", "buyer_gstin", "eway_bill", "qty_kg", "taxable", "gst"])
    sheet.append(["INV/2026/001", "2026-04-02", "27AAPFU0939F1ZV", "123456789012", 100, 5e5, 9e4])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_pdf_is_stored_privately_under_a_random_name(applicant, private_files) -> None:
    document = document_upload(
        owner=applicant, kind=DocumentKind.DPR, title="DPR", uploaded=upload("My DPR.pdf", PDF)
    )
    assert (document.format, document.content_type, document.size) == (
        "pdf",
        "application/pdf",
        len(PDF),
    )
    assert document.original_name == "My DPR.pdf"
    stored = private_files()
    assert len(stored) == 1
    assert "My DPR" not in stored[0].name and stored[0].name.endswith(".pdf")
    assert stored[0].read_bytes() == PDF
    assert AuditEvent.objects.filter(
        action="document.uploaded", object_id=str(document.pk)
    ).exists()


def test_a_genuine_xlsx_and_csv_register_are_accepted(applicant) -> None:
    csv = b"invoice_no,date,qty_kg\nINV-1,2026-04-02,100.5\n"
    for name, content in (("register.xlsx", xlsx_bytes()), ("register.csv", csv)):
        document = document_upload(
            owner=applicant, kind=DocumentKind.INVOICE_REGISTER, uploaded=upload(name, content)
        )
        assert document.format == name.rsplit(".", 1)[1]


BAD_UPLOADS = [
    # (kind, name, content, words the message must contain)
    (DocumentKind.DPR, "dpr.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200, "not a PDF file"),
    (DocumentKind.DPR, "dpr.pdf", b"<html><script>alert(1)</script></html>", "not a PDF file"),
    (DocumentKind.DPR, "dpr.exe", PDF, "upload a PDF file"),
    (DocumentKind.DPR, "dpr", PDF, "upload a PDF file"),
    (DocumentKind.DPR, "empty.pdf", b"", "is empty"),
    (DocumentKind.INVOICE_REGISTER, "register.csv", PDF, "not a CSV file"),
    (DocumentKind.INVOICE_REGISTER, "register.csv", "a,b\n\u00e9".encode("latin-1"), "UTF-8"),
    (DocumentKind.INVOICE_REGISTER, "register.csv", b"a,b\n\x00\x01\x02", "not a CSV file"),
    # text for the first 8 KB that magic reads, binary after it
    (DocumentKind.INVOICE_REGISTER, "register.csv", b"a,b\n" * 3000 + b"\x00", "binary"),
    (DocumentKind.INVOICE_REGISTER, "register.xlsx", b"PK\x03\x04garbage" * 10, "damaged"),
    (DocumentKind.INVOICE_REGISTER, "register.xlsx", PDF, "not a XLSX file"),
    (DocumentKind.INVOICE_REGISTER, "register.pdf", PDF, "upload a CSV or XLSX file"),
]


@pytest.mark.parametrize(("kind", "name", "content", "words"), BAD_UPLOADS)
def test_wrong_type_is_refused_clearly_and_nothing_is_stored(
    applicant, private_files, kind, name, content, words
) -> None:
    with pytest.raises(ValidationFailed, match=words) as error:
        document_upload(owner=applicant, kind=kind, uploaded=upload(name, content))
    assert error.value.field == "file"
    assert private_files() == []
    assert not Document.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_xlsx_zip_bomb_is_refused(applicant, private_files) -> None:
    with pytest.raises(ValidationFailed, match="would unpack to"):
        document_upload(
            owner=applicant,
            kind=DocumentKind.INVOICE_REGISTER,
            uploaded=upload("register.xlsx", zip_bomb()),
        )
    assert private_files() == [] and not Document.objects.exists()


def test_an_oversize_file_is_refused(applicant, private_files, settings) -> None:
    settings.MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationFailed, match=r"the limit is 1\.0.KB"):
        document_upload(
            owner=applicant, kind=DocumentKind.DPR, uploaded=upload("big.pdf", PDF + b"0" * 2000)
        )
    assert private_files() == [] and not Document.objects.exists()


@pytest.mark.parametrize(
    ("hostile", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evil.pdf", "evil.pdf"),
        ('<script>alert("x")</script>.pdf', "script_.pdf"),
        ("report\x00.exe.pdf", "report_.exe.pdf"),
        ("new\r\nline.pdf", "new_line.pdf"),
        (".pdf", "pdf"),
    ],
)
def test_hostile_names_are_made_harmless(hostile: str, shown: str) -> None:
    assert safe_display_name(hostile) == shown


def test_a_hostile_name_never_reaches_the_disk(applicant, private_files) -> None:
    document = document_upload(
        owner=applicant, kind=DocumentKind.DPR, uploaded=upload("../../../etc/cron.d/x.pdf", PDF)
    )
    assert document.original_name == "x.pdf"
    [stored] = private_files()
    assert "etc" not in stored.parts and "cron.d" not in stored.parts


def test_nothing_is_left_behind_when_the_database_write_fails(
    applicant, private_files, monkeypatch
) -> None:
    def fail(**kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr("repm_portal.documents.services.audit_record", fail)
    with pytest.raises(RuntimeError):
        document_upload(owner=applicant, kind=DocumentKind.DPR, uploaded=upload("a.pdf", PDF))
    assert private_files() == [] and not Document.objects.exists()


def test_download_is_an_attachment_never_inline(client, applicant) -> None:
    document = document_upload(
        owner=applicant, kind=DocumentKind.DPR, uploaded=upload("My DPR.pdf", PDF)
    )
    client.force_login(applicant)
    response = client.get(reverse("web:document_download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content) == PDF


def test_a_rival_gets_404_for_another_applicants_document(
    client, api_for, applicant, rival
) -> None:
    document = document_upload(
        owner=applicant, kind=DocumentKind.DPR, uploaded=upload("dpr.pdf", PDF)
    )
    client.force_login(rival)
    assert client.get(reverse("web:document_download", args=[document.pk])).status_code == 404
    api = api_for(rival)
    assert api.get(f"/api/v1/documents/{document.pk}/").status_code == 404
    assert api.get(f"/api/v1/documents/{document.pk}/download/").status_code == 404
    assert api.get("/api/v1/documents/").json()["count"] == 0
    assert "dpr.pdf" not in client.get(reverse("web:documents")).content.decode()


def test_upload_page_shows_the_error_on_the_file_field(client, applicant, private_files) -> None:
    client.force_login(applicant)
    response = client.post(
        reverse("web:documents"),
        {"kind": DocumentKind.DPR, "title": "x", "file": upload("dpr.pdf", b"not a pdf at all")},
    )
    assert response.status_code == 400
    assert "is named .pdf but its content is not a PDF file" in response.content.decode()
    assert private_files() == []


def test_api_upload_and_list(api_for, applicant) -> None:
    api = api_for(applicant)
    created = api.post(
        "/api/v1/documents/", {"kind": "dpr", "file": upload("d.pdf", PDF)}, format="multipart"
    )
    assert created.status_code == 201, created.json()
    listed = api.get("/api/v1/documents/?kind=dpr").json()
    assert [d["id"] for d in listed["results"]] == [created.json()["id"]]
    bad = api.post(
        "/api/v1/documents/", {"kind": "dpr", "file": upload("d.pdf", b"nope")}, format="multipart"
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "invalid_file"
    assert "not a PDF file" in bad.json()["error"]["fields"]["file"][0]
