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

from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, SimpleRateThrottle

from .cache import CACHE_DOWN, warn_cache_down

# This process's count while the shared cache is away (bounded: LocMemCache culls old keys).
_LOCAL = LocMemCache("repm-throttles-during-outage", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


class OutageSafeThrottle(SimpleRateThrottle):
    """A rate throttle that counts in process memory while the shared cache is unreachable."""

    def allow_request(self, request: Any, view: Any) -> bool:
        try:
            return super().allow_request(request, view)
        except CACHE_DOWN as error:
            warn_cache_down(error, "throttles count in each process meanwhile")
            self.cache = _LOCAL
            return super().allow_request(request, view)


class OutageSafeAnonRateThrottle(OutageSafeThrottle, AnonRateThrottle):
    """Anonymous requests (the token endpoint), by client address."""


class OutageSafeScopedRateThrottle(OutageSafeThrottle, ScopedRateThrottle):
    """A view's own scope (registration), by user or client address."""
