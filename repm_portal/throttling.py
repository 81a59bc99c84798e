"""API and form throttles that survive a Redis outage (issue 17, the policy page's "What the
cache may lose").

The throttles count requests in the cache (Redis in service mode). When Redis is down, DRF's
throttles raise and the request answers 500. Failing open (no limit) would invite a brute force
during the outage; failing closed (refuse everyone) would lock every user out for the
outage's length. So a throttle whose cache is unreachable counts in its own process's memory
instead: the same rate, per web process (a gunicorn of 3 workers lets at most 3 × the rate
through, still a bound), and back to the shared count once Redis answers.

Sign-in lockout (django-axes) does not depend on the cache at all: its failures are rows in
PostgreSQL (``AxesDatabaseHandler``), so it holds through a Redis outage unchanged.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import RedisError
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, SimpleRateThrottle

log = logging.getLogger(__name__)

# This process's count while the shared cache is away (bounded: LocMemCache culls old keys).
_LOCAL = LocMemCache("repm-throttles-during-outage", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
_CACHE_DOWN = (RedisError, OSError)
_WARN_EVERY_SECONDS = 60.0
_last_warning = [0.0]


def _warn(error: BaseException) -> None:
    now = time.monotonic()
    if now - _last_warning[0] >= _WARN_EVERY_SECONDS:  # one line a minute, not one a request
        _last_warning[0] = now
        log.warning("cache unreachable (%s): throttles count in each process meanwhile", error)


class OutageSafeThrottle(SimpleRateThrottle):
    """A rate throttle that counts in process memory while the shared cache is unreachable."""

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except _CACHE_DOWN as error:
            _warn(error)
            self.cache = _LOCAL
            return super().allow_request(request, view)


class OutageSafeAnonRateThrottle(OutageSafeThrottle, AnonRateThrottle):
    """Anonymous requests (the token endpoint), by client address."""


class OutageSafeScopedRateThrottle(OutageSafeThrottle, ScopedRateThrottle):
    """A view's own scope (registration), by user or client address."""
