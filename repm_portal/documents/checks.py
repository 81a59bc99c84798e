"""Checks an upload must pass before anything is stored: name, size, and content by magic bytes."""

from __future__ import annotations

import codecs
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from typing import IO

import magic
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from repm_portal.errors import ValidationFailed

from .models import ALLOWED_FORMATS, CONTENT_TYPES

# An XLSX is a zip: refuse archives that would inflate beyond these (zip bombs).
XLSX_MAX_UNCOMPRESSED = 200 * 1024 * 1024
XLSX_MAX_RATIO = 100
XLSX_MAX_MEMBERS = 10_000
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


@dataclass(frozen=True)
class CheckedUpload:
    display_name: str
    format: str
    content_type: str
    size: int


def safe_display_name(name: str) -> str:
    """The file's own name, made harmless for display and Content-Disposition."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFC", base)
    base = _UNSAFE.sub("_", base).strip(" ._")
    if len(base) > 150:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: 150 - len(ext) - 1] + dot + ext) if dot and len(ext) <= 5 else base[:150]
    return base or "document"


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed(message, field="file", code="invalid_file")


def check_upload(file: IO[bytes], *, name: str, size: int, kind: str) -> CheckedUpload:
    allowed = ALLOWED_FORMATS.get(kind)
    if not allowed:
        raise ValidationFailed(_("Choose what kind of document this is."), field="kind")
    display = safe_display_name(name)
    extension = display.rsplit(".", 1)[-1].lower() if "." in display else ""
    wanted = " or ".join(f.upper() for f in allowed)
    if extension not in allowed:
        raise _invalid(
            _("“%(name)s” is not accepted here: upload a %(wanted)s file.")
            % {"name": display, "wanted": wanted}
        )
    if size <= 0:
        raise _invalid(_("“%(name)s” is empty. Upload the complete file.") % {"name": display})
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise _invalid(
            _("“%(name)s” is %(size)s; the limit is %(limit)s. Split or compress it.")
            % {"name": display, "size": filesizeformat(size), "limit": filesizeformat(limit)}
        )
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    detected = magic.from_buffer(head, mime=True)
    checker = {"pdf": _is_pdf, "csv": _is_csv, "xlsx": _is_xlsx}[extension]
    problem = checker(file, head, detected)
    file.seek(0)
    if problem:
        raise _invalid(
            _(
                "“%(name)s” is named .%(ext)s but its content is not a %(wanted)s file (%(why)s). "
                "Upload the original %(wanted)s document."
            )
            % {"name": display, "ext": extension, "wanted": extension.upper(), "why": problem}
        )
    return CheckedUpload(display, extension, CONTENT_TYPES[extension], size)


def _is_pdf(file: IO[bytes], head: bytes, detected: str) -> str:
    if not head.startswith(b"%PDF-") or detected != "application/pdf":
        return _("it reads as %(type)s") % {"type": detected}
    return ""


def _is_csv(file: IO[bytes], head: bytes, detected: str) -> str:
    if not (detected.startswith("text/") or detected in {"application/csv", "inode/x-empty"}):
        return _("it reads as %(type)s") % {"type": detected}
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    for chunk in iter(lambda: file.read(1024 * 1024), b""):
        if b"\x00" in chunk:
            return _("it contains binary data")
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError:
            return _("it is not UTF-8 text; save it as “CSV UTF-8”")
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return _("it is not UTF-8 text; save it as “CSV UTF-8”")
    return ""


def _is_xlsx(file: IO[bytes], head: bytes, detected: str) -> str:
    if not head.startswith(b"PK\x03\x04"):
        return _("it reads as %(type)s") % {"type": detected}
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                return _("it is a zip archive but not an Excel workbook")
            if len(members) > XLSX_MAX_MEMBERS:
                return _("it holds too many parts")
            unpacked = sum(m.file_size for m in members)
            packed = max(1, sum(m.compress_size for m in members))
            if unpacked > XLSX_MAX_UNCOMPRESSED or unpacked / packed > XLSX_MAX_RATIO:
                return _("it would unpack to %(size)s, far more than a register needs") % {
                    "size": filesizeformat(unpacked)
                }
    except zipfile.BadZipFile:
        return _("the archive is damaged")
    return ""
