from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import DocumentKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=DocumentKind.choices,
        help_text=_("Decides the formats accepted: PDF, or CSV/XLSX for an invoice register."),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional; for example “DPR, revision 2”. Defaults to the file name."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("Up to %(limit)s. Only you (and those you share it with) can read it.")
        % {"limit": filesizeformat(settings.MAX_UPLOAD_BYTES)},
    )
