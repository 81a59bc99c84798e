"""Letters, orders and reports as tagged PDFs (WeasyPrint; R-GOV-1, R-GOV-4).

Rendering is slow (tens to hundreds of milliseconds), so it happens **outside locks**: call
``pdf_render`` before the transaction that takes row locks (the audit head's among them), then
``letter_store`` inside it. ``letters_issue`` does both for a service: it renders its drafts,
then runs the service's transaction, and renders again if what a letter states changed in
between. ``letter_store`` writes the file and its row together; a file whose row an outer
transaction rolled back is removed by ``documents_sweep`` (run daily by beat).

Every letter is signed (PAdES, ``signing.pdf_sign``) right after its rendering, still outside
the locks, and carries a public reference printed on it (``letter`` in the template's context:
reference, signatory, designation, verification address). ``letter_store`` registers it as an
``IssuedLetter`` so that anyone can check it at ``/verify/`` (issue 14.3, 14.4).
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, TypeVar

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from repm_portal.errors import StateConflict

from . import signing
from .models import Document, DocumentKind

T = TypeVar("T")

# How many times a letter is rendered again when its facts keep changing under it.
ATTEMPTS = 3


def pdf_render(template: str, context: dict[str, Any]) -> bytes:
    """The template as a tagged PDF/UA-1 document. Call it before taking locks."""
    from weasyprint import HTML  # imported here: loading pango costs ~0.5 s at start-up

    html = render_to_string(template, context)
    return bytes(HTML(string=html, base_url=".").write_pdf(pdf_variant="pdf/ua-1"))


# Crockford's base32: no I, L, O or U, so a reference read aloud or retyped stays unambiguous.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference_new() -> str:
    """A fresh public reference, e.g. ``7KQ2-M9XD-4TZ8`` (60 random bits)."""
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(12))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def reference_normalise(text: str) -> str:
    """What a person typed, as a reference: case, spaces and dashes ignored, O→0, I/L→1."""
    code = "".join(ch for ch in text.upper() if ch.isalnum())
    code = code.translate(str.maketrans("OIL", "011"))
    if len(code) != 12 or any(ch not in REFERENCE_ALPHABET for ch in code):
        return ""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def verify_url(reference: str) -> str:
    """Where anyone checks the letter: the public ``/verify/`` page, with its reference."""
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return f"{base}{reverse('web:verify')}?{urlencode({'reference': reference})}"


@dataclasses.dataclass(frozen=True)
class Rendered:
    """A signed letter and the reference printed on it."""

    pdf: bytes
    reference: str


def letter_render(template: str, context: dict[str, Any], *, reference: str = "") -> Rendered:
    """Render and sign a letter (slow: call it before taking locks).

    The template finds ``letter`` in its context (``reference``, ``signatory``,
    ``designation``, ``verify_url``): ``documents/letters/_signature.html`` prints them.
    """
    reference = reference or reference_new()
    name, designation = signing.signatory()
    mark = {
        "reference": reference,
        "signatory": name,
        "designation": designation,
        "verify_url": verify_url(reference),
    }
    pdf = pdf_render(template, {**context, "letter": mark})
    return Rendered(pdf=signing.pdf_sign(pdf, reference=reference), reference=reference)


def letter_store(
    *,
    owner: Any,
    pdf: bytes,
    filename: str,
    title: str,
    readers: Iterable[str] = (),
    kind: str = DocumentKind.CORRESPONDENCE,
    reference: str = "",
    addressee: str = "",
    subject: str = "",
    issued_at: datetime | None = None,
) -> Document:
    """Keep a rendered letter as ``owner``'s document, readable by the ``readers`` roles, and
    register it for ``/verify/`` under ``reference`` (the one ``letter_render`` printed on it).

    Cheap (a file write and a few rows): safe inside the caller's transaction. A later letter
    with the same ``subject`` supersedes the earlier ones; ``issued_at`` is the issue time the
    letter prints (R-GOV-4), so that ``/verify/`` states the same one. Without a ``reference`` the PDF was
    not signed by ``letter_render``: it is signed here (inside the caller's locks, ~60 ms) so
    that no issued letter goes unsigned, but its reference is not printed on it.
    """
    from .services import document_upload, documents_share_with_roles, issued_letter_register

    if not reference:
        reference = reference_new()
        pdf = signing.pdf_sign(pdf, reference=reference)
    document = document_upload(
        owner=owner, kind=kind, title=title, uploaded=SimpleUploadedFile(filename, pdf)
    )
    readers = tuple(readers)
    if readers:
        documents_share_with_roles([document], readers, actor="letters")
    issued_letter_register(
        document=document,
        reference=reference,
        addressee=addressee,
        subject=subject,
        issued_at=issued_at or timezone.now(),
    )
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
    # Filled by ``letters_issue``: the public reference printed on the signed ``pdf``.
    reference: str = ""
    # What the letter is about, for supersession (see ``letter_store``); never shown publicly.
    subject: str = ""

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
    done). Each draft is rendered and signed (``letter_render``). ``commit`` runs in one transaction: it takes its locks,
    checks again (a domain error refuses cleanly: the rendered bytes are dropped), confirms
    each draft's facts against what it now reads and stores the letters. When the facts moved
    in between (``LetterStale``), the letters are rendered again from the new facts rather
    than refused, since the step itself is still right; after ``attempts`` the caller is told
    to try again. Refusing on a stale letter would push that retry onto the user for nothing.
    """
    for _attempt in range(attempts):
        drafts = []
        for draft in prepare():
            rendered = letter_render(draft.template, draft.context, reference=draft.reference)
            drafts.append(
                dataclasses.replace(draft, pdf=rendered.pdf, reference=rendered.reference)
            )
        try:
            with transaction.atomic():
                return commit(drafts)
        except LetterStale:
            continue
    raise StateConflict(_("The record changed while its letter was prepared. Please try again."))
