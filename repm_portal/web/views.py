"""Home page per role, site-information pages, policy decisions, health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from repm_portal.errors import NotFound
from repm_portal.parameters.selectors import parameters_in_force
from repm_portal.periods import today_ist
from repm_portal.term import round_terms

from .duties import duties_for
from .pages import FOOTER_PAGES, PAGE_TITLES
from .policy import DECISIONS


@login_required
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


def error_400(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever failed (the database, say) must not fail this page too.
    return HttpResponse(loader.get_template("errors/500.html").render(), status=500)
