"""Django's Redis cache, with one Redis client per connection pool instead of one per call; and
``cached``, which keeps computed work in the cache and computes it while the cache is away.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache call,
and building one copies redis-py's table of some 170 response callbacks: a few tenths of a
millisecond of CPU each time, several times a page (issue 16.8). A client holds no connection
of its own (it borrows one from the pool for each command, and the pool reconnects after a
Redis restart), so one client per pool serves every call alike.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import babel
from django import get_version
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
T = TypeVar("T")


class _OneClientPerPool(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        django: Any = self  # Django's private attributes, which its type stubs leave out
        index = django._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            pool = django._pools.get(index)
            if pool is None:
                pool = django._pools[index] = django._pool_class.from_url(
                    django._servers[index], **django._pool_options
                )
            client = self._clients[index] = django._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """``django.core.cache.backends.redis.RedisCache`` reusing its clients."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _OneClientPerPool


# --- Figures kept in the cache (issue 17: what the cache may lose) ---------------------------

CACHE_DOWN = (RedisError, OSError)  # what a cache call raises while Redis is away
_WARN_EVERY_SECONDS = 60.0
_last_warning: dict[str, float] = {}
_SOURCES = ("repm_portal", "bidding", "milestones", "incentives", "committees", "templates")


def warn_cache_down(error: BaseException, meanwhile: str) -> None:
    """Logs that the cache is unreachable and what is done ``meanwhile``: one line a minute for
    each such fallback, not one a request."""
    now = time.monotonic()
    if now - _last_warning.get(meanwhile, -_WARN_EVERY_SECONDS) >= _WARN_EVERY_SECONDS:
        _last_warning[meanwhile] = now
        log.warning("cache unreachable (%s): %s", error, meanwhile)


_MISSING = object()
_COMPUTED = "computing what it would have held"


def cached(key: str, compute: Callable[[], T], *, timeout: int) -> T:
    """The value kept under ``key``, else ``compute()`` kept there for ``timeout`` seconds.

    While the cache server is away the value is computed every time and the page still renders
    (never a 500): the cache holds nothing that cannot be computed again. Its key must name
    everything the value depends on, since nothing ever deletes it.
    """
    try:
        value = cache.get(key, _MISSING)
    except CACHE_DOWN as error:
        warn_cache_down(error, _COMPUTED)
        return compute()  # not kept: a second wait on a server that is away
    if value is not _MISSING:
        return value
    value = compute()
    try:
        cache.set(key, value, timeout)
    except CACHE_DOWN as error:
        warn_cache_down(error, _COMPUTED)
    return value


@functools.cache
def code_version() -> str:
    """A digest of the portal's code, templates and translations, and of the libraries that format
    its figures, read once per process: a key carrying it never serves what another release
    computed or rendered (a fix to a figure, a data migration, a new translation)."""
    digest = hashlib.blake2b(digest_size=8)
    digest.update(f"django {get_version()} babel {babel.__version__}".encode())
    root = Path(settings.BASE_DIR)
    files = [
        path
        for top in (*_SOURCES, "locale")
        for path in (root / top).rglob("*")
        if path.suffix in (".py", ".html", ".po", ".mo") and path.is_file()
    ]
    for path in sorted(files):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()
