from __future__ import annotations

from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from bidding.forms import own_documents
from repm_portal.accounts.models import User
from repm_portal.documents.models import Document
from repm_portal.ledger import disbursements_of
from repm_portal.money import format_inr

from .models import RAISABLE_CASE_KINDS, Decision, Head

DATE = forms.DateInput(attrs={"type": "date"})


class InvestmentReportForm(forms.Form):
    as_of = forms.DateField(
        label=_("Investment up to"),
        widget=DATE,
        help_text=_("The date the CA's certificate covers."),
    )
    ca_certificate = forms.ModelChoiceField(
        label=_("Chartered Accountant's certificate"),
        queryset=Document.objects.none(),
        help_text=_("A PDF uploaded under My documents."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        own_documents(self, "ca_certificate", user)


class InvestmentLineForm(forms.Form):
    head = forms.ChoiceField(
        label=_("Head"),
        choices=Head.choices,
        help_text=_("§4.3.iii (a), (b) or (c); land and buildings never count."),
    )
    description = forms.CharField(
        label=_("Asset or expense"),
        max_length=200,
        help_text=_("e.g. Vacuum sintering furnace, 2 t/batch."),
    )
    vendor = forms.CharField(label=_("Vendor"), max_length=200, help_text=_("Supplier's name."))
    invoice_number = forms.CharField(
        label=_("Invoice number"), max_length=60, help_text=_("Each invoice is reported once.")
    )
    invoice_date = forms.DateField(
        label=_("Invoice date"),
        widget=DATE,
        help_text=_("On or after 1 April 2025 to count (R-CAP-1)."),
    )
    amount = forms.DecimalField(
        label=_("Amount before taxes (₹)"),
        max_digits=18,
        decimal_places=2,
        help_text=_("In rupees and paise."),
    )
    non_creditable_taxes = forms.DecimalField(
        label=_("Non-creditable taxes (₹)"),
        max_digits=18,
        decimal_places=2,
        required=False,
        help_text=_("Taxes and duties you cannot take credit for; they count (R-CAP-2)."),
    )
    second_hand = forms.BooleanField(
        label=_("Second-hand or refurbished"),
        required=False,
        help_text=_("Not eligible (R-CAP-3)."),
    )
    slump_sale = forms.BooleanField(
        label=_("Acquired by slump sale"), required=False, help_text=_("Not eligible (R-CAP-3).")
    )
    leased = forms.BooleanField(
        label=_("Leased"), required=False, help_text=_("Not eligible (R-CAP-3).")
    )
    claimed_eligible = forms.BooleanField(
        label=_("Count as eligible investment"),
        required=False,
        initial=True,
        help_text=_("Untick to report a line that does not count (it is kept, flagged)."),
    )


InvestmentLineFormSet = formset_factory(InvestmentLineForm, extra=1, max_num=200)


class CommissioningForm(forms.Form):
    capacity_mtpa = forms.DecimalField(
        label=_("Capacity commissioned (MTPA)"),
        max_digits=7,
        decimal_places=2,
        help_text=_("This stage only; the total cannot pass the allocation."),
    )
    commissioned_on = forms.DateField(
        label=_("Commissioned on"), widget=DATE, help_text=_("As certified.")
    )
    industries_certificate = forms.ModelChoiceField(
        label=_("Department of Industries certificate"),
        queryset=Document.objects.none(),
        help_text=_("R-CAP-5; a PDF uploaded under My documents."),
    )
    engineer_certificate = forms.ModelChoiceField(
        label=_("Chartered Engineer certificate"),
        queryset=Document.objects.none(),
        help_text=_("R-CAP-5: from NdPr oxide through every intermediate process."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        own_documents(self, "industries_certificate", user)
        own_documents(self, "engineer_certificate", user)


class CaseRaiseForm(forms.Form):
    beneficiary = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=RAISABLE_CASE_KINDS,
        help_text=_("Missed milestones raise their own cases."),
    )
    description = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The facts and the evidence; the beneficiary sees it."),
    )


class NoticeForm(forms.Form):
    reply_by = forms.DateField(
        label=_("Reply by"), widget=DATE, help_text=_("Usually 15 to 30 days from today.")
    )


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why no penalty should be imposed."),
    )


class HearingForm(forms.Form):
    hearing_on = forms.DateField(
        label=_("Hearing held on"), widget=DATE, help_text=_("The date of the personal hearing.")
    )
    notes = forms.CharField(
        label=_("Record of the hearing"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who attended and what was said."),
    )


class DecisionForm(forms.Form):
    decisions = forms.MultipleChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or more penalties, or close."),
    )
    pbg_encashed = forms.DecimalField(
        label=_("PBG encashed (₹)"),
        required=False,
        max_digits=18,
        decimal_places=2,
        help_text=_("Only when encashing the guarantee."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The beneficiary sees them."),
    )


class RefundForm(forms.Form):
    demand_on = forms.DateField(
        label=_("Interest up to"), widget=DATE, help_text=_("Usually the date of this demand.")
    )
    disbursements = forms.MultipleChoiceField(
        label=_("Benefits to refund"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The benefits the portal recorded as disbursed to this beneficiary, with their dates "
            "and amounts (R-MS-5): tick those obtained by misrepresentation."
        ),
        error_messages={"required": _("Tick at least one benefit disbursed.")},
    )

    def __init__(self, *args: Any, beneficiary_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["disbursements"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (
                d.key,
                _("%(what)s: %(amount)s disbursed on %(day)s (%(ref)s)")
                % {
                    "what": d.label,
                    "amount": format_inr(d.amount),
                    "day": d.disbursed_on.strftime("%d %b %Y"),
                    "ref": d.reference,
                },
            )
            for d in disbursements_of(beneficiary_id)
        ]


class MCLRForm(forms.Form):
    effective_from = forms.DateField(
        label=_("Effective from"), widget=DATE, help_text=_("The date SBI's rate took effect.")
    )
    rate_pct = forms.DecimalField(
        label=_("3-year MCLR (% a year)"), max_digits=5, decimal_places=2, help_text=_("e.g. 8.75")
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        help_text=_("SBI's notice, e.g. “SBI MCLR circular of 15 Apr 2027”."),
    )
