"""Public checks of issued letters (issue 14.4): by the reference printed on them or by the file.

A verdict states only what the letter itself shows (its title, reference, issue time,
addressee organisation and signatory) and whether it still stands: never its content, its
owner's account, or why it was revoked.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from datetime import datetime
from typing import IO

from django.utils.translation import gettext_lazy as _

from .letters import reference_normalise
from .models import IssuedLetter

VALID = "valid"
REVOKED = "revoked"
SUPERSEDED = "superseded"
NOT_ISSUED = "not_issued"
ALTERED = "altered"

STATUS_TEXT = {
    VALID: _("Issued by the portal and in force."),
    REVOKED: _("Issued by the portal, then revoked: it no longer has effect."),
    SUPERSEDED: _("Issued by the portal, then superseded by a later letter on the same subject."),
    NOT_ISSUED: _("Not issued by the portal (or altered since it was issued)."),
    ALTERED: _(
        "This file holds a letter the portal issued, with changes added after it was signed: "
        "the changes are not the portal's. Ask the sender for the file as issued."
    ),
}

# A signature's /ByteRange [0 a b c]: the signed revision of the file is its first b + c bytes.
_BYTE_RANGE = re.compile(rb"/ByteRange\s*\[\s*0\s+(\d{1,12})\s+(\d{1,12})\s+(\d{1,12})\s*\]")


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
        """The portal issued exactly this (the file, or the letter with this reference)."""
        return self.status in (VALID, REVOKED, SUPERSEDED)

    @property
    def known(self) -> bool:
        """A letter of the portal is recognised (even inside an altered file)."""
        return bool(self.reference)

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


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def letter_by_file(file: IO[bytes]) -> Verdict:
    """What the portal says about this exact file: it must be, byte for byte, one it issued.

    A file with changes appended after the signature (an incremental update, as a PDF editor
    saves annotations) is recognised by its signed revision and reported as altered.
    """
    data = file.read()
    sha256 = _sha256(data)
    letters = IssuedLetter.objects.select_related("superseded_by").order_by("issued_at", "pk")
    letter = letters.filter(sha256=sha256).first()
    if letter is not None:
        return _verdict(letter, sha256=sha256)
    revisions = {
        _sha256(data[: int(m[2]) + int(m[3])])
        for m in _BYTE_RANGE.finditer(data)
        if int(m[2]) + int(m[3]) < len(data)
    }
    original = letters.filter(sha256__in=revisions).first() if revisions else None
    if original is None:
        return Verdict(status=NOT_ISSUED, sha256=sha256)
    return dataclasses.replace(_verdict(original), status=ALTERED, sha256=sha256)
