"""Home page per role, site-information pages, policy decisions, health check."""

from __future__ import annotations

import sys

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from repm_portal.api import error_body
from repm_portal.errors import NotFound
from repm_portal.page_cache import cached_page
from repm_portal.parameters.selectors import parameters_in_force
from repm_portal.periods import today_ist
from repm_portal.term import round_terms
from repm_portal.unavailable import database_unavailable, unavailable_response

from .duties import duties_for
from .pages import FOOTER_PAGES, PAGE_TITLES
from .policy import DECISIONS


@login_required
@cached_page
def home(request: HttpRequest) -> HttpResponse:
    today = today_ist()
    duties = duties_for(request.user, today)  # type: ignore[arg-type]
    return render(
        request,
        "web/home.html",
        {
            "today": today,
            "duties": duties,
            "overdue_count": sum(1 for d in duties if d.overdue_on(today)),
            "role_template": f"web/roles/{request.user.role}.html",  # type: ignore[union-attr]
            # A TC or SMC role counts only with a seat held today (R-COM-3).
            "acts_in_role": request.user.has_role(request.user.role),  # type: ignore[union-attr]
        },
    )


@require_GET
def info_page(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in PAGE_TITLES:
        raise Http404
    if slug == "sitemap":
        return render(request, "pages/sitemap.html", {"pages": FOOTER_PAGES})
    return render(request, f"pages/{slug}.html")


@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    # R-PARAM-2: the term as the parameters in force today make it, never literal numbers.
    today = today_ist()
    try:
        params = parameters_in_force(today)
    except NotFound:
        term = None
    else:
        term = {
            "gestation_years": params.integer("gestation_years"),
            "tenure_years": params.integer("tenure_years"),
            "start": params.date("scheme_start_date"),
            "authority": params.authority,
            "rounds": round_terms(params),
        }
    return render(request, "web/policy.html", {"decisions": DECISIONS, "term": term})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _api_error(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse | None:
    """Under /api/ even a URL that matches no view answers in the API's one error shape."""
    if not request.path.startswith("/api/"):
        return None
    return JsonResponse(error_body(code, message), status=status)


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_error(request, 400, "bad_request", _("The request is malformed.")) or render(
        request, "errors/400.html", status=400
    )


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_error(
        request, 403, "permission_denied", _("You do not have permission to do this.")
    ) or render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _api_error(
        request,
        404,
        "not_found",
        _("There is no such address in the API: see the documentation at /api/docs/."),
    ) or render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # The database unreachable before a view ran (the session, the user): a 503, not a 500.
    error = sys.exc_info()[1]
    if error is not None and database_unavailable(error):
        return unavailable_response(request)
    # No context processors: whatever failed (the database, say) must not fail this page too.
    if request.path.startswith("/api/"):
        message = _("Something went wrong on our side; quote the request id when reporting it.")
        return JsonResponse(error_body("server_error", message), status=500)
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
