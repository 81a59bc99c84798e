"""Private uploaded documents: stored under random names, read only through a permission check."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    DPR = "dpr", _("Detailed Project Report (PDF)")
    CERTIFICATE = "certificate", _("Certificate (PDF)")
    INVOICE_REGISTER = "invoice_register", _("Invoice register (CSV or XLSX)")
    CORRESPONDENCE = "correspondence", _("Letter or reply (PDF)")


# What each kind may be, by content (python-magic) and by name.
ALLOWED_FORMATS: dict[str, tuple[str, ...]] = {
    DocumentKind.DPR: ("pdf",),
    DocumentKind.CERTIFICATE: ("pdf",),
    DocumentKind.INVOICE_REGISTER: ("csv", "xlsx"),
    DocumentKind.CORRESPONDENCE: ("pdf",),
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Document(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("uploaded by"),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(_("file"), max_length=255)
    format = models.CharField(_("format"), max_length=8)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="document_not_empty"),
            models.CheckConstraint(
                condition=models.Q(format__in=list(CONTENT_TYPES)), name="document_format_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.original_name})"


class IssuedLetter(models.Model):
    """A letter, order or report the portal issued and signed (issue 14.3, 14.4).

    Its ``reference`` is printed on it and is what ``/verify/`` is asked about; ``sha256`` is
    the signed file's, so the file itself can be checked too. ``subject`` names what the letter
    is about (e.g. one penalty case's refund demand): a later letter with the same subject
    supersedes it. It is never shown publicly.
    """

    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, related_name="issued", verbose_name=_("document")
    )
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    sha256 = models.CharField(_("SHA-256 of the signed file"), max_length=64, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    addressee = models.CharField(_("addressed to"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200, blank=True, db_index=True)
    signatory_name = models.CharField(_("signed by"), max_length=200)
    signatory_designation = models.CharField(_("designation"), max_length=200)
    issued_at = models.DateTimeField(_("issued at"))
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revocation"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("issued letter")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoked_reason=""),
                name="issued_letter_revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.reference})"
