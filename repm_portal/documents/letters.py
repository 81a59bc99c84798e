"""Letters, orders and reports as tagged PDFs (WeasyPrint; R-GOV-1, R-GOV-4).

Rendering is slow (tens to hundreds of milliseconds), so it happens **outside locks**: call
``pdf_render`` before the transaction that takes row locks (the audit head's among them), then
``letter_store`` inside it. ``letters_issue`` does both for a service: it renders its drafts,
then runs the service's transaction, and renders again if what a letter states changed in
between. ``letter_store`` writes the file and its row together; a file whose row an outer
transaction rolled back is removed by ``documents_sweep`` (run daily by beat).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from repm_portal.errors import StateConflict

from .models import Document, DocumentKind

T = TypeVar("T")

# How many times a letter is rendered again when its facts keep changing under it.
ATTEMPTS = 3


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


class LetterStale(Exception):
    """What a letter states changed between its rendering and the lock: render it again."""


@dataclasses.dataclass(frozen=True)
class Draft:
    """One letter to render: its template and context, and ``facts``, the values it states
    that another transaction could change before the service takes its locks."""

    template: str
    context: dict[str, Any]
    facts: Any = None
    pdf: bytes = b""

    def confirm(self, facts: Any) -> None:
        """Inside the locks: go on only if the letter still states ``facts``."""
        if facts != self.facts:
            raise LetterStale


def letters_issue(
    *,
    prepare: Callable[[], Sequence[Draft]],
    commit: Callable[[list[Draft]], T],
    attempts: int = ATTEMPTS,
) -> T:
    """Render the drafts outside any lock, then ``commit`` them in one transaction.

    Call it outside any transaction: inside one, locks taken earlier would be held while the
    letters render, which is what this service exists to avoid.

    ``prepare`` reads, without locks, what the letters state (refusing early what cannot be
    done). Each draft is rendered. ``commit`` runs in one transaction: it takes its locks,
    checks again (a domain error refuses cleanly: the rendered bytes are dropped), confirms
    each draft's facts against what it now reads and stores the letters. When the facts moved
    in between (``LetterStale``), the letters are rendered again from the new facts rather
    than refused, since the step itself is still right; after ``attempts`` the caller is told
    to try again. Refusing on a stale letter would push that retry onto the user for nothing.
    """
    for _attempt in range(attempts):
        drafts = [dataclasses.replace(d, pdf=pdf_render(d.template, d.context)) for d in prepare()]
        try:
            with transaction.atomic():
                return commit(drafts)
        except LetterStale:
            continue
    raise StateConflict(_("The record changed while its letter was prepared. Please try again."))
