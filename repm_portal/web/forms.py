"""Shared form helpers: domain errors shown on the form that caused them."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest

from repm_portal.accounts.models import User
from repm_portal.errors import DomainError


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that ``login_required`` has let through."""
    assert isinstance(request.user, User)
    return request.user


def add_domain_error(form: forms.Form, error: DomainError) -> None:
    """Put a service's error on the field it names, or on the form as a whole."""
    if error.field and error.field in form.fields:
        form.add_error(error.field, error.message)
    else:
        form.add_error(None, error.message)
