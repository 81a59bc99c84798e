"""The portal's form renderer writes what Django's widget templates write, byte for byte."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest.mock import patch

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.base import Template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from repm_portal.form_renderer import PortalFormRenderer

CHOICES = [
    ("", "—"),
    ("a&b", 'A <b> & "quoted"'),
    (3, gettext_lazy("Help")),
    ("Group <1>", [("g1", "One"), ("g2", "Two's")]),
]


class Everything(forms.Form):
    text = forms.CharField(help_text="Some <help>", max_length=20)
    tricky = forms.CharField(required=False, initial='<a href="x">&\'"</a>')
    number = forms.IntegerField(initial=1234567)
    amount = forms.DecimalField(initial=Decimal("12345.60"), localize=True)
    day = forms.DateField(initial=date(2026, 3, 31))
    email = forms.EmailField(required=False)
    url = forms.URLField(
        required=False, disabled=True, initial="https://x.in/?a=1&b=2", assume_scheme="https"
    )
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="p<w>")
    ticked = forms.BooleanField(required=False, initial=True)
    unticked = forms.BooleanField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="h&")
    upload = forms.FileField(required=False)
    kind = forms.ChoiceField(choices=CHOICES, initial="g2")
    plain = forms.TypedChoiceField(choices=[(1, 1), (2, 2000)], coerce=int, initial=2)
    odd = forms.CharField(
        widget=forms.TextInput(
            attrs={"data-t": True, "data-f": False, "data-n": None, "data-s": mark_safe("<i>")}
        )
    )


def _fields(form: forms.Form) -> list[str]:
    return [str(bound) for bound in form] + [form.as_div(), str(form["kind"].as_widget())]


@pytest.mark.parametrize("language", ["en", "hi"])
@pytest.mark.parametrize(
    "data",
    [None, {"text": "x" * 30, "number": "n<", "kind": "zz", "ticked": "on", "odd": "o&"}],
)
def test_the_same_html_as_djangos_templates(language, data) -> None:
    with override(language):
        ours = _fields(Everything(data, renderer=PortalFormRenderer()))
        djangos = _fields(Everything(data, renderer=DjangoTemplates()))
    assert ours == djangos


def test_a_formset_with_its_management_form_is_the_same() -> None:
    # formset_factory takes a renderer (Django 4.0); the stubs do not say so yet.
    ours = forms.formset_factory(Everything, extra=2, renderer=PortalFormRenderer())  # type: ignore[call-arg]
    djangos = forms.formset_factory(Everything, extra=2, renderer=DjangoTemplates())  # type: ignore[call-arg]
    assert str(ours()) == str(djangos())


def test_inputs_and_selects_are_written_without_a_template() -> None:
    form = Everything(renderer=PortalFormRenderer())
    str(form["text"]), str(form["kind"])  # the renderer has looked its templates up once
    with patch.object(Template, "render", side_effect=AssertionError("a template rendered")):
        for name in ("text", "number", "day", "ticked", "hidden", "kind", "secret", "odd"):
            str(form[name].as_widget())
