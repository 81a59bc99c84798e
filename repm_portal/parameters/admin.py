"""MHI records an amendment of scheme parameters here (R-PARAM-1); versions never change."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from repm_portal.errors import DomainError
from repm_portal.periods import today_ist

from .forms import PARAMETER_FIELD_NAMES, ParameterAmendmentForm, changes_from, initial_from
from .models import ParameterVersion
from .selectors import parameter_version_in_force
from .services import parameter_amend
from .spec import SPECS


@admin.register(ParameterVersion)
class ParameterVersionAdmin(admin.ModelAdmin):
    list_display = ["id", "effective_from", "authority", "recorded_by", "recorded_at"]
    list_filter = ["effective_from"]
    search_fields = ["authority", "description"]
    date_hierarchy = "effective_from"
    form = ParameterAmendmentForm

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return [
                (
                    None,
                    {
                        "fields": [
                            "effective_from",
                            "authority",
                            "description",
                            "recorded_by",
                            "recorded_at",
                            "values_table",
                        ]
                    },
                )
            ]
        return [
            (_("Order"), {"fields": ["effective_from", "authority", "description"]}),
            (
                _("Values (filled from the version in force today; change what the order changes)"),
                {"fields": PARAMETER_FIELD_NAMES},
            ),
        ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is not None:
            return [
                "effective_from",
                "authority",
                "description",
                "recorded_by",
                "recorded_at",
                "values_table",
            ]
        return []

    @admin.display(description=_("values"))
    def values_table(self, obj: ParameterVersion) -> str:
        rows = ((s.rule, s.label, s.unit, obj.values.get(s.key)) for s in SPECS)
        return format_html_join("", "<div><b>{}</b> {} ({}): {}</div>", rows)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return initial_from(parameter_version_in_force(today_ist()).values)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form_class = super().get_form(request, obj, change=change, **kwargs)

        class AmendmentForm(form_class):  # type: ignore[valid-type,misc]
            def _post_clean(self) -> None:
                # The service validates and saves; run it here so errors land on the form.
                if self.errors or obj is not None:
                    return
                try:
                    self.instance = parameter_amend(
                        actor=request.user,  # type: ignore[arg-type]
                        effective_from=self.cleaned_data["effective_from"],
                        authority=self.cleaned_data["authority"],
                        description=self.cleaned_data.get("description", ""),
                        changes=changes_from(self.cleaned_data),
                    )
                except DomainError as error:
                    names = (f"p__{error.field}", error.field)
                    field = next((n for n in names if n in self.fields), None)
                    self.add_error(field, ValidationError(error.message))

        return AmendmentForm

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Already saved by the service in the form's validation."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """A version has no related objects to save."""
