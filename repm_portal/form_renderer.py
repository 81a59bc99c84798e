"""The form renderer: Django's own, except that an ``<input>`` or a ``<select>`` is written here
instead of through its widget templates (an include of an include for every field and every
option, most of a form page's time). The values go through the template engine's own
functions, so the HTML is the one Django's templates write; a widget template overridden by an
app, or anything unusual (a callable value, another option template), goes to the templates.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import django
from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
# Django's widget templates that are exactly {% include "django/forms/widgets/input.html" %}.
INPUTS = frozenset(
    f"{WIDGETS}{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)
SELECT = f"{WIDGETS}select.html"
OPTION = f"{WIDGETS}select_option.html"
DJANGO_WIDGETS = Path(django.__file__).parent / "forms" / "templates"

# What a widget template's variables are rendered in: a template's defaults (autoescape on).
_CONTEXT = Context(autoescape=True)


class _Unusual(Exception):
    """A value the template engine would treat in its own way (it calls callables)."""


def _out(value: Any) -> str:
    """``{{ value }}``."""
    if callable(value):
        raise _Unusual
    return render_value_in_context(value, _CONTEXT)


def _out_s(value: Any) -> str:
    """``{{ value|stringformat:'s' }}`` (a safe value stays unescaped: the filter is_safe)."""
    if callable(value):
        raise _Unusual
    text = stringformat(value, "s")
    # A value already safe stays so, as the filter (is_safe) keeps it.
    return _out(mark_safe(text) if isinstance(value, SafeData) else text)  # noqa: S308


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    return "".join(
        f" {_out(name)}" if value is True else f' {_out(name)}="{_out_s(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict[str, Any]) -> str:
    """django/forms/widgets/input.html, stripped as ``render`` strips."""
    value = widget["value"]
    shown = "" if value == None else f' value="{_out_s(value)}"'  # noqa: E711  (as the template)
    return (
        f'<input type="{_out(widget["type"])}" name="{_out(widget["name"])}"{shown}'
        f"{_attrs(widget['attrs'])}>"
    )


def _select(widget: dict[str, Any]) -> str:
    """django/forms/widgets/select.html with select_option.html for each option, stripped."""
    parts = [f'<select name="{_out(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_out(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                raise _Unusual
            parts.append(
                f'\n  <option value="{_out_s(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_out(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


FAST: dict[str, Callable[[dict[str, Any]], str]] = {
    **dict.fromkeys(INPUTS, _input),
    SELECT: _select,
}


class PortalFormRenderer(DjangoTemplates):
    """Django's renderer, with plain inputs and selects written without the template engine."""

    def __init__(self) -> None:
        super().__init__()
        self._own: dict[str, bool] = {}  # template name → is it Django's own, not overridden?

    def _is_django_own(self, template_name: str) -> bool:
        if template_name not in self._own:
            origin = self.get_template(template_name).origin
            self._own[template_name] = Path(origin.name).is_relative_to(DJANGO_WIDGETS)
        return self._own[template_name]

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        fast = FAST.get(template_name)
        if fast is not None and self._is_django_own(template_name):
            if template_name == SELECT and not self._is_django_own(OPTION):
                return super().render(template_name, context, request)
            try:
                return fast(context["widget"])
            except _Unusual:
                pass
        return super().render(template_name, context, request)
