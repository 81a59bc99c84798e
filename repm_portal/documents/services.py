"""Storing an upload: checked first, then file and row together, or neither."""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterable, Iterator
from datetime import timedelta
from typing import Any

from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from repm_portal.accounts.models import User
from repm_portal.audit.services import audit_record
from repm_portal.errors import NotAllowed, ValidationFailed

from .checks import check_upload
from .models import Document, IssuedLetter

VIEW = "documents.view_document"

logger = logging.getLogger(__name__)


def _sha256(file: File) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def document_upload(*, owner: User, uploaded: UploadedFile, kind: str, title: str = "") -> Document:
    """Check ``uploaded`` and store it privately, visible to its owner only until shared."""
    if not owner.is_active:
        raise NotAllowed(_("Your account is not active."))
    if uploaded is None:
        raise ValidationFailed(_("Choose a file to upload."), field="file")
    checked = check_upload(uploaded, name=uploaded.name or "", size=uploaded.size or 0, kind=kind)
    title = (title or "").strip() or checked.display_name
    now = timezone.now()
    stored_name = default_storage.save(
        f"{kind}/{now:%Y/%m}/{uuid.uuid4().hex}.{checked.format}", uploaded
    )
    try:
        with transaction.atomic():
            document = Document.objects.create(
                owner=owner,
                kind=kind,
                title=title[:200],
                original_name=checked.display_name,
                file=stored_name,
                format=checked.format,
                content_type=checked.content_type,
                size=checked.size,
                sha256=_sha256(uploaded),
            )
            assign_perm("view_document", owner, document)
            audit_record(
                actor=owner,
                action="document.uploaded",
                obj=document,
                after={
                    "kind": kind,
                    "name": checked.display_name,
                    "sha256": document.sha256,
                    "size": checked.size,
                },
            )
    except BaseException:
        default_storage.delete(stored_name)  # nothing half-written
        raise
    return document


def document_share(*, document: Document, with_user: User, actor: User) -> None:
    """Let ``with_user`` read ``document`` (an examiner of the claim it supports, say)."""
    with transaction.atomic():
        assign_perm("view_document", with_user, document)
        audit_record(
            actor=actor, action="document.shared", obj=document, after={"with": with_user.email}
        )


def documents_share_with_roles(
    documents: Iterable[Document], roles: Iterable[str], *, actor: Any
) -> None:
    """Let every holder of ``roles`` read ``documents`` — the evidence of a claim or report, for
    the staff who examine it (R-ACL-2/3). Through the roles' groups, so a person given the role
    later reads them too, and one who loses it no longer does."""
    from django.contrib.auth.models import Group

    groups = [Group.objects.get_or_create(name=role)[0] for role in roles]
    with transaction.atomic():
        for document in documents:
            for group in groups:
                assign_perm(VIEW, group, document)
            audit_record(
                actor=actor,
                action="document.shared",
                obj=document,
                after={"with_roles": sorted(g.name for g in groups)},
            )


# Longer than any transaction that writes a file before its row commits (a letter, an upload).
SWEEP_GRACE = timedelta(hours=6)


def _stored_files(directory: str = "") -> Iterator[str]:
    """Every file name under ``directory`` of the private storage, depth first."""
    try:
        subdirectories, files = default_storage.listdir(directory)
    except FileNotFoundError:  # nothing stored yet
        return
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for sub in subdirectories:
        yield from _stored_files(f"{directory}/{sub}" if directory else sub)


def documents_sweep(*, older_than: timedelta = SWEEP_GRACE, batch: int = 500) -> list[str]:
    """Remove the private files no Document row names, once older than ``older_than``.

    A file is written before its row commits (``document_upload``, ``letter_store``); when an
    outer transaction rolls back, the row vanishes and the file stays: Django has no hook on
    rollback. The grace period spares files whose transaction is still running. The private
    storage holds documents' files only: anything else stored there would be swept. Daily (beat)
    and ``manage.py documents_sweep``; safe to run twice. Returns the names removed.
    """
    cutoff = timezone.now() - older_than
    removed: list[str] = []

    def sweep(names: list[str]) -> None:
        known = set(Document.objects.filter(file__in=names).values_list("file", flat=True))
        for name in names:
            if name not in known and default_storage.get_modified_time(name) <= cutoff:
                default_storage.delete(name)
                removed.append(name)

    names: list[str] = []
    for name in _stored_files():
        names.append(name)
        if len(names) >= batch:
            sweep(names)
            names = []
    if names:
        sweep(names)
    if removed:
        logger.warning("documents_sweep removed %d orphan file(s)", len(removed))
    return removed


def issued_letter_register(
    *,
    document: Document,
    reference: str,
    addressee: str,
    subject: str,
    issued_at: Any,
) -> IssuedLetter:
    """Record a signed letter for ``/verify/``; earlier letters on its ``subject`` are superseded.

    Called by ``letters.letter_store``, inside the issuing service's transaction.
    """
    from . import signing

    name, designation = signing.signatory()
    letter = IssuedLetter.objects.create(
        document=document,
        reference=reference,
        sha256=document.sha256,
        title=document.title,
        addressee=addressee[:200],
        subject=subject[:200],
        signatory_name=name[:200],
        signatory_designation=designation[:200],
        issued_at=issued_at,
    )
    audit_record(
        actor="letters",
        action="letter.issued",
        obj=letter,
        after={"reference": reference, "document_id": document.pk, "sha256": document.sha256},
    )
    if subject:
        earlier = list(
            IssuedLetter.objects.select_for_update()
            .filter(subject=letter.subject, superseded_by__isnull=True)
            .exclude(pk=letter.pk)
        )
        for old in earlier:
            IssuedLetter.objects.filter(pk=old.pk).update(superseded_by=letter)
            audit_record(
                actor="letters",
                action="letter.superseded",
                obj=old,
                after={"superseded_by": letter.reference},
            )
    return letter


def letter_revoke(*, actor: User, letter: IssuedLetter, reason: str) -> IssuedLetter:
    """MHI withdraws an issued letter: ``/verify/`` then says it was revoked, when and why."""
    from repm_portal.accounts.models import Role
    from repm_portal.accounts.roles import require_role
    from repm_portal.errors import StateConflict

    require_role(actor, Role.MHI, message=_("Only an MHI officer revokes an issued letter."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(
            _("Say why the letter is revoked: the reason is shown to whoever checks it."),
            field="reason",
        )
    now = timezone.now()
    with transaction.atomic():
        updated = IssuedLetter.objects.filter(pk=letter.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason=reason
        )
        if updated != 1:
            raise StateConflict(_("This letter was already revoked."))
        audit_record(
            actor=actor,
            action="letter.revoked",
            obj=letter,
            before={"revoked_at": None},
            after={"revoked_at": now, "reason": reason},
        )
    letter.refresh_from_db()
    return letter
