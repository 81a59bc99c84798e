"""Letters, orders and reports as tagged PDFs (WeasyPrint; R-GOV-1, R-GOV-4).

Rendering is slow (tens to hundreds of milliseconds), so it happens **outside locks**: call
``pdf_render`` before the transaction that takes row locks (the audit head's among them), then
``letter_store`` inside it. ``letter_store`` writes the file and its row together; a file whose
row an outer transaction rolled back is removed by ``letters_sweep`` (run daily by beat).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from .models import Document, DocumentKind


def pdf_render(template: str, context: dict[str, Any]) -> bytes:
    """The template as a tagged PDF/UA-1 document. Call it before taking locks."""
    from weasyprint import HTML  # imported here: loading pango costs ~0.5 s at start-up

    html = render_to_string(template, context)
    return bytes(HTML(string=html, base_url=".").write_pdf(pdf_variant="pdf/ua-1"))


def letter_store(
    *,
    owner: Any,
    pdf: bytes,
    filename: str,
    title: str,
    readers: Iterable[str] = (),
    kind: str = DocumentKind.CORRESPONDENCE,
) -> Document:
    """Keep an already rendered PDF as ``owner``'s document, readable by the ``readers`` roles.

    Cheap (a file write and two rows): safe inside the caller's transaction.
    """
    from .services import document_upload, documents_share_with_roles

    document = document_upload(
        owner=owner, kind=kind, title=title, uploaded=SimpleUploadedFile(filename, pdf)
    )
    readers = tuple(readers)
    if readers:
        documents_share_with_roles([document], readers, actor="letters")
    return document
