"""Request context (request id, client IP) for the audit trail and logs, and security headers."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    # When the request reached the portal: the server's clock read once, first of all.
    received_at: datetime | None = None


_NO_REQUEST = RequestContext()
_current: ContextVar[RequestContext | None] = ContextVar("repm_request", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def current_request_context() -> RequestContext:
    return _current.get() or _NO_REQUEST


def received_at() -> datetime:
    """The moment the current request reached the portal (R-BID-7: it decides whether a bid
    is in time and is the time recorded). Outside a request (a task, a command), now."""
    return current_request_context().received_at or timezone.now()


@contextmanager
def request_context(
    request_id: str, ip: str | None = None, *, received: datetime | None = None
) -> Iterator[RequestContext]:
    """Attribute audit events to a request id (a task or command acting for a request)."""
    token = _current.set(RequestContext(request_id=request_id, ip=ip, received_at=received))
    try:
        yield _current.get() or _NO_REQUEST
    finally:
        _current.reset(token)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: behind ``TRUSTED_PROXIES`` proxies of our own, the entry of
    X-Forwarded-For that the outermost of them appended (the n-th from the right); entries to
    its left are the client's own words. Without proxies, the connection's address."""
    proxies = getattr(settings, "TRUSTED_PROXIES", 0)
    if proxies:
        entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        entries = [e for e in entries if e]
        if entries:
            return entries[-proxies] if len(entries) >= proxies else entries[0]
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Reads the clock once as the request arrives (the first middleware, so nothing before it
    waits), gives every request an id (kept from a well-formed X-Request-ID) and notes the
    client IP."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        arrived = timezone.now()
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(
            RequestContext(request_id=request_id, ip=client_ip(request), received_at=arrived)
        )
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdLogFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_context().request_id or "-"
        return True


class ClientErrorsOneLine(logging.Filter):
    """A 4xx logged by ``django.request`` (a refusal, a missing page) keeps its one-line message
    but drops the traceback: the request was wrong, not the portal. So does a 503 (the database
    unreachable, ``repm_portal.unavailable``): one line a request, not a traceback each. Other
    5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", 500)
        if status < 500 or status == 503:
            record.exc_info = None
            record.exc_text = None
        return True


# Bootstrap and HTMX are served from /static/; no page needs inline script or a third party.
_CSP = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)
# Django's admin sets some styles inline but runs no inline script.
_CSP_ADMIN = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; "
    "object-src 'none'"
)
# Swagger UI's page carries an inline bootstrap script and inline styles.
_CSP_API_DOCS = (
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            policy = _CSP_ADMIN
        elif request.path.startswith("/api/docs"):
            policy = _CSP_API_DOCS
        else:
            policy = _CSP
        response.setdefault("Content-Security-Policy", policy)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            # A signed-in page or an API answer holds someone's data: no cache, shared or
            # the browser's own (back button on a shared computer), keeps it.
            patch_cache_control(response, no_store=True, private=True)
        return response


class DomainErrorMiddleware:
    """A domain error that escapes a page view becomes a clear page with its status, not a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.shortcuts import render

        from .errors import DomainError

        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        return render(
            request, "errors/domain.html", {"error": exception}, status=exception.http_status
        )
