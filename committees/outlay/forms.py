"""The dashboard's question (as of when, by which years, with what assumptions) and MHI's two
records."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from milestones.models import RefundDemand

from ..models import AdminHead

DATE = forms.DateInput(attrs={"type": "date"})
VIEWS = [("scheme", _("Scheme years")), ("fy", _("Financial years (1 Apr–31 Mar)"))]


class OutlayQueryForm(forms.Form):
    """A GET form: nothing it asks is saved (the what-if of R-OUT-2)."""

    as_of = forms.DateField(
        label=_("As of"),
        required=False,
        widget=DATE,
        help_text=_("The dashboard as it stood at the end of this day (IST). Empty: today."),
    )
    view = forms.ChoiceField(
        label=_("Years"),
        choices=VIEWS,
        required=False,
        help_text=_("Scheme years from the start date, or financial years for budget estimates."),
    )
    utilisation = forms.DecimalField(
        label=_("Forecast: capacity utilisation"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(1),
        max_digits=4,
        decimal_places=2,
        help_text=_("A fraction of running capacity sold, e.g. 0.70. Empty: the parameter."),
    )
    price = forms.DecimalField(
        label=_("Forecast: net sale price (₹/kg)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Net of GST, per kg of magnet. Empty: the parameter."),
    )

    def clean_as_of(self) -> Any:
        from .selectors import as_of_problem

        day = self.cleaned_data.get("as_of")
        if day is not None and (problem := as_of_problem(day)):
            raise forms.ValidationError(problem)
        return day


class AdminExpenseForm(forms.Form):
    head = forms.ChoiceField(
        label=_("Head"), choices=AdminHead.choices, help_text=_("The §7 head it was paid under.")
    )
    description = forms.CharField(
        label=_("What was paid for"),
        max_length=200,
        help_text=_("e.g. “PMA fees, Q1 FY 2026-27”."),
    )
    amount = forms.DecimalField(
        label=_("Amount (₹)"),
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("In rupees, e.g. 12500000.00 for ₹1.25 crore."),
    )
    incurred_on = forms.DateField(
        label=_("Paid on"), widget=DATE, help_text=_("The date of payment; not in the future.")
    )
    reference = forms.CharField(
        label=_("Sanction or bill reference"),
        max_length=80,
        help_text=_("The sanction order or bill it was paid against."),
    )


class RefundRecoveryForm(forms.Form):
    demand = forms.ModelChoiceField(
        label=_("Refund demand"),
        queryset=RefundDemand.objects.none(),
        help_text=_("The §11.2 demand the money was received against."),
    )
    amount = forms.DecimalField(
        label=_("Amount received (₹)"),
        max_digits=16,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("In rupees; at most what is still owed on the demand."),
    )
    received_on = forms.DateField(
        label=_("Received on"), widget=DATE, help_text=_("The date the money reached MHI.")
    )
    reference = forms.CharField(
        label=_("Receipt or challan reference"),
        max_length=80,
        help_text=_("e.g. the Bharatkosh receipt number."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["demand"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = RefundDemand.objects.select_related("case__beneficiary__user")
