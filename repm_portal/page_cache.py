"""A signed-in page kept as rendered, for the browser session that asked for it, until anything
in the database changes or the minute turns (issue 16.8).

A home or list page of the portal is a function of the database, the user and session, the
address, the language and the clock. ``cached_page`` keeps the rendered page in the process's
own memory (the ``pages`` cache: no one's page leaves the worker, none of it reaches Redis)
under a key of all of these:

- the database's state: PostgreSQL's current snapshot (``pg_current_snapshot()``), the list
  of transactions committed and in flight that decides which rows a query sees, and the WAL
  insert position (``pg_current_wal_insert_lsn()``). Two requests with the same snapshot read
  the same rows; any write by anyone (a claim filed, a notice read, a parameter amended, a
  session begun) changes it as it starts and again as its commit becomes visible. The WAL
  position alone would not do: it moves as a commit is written, a moment before the commit is
  visible, and a page rendered in between would be kept without the write. The snapshot alone
  would miss a write of the reader's own open transaction (each test runs in one); the
  position moves with every row written. Both are read before the view runs, so what the view
  reads is at least that recent. The server's start time goes with them: a restore or a
  failover may count transactions and WAL again from an earlier point.
- the user, the session key and the CSRF cookie (a form in the page carries a token for that
  cookie): a page is only ever served again to the browser session it was rendered for;
- the address with its query, the host and the language;
- the minute in India: a deadline that passes, "Information as of" in the footer;
- whatever else the view names in ``vary`` (the audit trail's checkpoint file, say).

Kept: a 200 ``text/html`` answer to a GET, of at most ``KEEP_AT_MOST`` bytes, that set no
cookie, changed no session and left no message. Never looked up: an HTMX request, a request
with a message to show, a request without a session or CSRF cookie. On SQLite (the embedded
mode) there is no snapshot to read, so every request renders. ``PAGE_CACHE = False`` in the
settings turns it off.

What a kept page may show late: anything worked out from the clock to the second (a claim's
days with the PMA) is at most a minute old, the minute the footer's "as of" states.

A hit still passes every middleware (session, sign-in, CSRF, security headers); it skips the
view, its queries and its templates. The view's own role checks are skipped with it: what
decides them (the role, a committee seat, an account's state) is in the database and the date,
both in the key.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import get_language

from repm_portal.periods import IST

View = Callable[..., HttpResponseBase]
# A longer page (a list without pages, grown with the data) is rendered each time: the cache
# counts pages, not bytes, so this bounds what a worker holds.
KEEP_AT_MOST = 128 * 1024


def data_version() -> str | None:
    """The database's snapshot and WAL insert position, as text, and when the server started (a
    restore or a failover may count transactions and WAL again from an earlier point); ``None``
    where there are no such things (SQLite)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_current_snapshot()::text || ' ' || pg_current_wal_insert_lsn()"
            " || ' ' || pg_postmaster_start_time()"
        )
        return str(cursor.fetchone()[0])


def _key(request: HttpRequest, version: str, extra: object) -> str | None:
    session_key = request.session.session_key
    csrf_secret = request.META.get("CSRF_COOKIE")
    if not session_key or not csrf_secret:
        return None
    parts = (
        version,
        request.user.pk,
        session_key,
        csrf_secret,
        request.get_host(),
        request.get_full_path(),
        get_language(),
        timezone.now().astimezone(IST).strftime("%Y-%m-%d %H:%M"),
        extra,
    )
    return "page:" + hashlib.blake2b(repr(parts).encode(), digest_size=20).hexdigest()


def _lookup_allowed(request: HttpRequest) -> bool:
    return (
        getattr(settings, "PAGE_CACHE", True)
        and request.method == "GET"
        and request.user.is_authenticated
        and "HX-Request" not in request.headers
        and not len(get_messages(request))  # loads, never consumes, the messages to show
    )


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and getattr(response, "is_rendered", True)  # a TemplateResponse not yet rendered
        and response.get("Content-Type", "").startswith("text/html")
        and len(response.content) <= KEEP_AT_MOST
        and not response.cookies
        and not request.session.modified  # the next view must run to see it changed
        and not len(get_messages(request))  # the view left one for the next page
    )


def cached_page(
    view: View | None = None, *, vary: Callable[[HttpRequest], object] | None = None
) -> Any:
    """Keep ``view``'s rendered page as the module's docstring says. Put it under the view's
    sign-in check (``@login_required`` above it); ``vary(request)`` adds to the key."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not _lookup_allowed(request):
                return view(request, *args, **kwargs)
            version = data_version()
            key = _key(request, version, vary(request) if vary else None) if version else None
            if key is None:
                return view(request, *args, **kwargs)
            pages = caches["pages"]
            kept = pages.get(key)
            if kept is not None:
                headers, content = kept
                served = HttpResponse(content)
                for name, value in headers:
                    served[name] = value
                return served
            response = view(request, *args, **kwargs)
            # Not a streamed answer (an export, a file): HttpResponse holds its content whole.
            if isinstance(response, HttpResponse) and _keepable(request, response):
                pages.set(key, (list(response.items()), response.content))
            return response

        return wrapper

    return decorate(view) if view is not None else decorate
