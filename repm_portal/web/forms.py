"""Shared form helpers: domain errors shown on the form that caused them."""

from __future__ import annotations

from django import forms

from repm_portal.errors import DomainError


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put a service's error on the field it names, or on the form as a whole."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)
