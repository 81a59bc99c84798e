"""Bad invoice registers through the real claim path (R-SLI-8): uploaded through the API, the
claim filed through the API and its register checked as the worker does. A file of the wrong
kind or size is refused at upload, storing nothing; a register that cannot be read fails the
claim with a message saying why, keeping no row; a bad row is rejected with its reason and the
good rows are kept. (The upload checks themselves: repm_portal/documents/tests/test_uploads.py.)"""

import io
import threading
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from bidding.tests.fixtures import awarded
from incentives import processing
from incentives.models import ClaimedInvoice, ClaimStatus, RejectedRow, SLIClaim
from incentives.tests.fixtures import GSTIN, HEADER
from repm_portal.audit.models import AuditEvent
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.tests.fixtures import PDF, zip_bomb

pytestmark = pytest.mark.django_db
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
COLUMNS = (
    "invoice_number, invoice_date, buyer_gstin, eway_bill_number, quantity_kg, taxable_value, gst"
)


@pytest.fixture
def b(applicant, mhi):
    return awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)


@pytest.fixture
def api(api_for, b):
    return api_for(b.user)


def upload(api, name: str, content: bytes):
    return api.post(
        "/api/v1/documents/",
        {"kind": DocumentKind.INVOICE_REGISTER, "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def claim_with(api, b, name: str, content: bytes) -> SLIClaim:
    """Upload the register, file the H1 claim with it, and check it as the worker does."""
    uploaded = upload(api, name, content)
    assert uploaded.status_code == 201, uploaded.json()
    filed = api.post(
        "/api/v1/claims/",
        {
            "beneficiary": b.pk,
            "period": "FY2027-28-H1",
            "declaration": True,
            "register_document": uploaded.json()["id"],
        },
        format="json",
    )
    assert filed.status_code == 201, filed.json()
    return processing.register_process(claim_id=filed.json()["id"])


def csv_file(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def refused(response, code: str = "invalid_file") -> str:
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    [message] = response.json()["error"]["fields"]["file"]
    return message


def assert_nothing_stored(private_files) -> None:
    """No register's row, file or audit event (the beneficiary's DPR from ``awarded`` stays)."""
    assert not [f for f in private_files() if DocumentKind.INVOICE_REGISTER in f.parts]
    registers = Document.objects.filter(kind=DocumentKind.INVOICE_REGISTER)
    assert not registers.exists()
    assert not AuditEvent.objects.filter(
        action="document.uploaded", after__kind=DocumentKind.INVOICE_REGISTER
    ).exists()


def assert_failed_keeping_nothing(claim: SLIClaim, error: str) -> None:
    claim.refresh_from_db()
    assert (claim.status, claim.register_error) == (ClaimStatus.REGISTER_FAILED, error)
    assert (claim.rows_done, claim.rows_rejected, claim.payable) == (0, 0, None)
    assert not ClaimedInvoice.objects.exists() and not RejectedRow.objects.exists()
    assert AuditEvent.objects.filter(action="claim.register_failed").count() == 1


@pytest.mark.parametrize(
    ("content", "reads_as"), [(PDF, "application/pdf"), (PNG, "image/png")], ids=["pdf", "png"]
)
def test_a_pdf_or_png_named_csv_is_refused_at_upload(api, private_files, content, reads_as) -> None:
    assert refused(upload(api, "register.csv", content)) == (
        f"“register.csv” is named .csv but its content is not a CSV file (it reads as "
        f"{reads_as}). Upload the original CSV document."
    )
    assert_nothing_stored(private_files)


def test_an_empty_file_is_refused_at_upload(api, private_files) -> None:
    # The API's serializer refuses it before the upload checks would (“… is empty.”).
    assert refused(upload(api, "register.csv", b""), code="invalid") == (
        "The submitted file is empty."
    )
    assert_nothing_stored(private_files)


def test_a_50_mb_register_is_refused_at_upload(api, private_files) -> None:
    body = csv_file(HEADER, f"BM/1,2027-04-02,{GSTIN},111111111111,1,100.00,18.00")
    content = body + b"\n" * (50 * 1024 * 1024 - len(body))  # blank lines up to 50 MB
    assert refused(upload(api, "register.csv", content)) == (
        "“register.csv” is 50.0\xa0MB; the limit is 25.0\xa0MB. Split or compress it."
    )
    assert_nothing_stored(private_files)


def test_an_xlsx_zip_bomb_is_refused_at_upload(api, private_files) -> None:
    assert refused(upload(api, "register.xlsx", zip_bomb())) == (
        "“register.xlsx” is named .xlsx but its content is not a XLSX file (it would unpack to "
        "300.0\xa0MB, far more than a register needs). Upload the original XLSX document."
    )
    assert_nothing_stored(private_files)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"\xef\xbb\xbf", "The register is empty."),  # a byte-order mark and nothing else
        (
            csv_file(HEADER),
            "The register has its header but no invoices: list one invoice a row under it.",
        ),
        (
            csv_file(HEADER, "", " , ,", ""),  # blank lines are not invoices
            "The register has its header but no invoices: list one invoice a row under it.",
        ),
        (
            csv_file("invoice,date,qty", "BM/1,2027-04-02,1"),
            f"The register's first row must name the columns {COLUMNS}; missing: {COLUMNS}.",
        ),
        (
            csv_file(
                "Invoice Number,Invoice Date,Buyer GSTIN,E-way bill,Quantity kg,Taxable value",
                f"BM/1,2027-04-02,{GSTIN},111111111111,1,100.00",
            ),
            f"The register's first row must name the columns {COLUMNS}; "
            "missing: eway_bill_number, gst.",
        ),
    ],
    ids=["bom-only", "header-only", "blank-rows", "wrong-columns", "missing-columns"],
)
def test_an_unreadable_register_fails_the_claim_saying_why(api, b, content, error) -> None:
    assert_failed_keeping_nothing(claim_with(api, b, "register.csv", content), error)


def test_a_line_that_is_not_csv_fails_the_claim_and_keeps_no_earlier_row(api, b) -> None:
    _not_csv_after_2500_good_rows(api, b)


@pytest.mark.django_db(transaction=True)  # on PostgreSQL, chunks stored by sessions of their own
def test_a_line_that_is_not_csv_fails_chunks_stored_at_once_too(api, b) -> None:
    threads = threading.active_count()
    _not_csv_after_2500_good_rows(api, b)
    assert threading.active_count() == threads  # the storing threads are gone


def _not_csv_after_2500_good_rows(api, b) -> None:
    # 2,500 good rows (the first 2,000 stored as a chunk before the bad line is read), then a
    # cell of 200,000 characters, more than the csv module reads in one cell.
    good = [
        f"BM/{i:05d},2027-04-{1 + i % 28:02d},{GSTIN},{100000000000 + i:012d},1,100.00,18.00"
        for i in range(1, 2501)
    ]
    claim = claim_with(api, b, "register.csv", csv_file(HEADER, *good, "X" * 200_000 + ",1"))
    assert_failed_keeping_nothing(
        claim,
        "Line 2502 of the register cannot be read as CSV (field larger than field limit "
        "(131072)). Save the register again as “CSV UTF-8” and upload it.",
    )


def test_a_workbook_openpyxl_cannot_read_fails_the_claim(api, b) -> None:
    # A zip with the parts the upload check looks for, but no workbook inside them.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    claim = claim_with(api, b, "register.xlsx", out.getvalue())
    assert_failed_keeping_nothing(
        claim,
        "The workbook cannot be read (File contains no valid workbook part). Save it again "
        "from the spreadsheet program as .xlsx, or as “CSV UTF-8”, and upload it.",
    )


MALFORMED = [
    f"BM/1,2027-04-02,{GSTIN},111111111111,100,200000.00,36000.00",  # 2: good
    f",2027-04-02,{GSTIN},111111111112,1,100.00,18.00",  # 3
    f"BM/3,31/02/2027,{GSTIN},111111111113,1,100.00,18.00",  # 4
    f"BM/4,2027-04-02,{GSTIN},1111 1111 1114,1,100.00,18.00",  # 5
    f"BM/5,2027-04-02,{GSTIN},111111111115,abc,100.00,18.00",  # 6
    f"BM/6,2027-04-02,{GSTIN},111111111116,-5,100.00,18.00",  # 7
    f"BM/7,2027-04-02,{GSTIN},111111111117,10000000000000,100.00,18.00",  # 8
    f"BM/8,2027-04-02,{GSTIN},111111111118,1,1e20,18.00",  # 9
    f"BM/9,2027-04-02,{GSTIN},111111111119,1,NaN,18.00",  # 10
    "BM/10,2027-04-02",  # 11: the line stops short
    f'"BM/11","02-04-2027","{GSTIN.lower()}","111111111121","1,000.5","20,01,000.00","0"',  # 12
    f"BM/12,2027-04-03,{GSTIN},111111111122,50,100000.00,18000.00,a note",  # 13: good
]


def test_malformed_rows_are_rejected_one_by_one_and_good_rows_kept(api, b) -> None:
    claim = claim_with(api, b, "register.csv", csv_file(HEADER, *MALFORMED))
    assert claim.status == ClaimStatus.SUBMITTED
    assert dict(claim.rejected.values_list("row_number", "reason")) == {
        3: "no invoice number",
        4: "date '31/02/2027' is not YYYY-MM-DD or DD-MM-YYYY",
        5: "e-way bill number '1111 1111 1114' is not 12 digits",
        6: "quantity 'abc' is not a number",
        7: "quantity must be more than 0 kg",
        8: "quantity 10000000000000 kg is too large for one invoice",
        9: "values too large for one invoice",
        10: "taxable value 'NaN' is not a number",
        11: "GSTIN  has 0 characters; a GSTIN has exactly 15 (e.g. 27AAPFU0939F1ZV).",
    }
    # Kept: rows 2, 12 (quoted cells, a day-first date, a lower-case GSTIN and Indian digit
    # grouping read as 1,000.5 kg and ₹20,01,000.00) and 13 (an extra cell is ignored).
    assert list(
        claim.invoices.order_by("row_number").values_list(
            "row_number", "invoice_date", "buyer_gstin", "quantity_kg", "taxable_value"
        )
    ) == [
        (2, date(2027, 4, 2), GSTIN, Decimal("100.000"), Decimal("200000.00")),
        (12, date(2027, 4, 2), GSTIN, Decimal("1000.500"), Decimal("2001000.00")),
        (13, date(2027, 4, 3), GSTIN, Decimal("50.000"), Decimal("100000.00")),
    ]
    # 100 + 1,000.5 + 50 = 1,150.5 kg; ₹2,00,000 + ₹20,01,000 + ₹1,00,000 = ₹23,01,000.00.
    assert (claim.rows_total, claim.rows_done, claim.rows_rejected) == (12, 12, 9)
    assert (claim.eligible_quantity_kg, claim.net_turnover) == (
        Decimal("1150.500"),
        Decimal("2301000.00"),
    )


def test_malformed_rows_of_a_workbook_are_rejected_too(api, b) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    # Spreadsheet cells: a real date and a number for the e-way bill are fine.
    sheet.append(["BM/1", date(2027, 4, 2), GSTIN, 111111111111, 100, 200000, 36000])
    sheet.append(["BM/2", date(2027, 10, 2), GSTIN, 111111111112, 1, 100, 18])
    sheet.append(["BM/3", "2027-04-02", GSTIN, 111111111113, "many", 100, 18])
    out = io.BytesIO()
    book.save(out)
    claim = claim_with(api, b, "register.xlsx", out.getvalue())
    assert dict(claim.rejected.values_list("row_number", "reason")) == {
        3: "dated 02 Oct 2027, outside the claim period",
        4: "quantity 'many' is not a number",
    }
    assert list(claim.invoices.values_list("row_number", "eway_bill", "quantity_kg")) == [
        (2, "111111111111", Decimal("100.000"))
    ]
