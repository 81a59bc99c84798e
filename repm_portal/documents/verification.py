"""Public checks of issued letters (issue 14.4): by the reference printed on them or by the file.

A verdict states only what the letter itself shows (its title, reference, issue time,
addressee organisation and signatory) and whether it still stands: never its content, its
owner's account, or why it was revoked.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime
from typing import IO

from django.utils.translation import gettext_lazy as _

from .letters import reference_normalise
from .models import IssuedLetter

VALID = "valid"
REVOKED = "revoked"
SUPERSEDED = "superseded"
NOT_ISSUED = "not_issued"

STATUS_TEXT = {
    VALID: _("Issued by the portal and in force."),
    REVOKED: _("Issued by the portal, then revoked: it no longer has effect."),
    SUPERSEDED: _("Issued by the portal, then superseded by a later letter on the same subject."),
    NOT_ISSUED: _("Not issued by the portal (or altered since it was issued)."),
}


@dataclasses.dataclass(frozen=True)
class Verdict:
    status: str
    reference: str = ""
    title: str = ""
    addressee: str = ""
    issued_at: datetime | None = None
    signatory_name: str = ""
    signatory_designation: str = ""
    sha256: str = ""
    revoked_at: datetime | None = None
    superseded_by: str = ""
    superseded_at: datetime | None = None

    @property
    def issued(self) -> bool:
        return self.status != NOT_ISSUED

    @property
    def status_text(self) -> str:
        return str(STATUS_TEXT[self.status])


def _verdict(letter: IssuedLetter | None, *, sha256: str = "") -> Verdict:
    if letter is None:
        return Verdict(status=NOT_ISSUED, sha256=sha256)
    later = letter.superseded_by
    if letter.revoked_at is not None:
        status = REVOKED
    elif later is not None:
        status = SUPERSEDED
    else:
        status = VALID
    return Verdict(
        status=status,
        reference=letter.reference,
        title=letter.title,
        addressee=letter.addressee,
        issued_at=letter.issued_at,
        signatory_name=letter.signatory_name,
        signatory_designation=letter.signatory_designation,
        sha256=letter.sha256,
        revoked_at=letter.revoked_at,
        superseded_by=later.reference if later else "",
        superseded_at=later.issued_at if later else None,
    )


def letter_by_reference(text: str) -> Verdict:
    """What the portal says about the letter whose printed reference is ``text``."""
    reference = reference_normalise(text)
    letter = (
        IssuedLetter.objects.select_related("superseded_by").filter(reference=reference).first()
        if reference
        else None
    )
    return _verdict(letter)


def letter_by_file(file: IO[bytes]) -> Verdict:
    """What the portal says about this exact file: it must be, byte for byte, one it issued."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.read(1 << 16), b""):
        digest.update(chunk)
    sha256 = digest.hexdigest()
    letter = (
        IssuedLetter.objects.select_related("superseded_by")
        .filter(sha256=sha256)
        .order_by("issued_at", "pk")
        .first()
    )
    return _verdict(letter, sha256=sha256)
