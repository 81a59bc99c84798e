from django import forms
from django.utils.translation import gettext_lazy as _


class FeedbackForm(forms.Form):
    name = forms.CharField(
        label=_("Your name"), max_length=150, help_text=_("And your organisation, if any.")
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("The help desk replies to this address.")
    )
    page = forms.CharField(
        label=_("Page concerned"),
        max_length=300,
        required=False,
        help_text=_("Its address (URL) or title, if your feedback is about one page."),
    )
    message = forms.CharField(
        label=_("Your feedback"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What you were trying to do and what happened; the date, time and any request id "
            "shown. Never send a password or the contents of a sealed bid."
        ),
    )
