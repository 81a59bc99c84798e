"""The amendment form: one labelled field per parameter and per table row, filled from the
version in force, so that MHI changes only what the order changes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import ParameterVersion
from .spec import SPECS, ParamSpec


def field_name(spec: ParamSpec, row: int | None = None) -> str:
    return f"p__{spec.key}" if row is None else f"p__{spec.key}__{row}"


def _field(spec: ParamSpec, row: int | None = None) -> forms.Field:
    # Lazy all through: the fields are built once, at import, and shown in each reader's language.
    help_text = format_lazy("{} · {}", spec.rule, spec.unit)
    if spec.help:
        help_text = format_lazy("{} · {}", help_text, spec.help)
    if row is not None:
        label = format_lazy("{}: {} {}", spec.label, row, spec.row_label)
        return forms.DecimalField(label=label, min_value=0, help_text=help_text)
    if spec.kind == "date":
        return forms.DateField(
            label=spec.label,
            required=not spec.optional,
            help_text=help_text,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
    if spec.kind == "days_list":
        return forms.CharField(
            label=spec.label, help_text=format_lazy("{} · {}", help_text, _("e.g. 90, 30, 7"))
        )
    if spec.kind == "integer":
        return forms.IntegerField(label=spec.label, min_value=0, help_text=help_text)
    max_value = 1 if spec.kind == "fraction" else None
    return forms.DecimalField(
        label=spec.label, min_value=0, max_value=max_value, help_text=help_text
    )


def _declared_fields() -> dict[str, forms.Field]:
    fields: dict[str, forms.Field] = {}
    for spec in SPECS:
        if spec.kind == "table":
            for row in spec.rows:
                fields[field_name(spec, row)] = _field(spec, row)
        else:
            fields[field_name(spec)] = _field(spec)
    return fields


def initial_from(values: dict[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for spec in SPECS:
        raw = values[spec.key]
        if spec.kind == "table":
            for row in spec.rows:
                initial[field_name(spec, row)] = raw[str(row)]
        elif spec.kind == "days_list":
            initial[field_name(spec)] = ", ".join(str(d) for d in raw)
        else:
            initial[field_name(spec)] = raw
    return initial


def changes_from(cleaned: dict[str, Any]) -> dict[str, Any]:
    """The form's values as a parameter dict (validated again by the service)."""
    values: dict[str, Any] = {}
    for spec in SPECS:
        if spec.kind == "table":
            values[spec.key] = {str(r): str(cleaned[field_name(spec, r)]) for r in spec.rows}
        elif spec.kind == "days_list":
            values[spec.key] = [
                p for p in str(cleaned[field_name(spec)]).replace(" ", "").split(",") if p
            ]
        elif spec.kind == "date":
            day = cleaned.get(field_name(spec))
            values[spec.key] = day.isoformat() if day else None
        else:
            values[spec.key] = str(cleaned[field_name(spec)])
    return values


class _AmendmentBase(forms.ModelForm):
    class Meta:
        model = ParameterVersion
        fields = ["effective_from", "authority", "description"]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}


ParameterAmendmentForm: type[forms.ModelForm] = type(
    "ParameterAmendmentForm", (_AmendmentBase,), _declared_fields()
)
PARAMETER_FIELD_NAMES = list(_declared_fields())
ParameterAmendmentForm.__doc__ = str(_("A new version of the scheme parameters."))
