"""Letters of Intent and Award as tagged PDFs (WeasyPrint; R-GOV-1, R-GOV-4)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from repm_portal.accounts.models import Role
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.services import document_upload, documents_share_with_roles

from .models import Beneficiary

# Staff who read every letter of the round; the beneficiary reads its own.
LETTER_READERS = (Role.MHI, Role.TC, Role.PMA)


def render_pdf(template: str, context: dict[str, object]) -> bytes:
    html = render_to_string(template, context)
    return bytes(HTML(string=html, base_url=".").write_pdf(pdf_variant="pdf/ua-1"))


def letter_store(
    *, beneficiary: Beneficiary, template: str, title: str, context: dict[str, object]
) -> Document:
    """Render the letter and keep it as the beneficiary's document, readable by the staff."""
    pdf = render_pdf(template, {"b": beneficiary, "issued_at": timezone.localtime(), **context})
    name = f"{title.replace(' ', '-')}-{beneficiary.bid.reference.replace('/', '-')}.pdf"
    document = document_upload(
        owner=beneficiary.user,
        kind=DocumentKind.CORRESPONDENCE,
        title=title,
        uploaded=SimpleUploadedFile(name, pdf),
    )
    documents_share_with_roles([document], LETTER_READERS, actor="letters")
    return document
