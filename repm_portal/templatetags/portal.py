"""Template filters for Indian formats (R-UNIT-3)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language, gettext

from repm_portal.money import (
    amount_in_words,
    format_crore,
    format_inr,
    format_kg,
    format_number,
    to_decimal,
)

register = template.Library()


@register.filter
def inr(value: Any) -> str:
    """{{ amount|inr }} → ₹12,34,56,789.00"""
    return "" if value in (None, "") else format_inr(value)


@register.filter
def inr_words(value: Any) -> str:
    """{{ amount|inr_words }} → Rupees twelve crore … and fifty paise (Indian system), in the
    language the page or document is rendered in (Hindi: बारह करोड़ … रुपये और पचास पैसे)."""
    if value in (None, ""):
        return ""
    return amount_in_words(value, language=get_language() or "en")


@register.filter
def inr_words_only(value: Any) -> str:
    """{{ amount|inr_words_only }} → … and fifty paise only / … रुपये और पचास पैसे मात्र"""
    if value in (None, ""):
        return ""
    return amount_in_words(value, language=get_language() or "en", only=True)


@register.filter
def crore(value: Any) -> str:
    """{{ rupees|crore }} → ₹ 645.00 cr"""
    return "" if value in (None, "") else format_crore(value)


@register.filter
def indian(value: Any) -> str:
    """{{ 7280|indian }} → 7,280 (non-numbers pass through unchanged)."""
    try:
        return format_number(value)
    except (TypeError, ValueError, ArithmeticError):
        return "" if value is None else str(value)


@register.filter
def percent(value: Any) -> str:
    """{{ fraction|percent }} → "40 %" for 0.40, "2.5 %" for 0.025 (R-UNIT-3: rates as per cent)."""
    if value in (None, ""):
        return ""
    return f"{format_number((to_decimal(value) * 100).normalize())} %"


@register.filter
def kg(value: Any) -> str:
    return "" if value in (None, "") else format_kg(value)


@register.inclusion_tag("includes/field.html")
def form_field(field: Any) -> dict[str, Any]:
    """A labelled Bootstrap field whose help text and errors are tied to it for screen readers."""
    from django import forms

    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    attrs = {"class": css}
    is_date = isinstance(widget, forms.DateInput)
    if is_date:
        # The format a date is read in, said next to the field (R-UNIT-3); a browser without
        # a calendar sends what is typed, so the same format is the placeholder.
        described.append(f"{field.auto_id}_format")
        attrs.update({"placeholder": "YYYY-MM-DD", "pattern": r"\d{4}-\d{2}-\d{2}"})
    if field.errors:
        described.append(f"{field.auto_id}_errors")
        attrs.update({"aria-invalid": "true", "class": css + " is-invalid"})
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return {"field": field, "widget": field.as_widget(attrs=attrs), "is_date": is_date}


@register.filter
def translated(value: Any) -> str:
    """Portal messages kept in the source language ("; "-separated, e.g. why an investment line
    is excluded), each shown in the reader's language through the catalogue (R-GOV-2)."""
    if not value:
        return ""
    return "; ".join(gettext(part) for part in str(value).split("; "))
