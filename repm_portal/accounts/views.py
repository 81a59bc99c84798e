from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.throttling import ScopedRateThrottle

from repm_portal.api import error_body
from repm_portal.errors import DomainError
from repm_portal.web.forms import add_domain_error, signed_in_user

from . import services, tokens
from .forms import ApiTokenForm, RegistrationForm, SignInForm


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    template_name = "registration/login.html"
    redirect_authenticated_user = True


def lockout_response(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """django-axes: too many failed sign-ins (a clear page, or the API's error shape; 429)."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            error_body(
                "locked_out",
                _(
                    "Too many failed sign-in attempts: try again in 30 minutes, or reset "
                    "your password."
                ),
            ),
            status=429,
        )
    return render(request, "registration/locked.html", status=429)


class _RegistrationScope:
    throttle_scope = "registration"  # the API's rate (REST_FRAMEWORK's throttle rates)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST":
        throttle = ScopedRateThrottle()
        if not throttle.allow_request(request, _RegistrationScope()):  # type: ignore[arg-type]
            wait = int(throttle.wait() or 60)
            response = render(
                request,
                "registration/register.html",
                {"form": form, "throttled_minutes": max(1, round(wait / 60))},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.applicant_register(
                email=data["email"],
                full_name=data["full_name"],
                organisation=data["organisation"],
                phone=data.get("phone") or "",
                password=data["password"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # The same answer whether the address was new or taken (its owner is told by e-mail).
            email = data["email"].strip().lower()
            return render(request, "registration/register_done.html", {"email": email})
    return render(request, "registration/register.html", {"form": form})


@require_http_methods(["GET", "POST"])
def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    # GET shows a button; POST verifies, so that mail scanners following links change nothing.
    if request.method == "GET":
        return render(request, "registration/verify.html")
    try:
        services.email_verify(uidb64=uidb64, token=token)
    except DomainError as error:
        return render(request, "registration/verify.html", {"error": error.message}, status=400)
    messages.success(request, _("Your e-mail address is verified. You can now sign in."))
    return redirect("web:login")


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's API tokens: list, issue one (its key shown once) and revoke."""
    user = signed_in_user(request)
    form = ApiTokenForm(request.POST or None)
    new_key = ""
    if request.method == "POST" and form.is_valid():
        _token, new_key = tokens.api_token_issue(user=user, label=form.cleaned_data["label"])
        form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": tokens.api_tokens_active(user=user),
            "ttl_hours": settings.API_TOKEN_TTL_HOURS,
        },
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = tokens.api_token_revoke(user=signed_in_user(request), token_id=pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The token starting %(prefix)s is revoked.") % {"prefix": token.prefix}
        )
    return redirect("web:api_tokens")
