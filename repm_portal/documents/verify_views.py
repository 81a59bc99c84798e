"""The public ``/verify/`` page (issue 14.4) and MHI's revocation of an issued letter."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.throttling import ScopedRateThrottle

from repm_portal.accounts.models import Role
from repm_portal.errors import DomainError
from repm_portal.web.forms import signed_in_user

from . import services, verification
from .letters import reference_normalise
from .models import IssuedLetter


class ReferenceForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Reference printed on the letter"),
        max_length=40,
        help_text=gettext_lazy(
            "12 letters and digits in three groups, e.g. 7KQ2-M9XD-4TZ8; case and dashes "
            "do not matter."
        ),
    )


class FileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("The letter's PDF file"),
        help_text=gettext_lazy(
            "The file exactly as received: a copy changed in any way (even re-saved) no longer "
            "matches."
        ),
    )

    def clean_file(self) -> object:
        file = self.cleaned_data["file"]
        if file.size > settings.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s: no letter of the portal is that large.")
                % {"max": filesizeformat(settings.MAX_UPLOAD_BYTES)}
            )
        return file


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for revocation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Kept in the audit trail; the public page says only that the letter was revoked "
            "and when."
        ),
    )


class _VerifyScope:
    throttle_scope = "verify"  # REST_FRAMEWORK's throttle rates: the same budget as the API


def _throttled(request: HttpRequest) -> HttpResponse | None:
    throttle = ScopedRateThrottle()
    if throttle.allow_request(request, _VerifyScope()):  # type: ignore[arg-type]
        return None
    wait = int(throttle.wait() or 60)
    response = render(
        request,
        "documents/verify.html",
        {
            "reference_form": ReferenceForm(),
            "file_form": FileForm(),
            "throttled_seconds": wait,
        },
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


@require_http_methods(["GET", "POST"])
def verify_check(request: HttpRequest) -> HttpResponse:
    """Public: was this letter issued by the portal, when, to whom, and does it still stand?"""
    verdict = None
    asked = "reference" in request.GET or request.method == "POST"
    if asked and (refused := _throttled(request)):
        return refused
    reference_form = ReferenceForm(request.GET if "reference" in request.GET else None)
    file_form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if file_form.is_valid():
            verdict = verification.letter_by_file(file_form.cleaned_data["file"])
    elif reference_form.is_bound and reference_form.is_valid():
        if reference_normalise(reference_form.cleaned_data["reference"]):
            verdict = verification.letter_by_reference(reference_form.cleaned_data["reference"])
        else:
            reference_form.add_error(
                "reference",
                _(
                    "A reference has 12 letters and digits, e.g. 7KQ2-M9XD-4TZ8: check it "
                    "against the letter."
                ),
            )
    can_revoke = (
        verdict is not None
        and verdict.status == verification.VALID
        and request.user.is_authenticated
        and request.user.has_role(Role.MHI)
    )
    return render(
        request,
        "documents/verify.html",
        {
            "reference_form": reference_form,
            "file_form": file_form,
            "verdict": verdict,
            "revoke_form": RevokeForm() if can_revoke else None,
        },
    )


@login_required
@require_POST
def letter_revoke(request: HttpRequest, reference: str) -> HttpResponse:
    """MHI revokes an issued letter (the service checks the role again)."""
    user = signed_in_user(request)
    if not user.has_role(Role.MHI):
        raise PermissionDenied
    letter = IssuedLetter.objects.filter(reference=reference_normalise(reference)).first()
    back = f"{reverse('web:verify')}?{urlencode({'reference': reference})}"
    form = RevokeForm(request.POST)
    if letter is None:
        messages.error(request, _("No letter has this reference."))
        return redirect(back)
    if not form.is_valid():
        messages.error(request, _("Say why the letter is revoked."))
        return redirect(back)
    try:
        services.letter_revoke(actor=user, letter=letter, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The letter %(r)s is revoked.") % {"r": letter.reference})
    return redirect(back)
