from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from bidding.forms import own_documents
from repm_portal.accounts.models import Role, User
from repm_portal.documents.models import Document, DocumentKind


class ClaimForm(forms.Form):
    period = forms.RegexField(
        label=_("Claim period"),
        regex=r"^FY\d{4}-\d{2}(-H[12])?$",
        help_text=_("FY2027-28 for a year, FY2027-28-H1 (Apr–Sep) or FY2027-28-H2 (Oct–Mar)."),
        error_messages={"invalid": _("Write it as FY2027-28, FY2027-28-H1 or FY2027-28-H2.")},
    )
    register_document = forms.ModelChoiceField(
        label=_("Invoice register"),
        queryset=Document.objects.none(),
        help_text=_(
            "CSV or XLSX with the columns invoice_number, invoice_date, buyer_gstin, "
            "eway_bill_number, quantity_kg, taxable_value, gst (R-SLI-8)."
        ),
    )
    evidence = forms.ModelMultipleChoiceField(
        label=_("Evidence (§5.1)"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_(
            "Statutory auditor and management certificates, audited invoices, e-way "
            "bills, GST reconciliation."
        ),
    )
    declaration = forms.BooleanField(
        label=_(
            "I declare that the magnets claimed are sintered NdFeB magnets produced in "
            "India from NdPr oxide, not traded or imported (R-SLI-1)."
        ),
        help_text=_("Required."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        own_documents(self, "register_document", user, kind=DocumentKind.INVOICE_REGISTER)
        own_documents(self, "evidence", user)


class CapitalClaimForm(forms.Form):
    auditor_certificate = forms.ModelChoiceField(
        label=_("Statutory Auditor certificate"),
        queryset=Document.objects.none(),
        help_text=_(
            "The Statutory Auditor's certificate of commencement of sale and capitalisation of "
            "the assets (R-CAP-5), uploaded as a PDF certificate under Documents."
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "I confirm the investment lines above are those capitalised, and that none is "
            "second-hand, acquired by slump sale or leased unless so marked (R-CAP-3)."
        ),
        help_text=_("Required. The capital subsidy is claimed once (R-CAP-5)."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        own_documents(self, "auditor_certificate", user, kind=DocumentKind.CERTIFICATE)


class StepForm(forms.Form):
    text = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A question, an answer, or the reasons."),
    )
    ie = forms.ModelChoiceField(
        label=_("Independent Engineer"),
        queryset=User.objects.filter(role=Role.IE, is_active=True).order_by("full_name"),
        required=False,
        help_text=_("When sending the claim for verification."),
    )
    payment_reference = forms.CharField(
        label=_("Payment reference"),
        required=False,
        help_text=_("PFMS or UTR number, when disbursing."),
    )
    disbursed_on = forms.DateField(
        label=_("Disbursed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When disbursing."),
    )
