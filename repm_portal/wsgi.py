"""WSGI entry point (gunicorn repm_portal.wsgi:application).

Each worker, before its first request, loads the URL configuration (which imports every view)
and then moves everything it has built into the garbage collector's permanent generation
(``gc.freeze``). Python's full collection walks every object it tracks: left there, the 190,000
objects of a worker that has served the portal's pages cost each full collection about 100 ms,
a pause that falls on whichever request the worker is serving. Frozen, they are never walked
again, and a full collection takes under 15 ms (benchmarks/gc_pause.py). What is frozen lives
as long as the worker, as it would anyway.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repm_portal.settings")
application = get_wsgi_application()


def _settle() -> None:
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018 - imports every view and builds the reverse map
    gc.collect()  # nothing unreachable is frozen
    gc.freeze()


_settle()
