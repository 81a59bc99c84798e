"""Administrators create staff accounts here (the form calls the same service as the command)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from repm_portal.audit.services import audit_record
from repm_portal.errors import DomainError

from .models import User
from .services import staff_create


class StaffCreationForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "full_name", "role", "designation", "organisation"]
        help_texts = {"role": _("Staff role; applicants register themselves.")}


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "full_name", "role", "organisation", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    search_fields = ["email", "full_name", "organisation"]
    ordering = ["full_name"]
    readonly_fields = [
        "email",
        "role",
        "last_login",
        "date_joined",
        "email_verified_at",
        "is_staff",
        "is_superuser",
    ]
    fields = [
        "email",
        "full_name",
        "role",
        "organisation",
        "designation",
        "phone",
        "is_active",
        "email_verified_at",
        "last_login",
        "date_joined",
        "is_staff",
        "is_superuser",
    ]

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None:
            return super().get_form(request, obj, change=change, **kwargs)

        class CreationForm(StaffCreationForm):
            def _post_clean(self) -> None:
                # The service validates and saves in one transaction; its errors land here.
                if self.errors:
                    return
                try:
                    self.instance, _link = staff_create(
                        actor=request.user,  # type: ignore[arg-type]
                        **{name: self.cleaned_data.get(name) or "" for name in self.Meta.fields},
                    )
                except DomainError as error:
                    self.add_error(
                        error.field if error.field in self.fields else None, error.message
                    )

        kwargs["form"] = CreationForm
        kwargs["fields"] = StaffCreationForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.readonly_fields if obj is not None else []

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields if obj is not None else StaffCreationForm.Meta.fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # accounts are deactivated, never deleted: the audit trail names them

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        if change:
            # In the admin's transaction, like every state change (R-ACL-4): an organisation's
            # name is on letters and on the outlay dashboard, whose cached copy follows the trail.
            super().save_model(request, obj, form, change)
            if form.changed_data:
                audit_record(
                    actor=request.user,
                    action="user.changed",
                    obj=obj,
                    before={name: form.initial.get(name) for name in form.changed_data},
                    after={name: form.cleaned_data.get(name) for name in form.changed_data},
                )
        else:  # saved by staff_create during validation
            messages.info(
                request,
                _("An e-mail with a link to set the password was sent to %(email)s.")
                % {"email": obj.email},
            )
