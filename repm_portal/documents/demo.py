"""Demo: where to try ``/verify/`` (issue 14.4) — the letters the seed issued are all signed."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from .models import IssuedLetter


def verify_notes() -> list[str]:
    """One line naming a letter of the demo to check at ``/verify/``, with where the CA is."""
    letter = IssuedLetter.objects.filter(title="Letter of Award").order_by("issued_at").first()
    if letter is None:
        return []
    url = f"{settings.PORTAL_BASE_URL.rstrip('/')}{reverse('web:verify')}"
    return [
        f"Signed letters: check {letter.addressee}'s Letter of Award at {url} with reference "
        f"{letter.reference} (trust the demo CA {settings.VAR_DIR}/signing/demo-ca.pem in a "
        "PDF reader to see its signature as valid)."
    ]
