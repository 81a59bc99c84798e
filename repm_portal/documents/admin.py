from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from guardian.admin import GuardedModelAdmin

from .models import Document


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
