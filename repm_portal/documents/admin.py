from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from guardian.admin import GuardedModelAdmin

from .models import Document, IssuedLetter


@admin.register(Document)
class DocumentAdmin(GuardedModelAdmin):
    list_display = ["id", "title", "kind", "owner", "size", "uploaded_at"]
    list_filter = ["kind", "format"]
    search_fields = ["title", "original_name", "owner__email", "sha256"]
    readonly_fields = [
        "owner",
        "kind",
        "title",
        "original_name",
        "file",
        "format",
        "content_type",
        "size",
        "sha256",
        "uploaded_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # uploads go through the checked service

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(IssuedLetter)
class IssuedLetterAdmin(admin.ModelAdmin):
    """Read only: letters are issued by the services and revoked by MHI at /verify/."""

    list_display = ["reference", "title", "addressee", "issued_at", "revoked_at", "superseded_by"]
    list_filter = ["title"]
    search_fields = ["reference", "sha256", "addressee", "title"]
    list_select_related = ["superseded_by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
