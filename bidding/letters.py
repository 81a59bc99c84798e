"""A beneficiary's letters (LoI, LoA, notices, sanction orders): the context and file name
every beneficiary letter shares, around the kernel's letters service, which renders them
outside locks (``repm_portal.documents.letters``; R-GOV-1, R-GOV-4)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from repm_portal.accounts.roles import LETTER_READERS
from repm_portal.documents.letters import Draft, letter_store
from repm_portal.documents.models import Document

from .models import Beneficiary


def beneficiary_draft(
    *,
    beneficiary: Beneficiary,
    template: str,
    context: dict[str, Any],
    facts: Any = None,
    subject: str = "",
) -> Draft:
    """A letter to ``beneficiary`` (with ``user``, ``bid`` and ``round`` loaded), dated now.

    ``subject`` (e.g. ``"penalty-case:7:refund-demand"``): a later letter on it supersedes
    this one at ``/verify/``.
    """
    return Draft(
        template=template,
        context={"b": beneficiary, "issued_at": timezone.localtime(), **context},
        facts=facts,
        subject=subject,
    )


def beneficiary_letter_store(
    *,
    beneficiary: Beneficiary,
    draft: Draft,
    title: str,
    readers: tuple[str, ...] = LETTER_READERS,
) -> Document:
    """Keep the rendered letter as the beneficiary's document, readable by ``readers`` (the
    staff who read every letter, unless the letter says fewer: a sanction order is for the
    beneficiary, the PMA and MHI only)."""
    name = f"{title.replace(' ', '-')}-{beneficiary.bid.reference.replace('/', '-')}.pdf"
    return letter_store(
        owner=beneficiary.user,
        pdf=draft.pdf,
        filename=name,
        title=title,
        readers=readers,
        reference=draft.reference,
        addressee=beneficiary.user.organisation,
        subject=draft.subject,
        issued_at=draft.context["issued_at"],  # the time the letter prints (R-GOV-4)
    )
