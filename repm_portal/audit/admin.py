from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditCheck, AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["seq", "at", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_id", "object_label", "request_id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditCheck)
class AuditCheckAdmin(AuditEventAdmin):
    list_display = ["checked_at", "ok", "entries", "first_broken_seq", "reason"]
    list_filter = ["ok"]
    search_fields = ["reason"]
