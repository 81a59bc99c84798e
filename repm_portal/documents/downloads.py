from __future__ import annotations

from django.http import FileResponse

from .models import Document


def attachment_response(document: Document) -> FileResponse:
    """The file as a download, never rendered inline by the browser."""
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
