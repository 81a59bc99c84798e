from django.contrib import admin
from django.http import HttpRequest

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["received_at", "name", "email", "page"]
    search_fields = ["name", "email", "page", "message"]
    readonly_fields = ["name", "email", "page", "message", "user", "received_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
