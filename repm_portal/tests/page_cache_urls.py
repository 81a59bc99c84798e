"""Views for test_page_cache.py: pages a view answers in ways that must never be kept."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.urls import path

from repm_portal.page_cache import cached_page

calls: Counter[str] = Counter()


def _html(request: HttpRequest, name: str, status: int = 200) -> HttpResponse:
    get_token(request)  # as every page of the portal's frame does: the CSRF cookie is set
    calls[name] += 1
    return HttpResponse(f"<p>{name} {calls[name]}</p>", status=status)


@cached_page
def plain(request: HttpRequest) -> HttpResponse:
    return _html(request, "plain")


@cached_page
def not_found(request: HttpRequest) -> HttpResponse:
    return _html(request, "not_found", status=404)


@cached_page
def too_long(request: HttpRequest) -> HttpResponse:
    response = _html(request, "too_long")
    response.content = response.content + b" " * 128 * 1024
    return response


@cached_page
def json(request: HttpRequest) -> HttpResponse:
    calls["json"] += 1
    return JsonResponse({"n": calls["json"]})


@cached_page
def sets_cookie(request: HttpRequest) -> HttpResponse:
    response = _html(request, "sets_cookie")
    response.set_cookie("seen", "1")
    return response


@cached_page
def changes_session(request: HttpRequest) -> HttpResponse:
    request.session["last_seen"] = calls["changes_session"]
    return _html(request, "changes_session")


@cached_page
def leaves_message(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Saved.")
    return _html(request, "leaves_message")


urlpatterns = [
    path("plain/", plain),
    path("not-found/", not_found),
    path("too-long/", too_long),
    path("json/", json),
    path("sets-cookie/", sets_cookie),
    path("changes-session/", changes_session),
    path("leaves-message/", leaves_message),
]
