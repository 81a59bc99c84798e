"""Forms for the tender pages; each field says what it wants and why."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from repm_portal.accounts.models import Role, User
from repm_portal.accounts.seating import seated_users
from repm_portal.documents.models import Document, DocumentKind

from .models import EntityType


def own_documents(form: forms.Form, name: str, user: User, kind: str | None = None) -> None:
    """Offer only the user's own uploads (of ``kind``) in the document field ``name``."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    documents = Document.objects.filter(owner=user)
    field.queryset = documents.filter(kind=kind) if kind else documents


CAPACITIES = [(c, f"{c:,} MTPA") for c in range(600, 1300, 100)]


class RoundForm(forms.Form):
    reference = forms.CharField(
        label=_("RFP reference"),
        max_length=60,
        help_text=_("The Request for Proposal's number, e.g. MHI/REPM/RFP/2027/01."),
    )
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("Shown to applicants in the list of tenders.")
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: scope, pre-bid meeting, contacts."),
    )
    submission_deadline = forms.DateTimeField(
        label=_("Submission deadline (IST)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Bids are final at this moment; the opening can follow only after it."),
    )
    tc_members = forms.ModelMultipleChoiceField(
        label=_("Technical Committee members"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each receives one share of the key that opens the financial bids."),
    )
    opening_quorum = forms.IntegerField(
        label=_("Opening quorum (M)"),
        min_value=1,
        help_text=_("How many of them must be present to open the financial bids."),
    )
    rfp_documents = forms.ModelMultipleChoiceField(
        label=_("RFP documents"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("PDFs you uploaded under My documents."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        members = self.fields["tc_members"]
        assert isinstance(members, forms.ModelMultipleChoiceField)
        members.queryset = seated_users(Role.TC)  # the TC roster today (R-COM-3)
        own_documents(self, "rfp_documents", user)


class PassphraseForm(forms.Form):
    passphrase = forms.CharField(
        label=_("Your custody passphrase"),
        min_length=12,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters. It guards your share of the round's key; you type "
            "it at the opening. Nobody, not even the administrator, can recover it."
        ),
    )
    passphrase_again = forms.CharField(
        label=_("Passphrase again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Type it once more."),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("passphrase") != data.get("passphrase_again"):
            self.add_error("passphrase_again", _("The two passphrases differ."))
        return data


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Registered name"),
        max_length=200,
        help_text=_("As on the certificate of incorporation."),
    )
    entity_type = forms.ChoiceField(
        label=_("Entity type"),
        choices=EntityType.choices,
        help_text=_("A consortium lists its members below (R-BID-1)."),
    )
    country = forms.CharField(
        label=_("Country of incorporation"),
        max_length=2,
        initial="IN",
        help_text=_("Two-letter code: IN for India, JP for Japan …"),
    )
    cin = forms.CharField(
        label=_("CIN"),
        max_length=21,
        required=False,
        help_text=_("Corporate Identity Number (Indian companies), e.g. U27100MH2021PTC123456."),
    )
    pan = forms.CharField(
        label=_("PAN"),
        max_length=10,
        required=False,
        help_text=_("Ten characters, e.g. AAPFU0939F."),
    )
    gstin = forms.CharField(
        label=_("GSTIN"),
        max_length=15,
        required=False,
        help_text=_("Optional; its characters 3–12 must be your PAN."),
    )
    net_worth = forms.DecimalField(
        label=_("Net worth (₹)"),
        max_digits=18,
        decimal_places=2,
        help_text=_(
            "Of the applicant, or of the Lead Partner of a consortium, as certified (R-BID-5)."
        ),
    )
    net_worth_as_of = forms.DateField(
        label=_("Net worth as of"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date of the audited balance sheet."),
    )
    net_worth_certificate = forms.ModelChoiceField(
        label=_("Net worth certificate"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("A certificate (PDF) uploaded under My documents."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        own_documents(self, "net_worth_certificate", user, kind=DocumentKind.CERTIFICATE)


class MemberForm(forms.Form):
    name = forms.CharField(
        label=_("Member"), max_length=200, help_text=_("Registered name of the member.")
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        initial="IN",
        help_text=_("IN, or the foreign country's code (R-BID-3)."),
    )
    shareholding_pct = forms.DecimalField(
        label=_("Shareholding (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        help_text=_("In the Beneficiary; all add up to 100."),
    )
    is_lead = forms.BooleanField(
        label=_("Lead Partner"),
        required=False,
        help_text=_("Exactly one, holding at least 51 % (R-BID-2)."),
    )


MemberFormSet = formset_factory(MemberForm, extra=1, max_num=10, can_delete=True)


class SealedInput(forms.TextInput):
    """Never writes a typed amount back into a page, even with an error (R-BID-7)."""

    def get_context(self, name: str, value: object, attrs: dict | None) -> dict:
        return super().get_context(name, None, attrs)


class BidForm(forms.Form):
    capacity_mtpa = forms.TypedChoiceField(
        label=_("Capacity (MTPA)"),
        choices=CAPACITIES,
        coerce=int,
        help_text=_("600 to 1,200 MTPA in steps of 100; your net worth must meet Table 1."),
    )
    dpr = forms.ModelChoiceField(
        label=_("Detailed Project Report"),
        queryset=Document.objects.none(),
        help_text=_("A DPR (PDF) uploaded under My documents."),
    )
    amount = forms.DecimalField(
        label=_("Incentive sought (₹ per kg)"),
        max_digits=8,
        decimal_places=2,
        widget=SealedInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        help_text=_(
            "More than ₹0 and at most the ceiling. Sealed the moment it arrives: nobody "
            "can read it before the opening. Keep your receipt."
        ),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        own_documents(self, "dpr", user, kind=DocumentKind.DPR)


class EvaluationForm(forms.Form):
    qualified = forms.TypedChoiceField(
        label=_("Technical evaluation"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Qualified")), ("no", _("Not qualified"))],
        widget=forms.RadioSelect,
        help_text=_("Only qualified bids are opened (R-BID-7)."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The applicant sees these."),
    )


class TieForm(forms.Form):
    bid_order = forms.CharField(
        label=_("Bids in the order decided"),
        help_text=_("Bid references separated by commas, best first."),
    )
    method = forms.CharField(
        label=_("How the tie was resolved"),
        help_text=_("For example: draw of lots in the TC meeting of 4 January 2027."),
    )


class PBGForm(forms.Form):
    bank = forms.CharField(
        label=_("Issuing bank and branch"),
        max_length=200,
        help_text=_("A scheduled commercial bank in India."),
    )
    number = forms.CharField(
        label=_("Guarantee number"), max_length=60, help_text=_("As printed on the guarantee.")
    )
    amount = forms.DecimalField(
        label=_("Amount (₹)"),
        max_digits=18,
        decimal_places=2,
        help_text=_("At least Table 2's amount for your capacity."),
    )
    issued_on = forms.DateField(
        label=_("Issued on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Date of the guarantee."),
    )
    valid_until = forms.DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The portal reminds you before it expires."),
    )
    document = forms.ModelChoiceField(
        label=_("Scanned guarantee"),
        queryset=Document.objects.none(),
        help_text=_("A PDF uploaded under My documents."),
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        own_documents(self, "document", user)


class SPVForm(forms.Form):
    name = forms.CharField(
        label=_("SPV name"),
        max_length=200,
        help_text=_("The company formed under the Companies Act, 2013."),
    )
    cin = forms.CharField(
        label=_("SPV CIN"), max_length=21, help_text=_("Its Corporate Identity Number.")
    )
    incorporated_on = forms.DateField(
        label=_("Incorporated on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Date on the certificate of incorporation."),
    )


class AwardForm(forms.Form):
    loa_date = forms.DateField(
        label=_("Letter of Award date"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Starts every milestone clock (R-BID-11)."),
    )
