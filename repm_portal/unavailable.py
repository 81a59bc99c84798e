"""When the database is unreachable (a PostgreSQL restart, a network cut): a 503 with
``Retry-After`` in the portal's frame, or the API's error shape, never a 500 with a traceback
for every request (issue 17). The connection comes back by itself: Django's connection health
checks (``CONN_HEALTH_CHECKS``) open a new one on the next request once the server answers.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 30
# PostgreSQL SQLSTATEs of a server that is away or going away: connection exceptions (class
# 08), and admin_shutdown, crash_shutdown, cannot_connect_now.
_UNAVAILABLE_CODES = ("57P01", "57P02", "57P03")


def database_unavailable(error: BaseException) -> bool:
    """Is this error the database being unreachable (not a bug, a deadlock or a bad query)?"""
    if isinstance(error, InterfaceError):  # "connection already closed"
        return True
    if not isinstance(error, OperationalError):
        return False
    code = getattr(error.__cause__, "pgcode", None)
    if code is not None:
        return code.startswith("08") or code in _UNAVAILABLE_CODES
    cause = error.__cause__
    if cause is not None and type(cause).__module__.startswith("psycopg"):
        return True  # no SQLSTATE: the server could not be reached or closed the connection
    return "database is locked" in str(error)  # SQLite, busy beyond its timeout


def unavailable_response(request: HttpRequest) -> HttpResponse:
    """The 503: a JSON error for the API, else a page in the portal's frame. Rendered without
    context processors, which would ask the database again (the user, notifications)."""
    message = _(
        "The portal is briefly unavailable. Nothing you sent was half-saved: try again in a minute."
    )
    if request.path.startswith("/api/"):
        from repm_portal.api import error_body

        response: HttpResponse = JsonResponse(error_body("unavailable", message), status=503)
    else:
        page = loader.get_template("errors/503.html").render(
            {"request": request, "message": message, "retry_after": RETRY_AFTER_SECONDS}
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseUnavailableMiddleware:
    """A view (or its template) that finds the database unreachable answers 503, logged as one
    line by ``django.request`` ("Service Unavailable"), without a traceback."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return unavailable_response(request) if database_unavailable(exception) else None
