"""A gunicorn worker's start (repm_portal/wsgi.py): the URL configuration is loaded and all a
worker has built is frozen before its first request, so that full collections stay short."""

import json
import os
import subprocess
import sys

from django.conf import settings

WORKER_START = """
import gc, json, sys
import repm_portal.wsgi
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "tracked": len(gc.get_objects()),
    "enabled": gc.isenabled(),
    "views_loaded": all(m in sys.modules for m in ("bidding.views", "committees.views")),
}))
"""


def test_a_worker_loads_its_views_and_freezes_them_before_serving() -> None:
    result = subprocess.run(
        [sys.executable, "-c", WORKER_START],
        cwd=settings.BASE_DIR,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    start = json.loads(result.stdout.strip().splitlines()[-1])
    # The URL configuration imported every app's views before the freeze ...
    assert start["views_loaded"] is True
    # ... and what Django and the portal built is out of the collector's walk: tens of
    # thousands of objects frozen, next to nothing left for a full collection to visit.
    assert start["frozen"] > 50_000
    assert start["tracked"] < start["frozen"] / 20
    # Freezing is not switching the collector off: new cycles are still collected.
    assert start["enabled"] is True
