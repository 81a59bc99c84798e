"""The pauses Python's garbage collector puts into a worker's requests, with the portal's WSGI
module (which freezes what a worker builds at start, repm_portal/wsgi.py) and without it
(Django's ``get_wsgi_application`` alone).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/repm_bench_cpu \
    REDIS_URL=redis://127.0.0.1:6379/9 DJANGO_DEBUG=false PAGE_CACHE=false \
        .venv/bin/python benchmarks/gc_pause.py [--requests 2000] [--role mhi]

It reads a database already migrated and seeded (``manage.py seed_demo``) and changes nothing
in it but the session it signs in with. Each way runs in a fresh process: the demo user signed
in, ``--requests`` requests over the role's main pages in turn (Django's test client, in
process), each timed by the wall clock. Printed per way: the objects the collector tracks at
the end, the collections of each generation meanwhile, what one full collection then takes,
and the requests' p50, p99, p99.9 and longest time. Run it with PAGE_CACHE=false, so that
every request renders its page as a worker does after a write.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repm_portal.settings")

WAYS = {
    "django": "django.core.wsgi:get_wsgi_application()",
    "portal": "repm_portal.wsgi (URL configuration loaded, then gc.freeze)",
}


def one_way(way: str, role: str, requests: int) -> dict[str, object]:
    if way == "portal":
        import repm_portal.wsgi  # noqa: F401
    else:
        from django.core.wsgi import get_wsgi_application

        get_wsgi_application()
    from django.conf import settings
    from django.test import Client

    from benchmarks.pages import role_pages
    from repm_portal.accounts.models import User

    user = User.objects.filter(role=role, email__endswith="@demo.repm.in").first()
    if user is None:
        raise SystemExit(f"No demo user of role {role!r}: run manage.py seed_demo first.")
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else None)
    client.force_login(user)
    paths = role_pages(role)
    before = [s["collections"] for s in gc.get_stats()]
    times = []
    for n in range(requests):
        started = time.perf_counter()
        client.get(paths[n % len(paths)])
        times.append(1000 * (time.perf_counter() - started))
    after = [s["collections"] for s in gc.get_stats()]
    tracked = len(gc.get_objects())
    started = time.perf_counter()
    gc.collect()
    full = 1000 * (time.perf_counter() - started)
    times.sort()
    return {
        "pages": len(paths),
        "tracked": tracked,
        "collections": [b - a for a, b in zip(before, after, strict=True)],
        "full_ms": full,
        "p50": times[len(times) // 2],
        "p99": times[int(len(times) * 0.99)],
        "p999": times[int(len(times) * 0.999)],
        "max": times[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--role", default="mhi")
    parser.add_argument("--way", choices=WAYS, help=argparse.SUPPRESS)  # one child's way
    args = parser.parse_args()
    if args.way:
        print(json.dumps(one_way(args.way, args.role, args.requests)))
        return
    print(f"role={args.role}  {args.requests} requests over the role's pages, in process")
    print(
        f"{'way':<8}{'tracked':>9}{'gen 0/1/2 runs':>16}{'full gc ms':>12}"
        f"{'p50 ms':>9}{'p99 ms':>9}{'p99.9 ms':>10}{'max ms':>9}"
    )
    for way in WAYS:
        child = subprocess.run(
            [
                sys.executable,
                __file__,
                "--way",
                way,
                "--role",
                args.role,
                "--requests",
                str(args.requests),
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(child.stdout.strip().splitlines()[-1])
        runs = "/".join(str(n) for n in r["collections"])
        print(
            f"{way:<8}{r['tracked']:>9,}{runs:>16}{r['full_ms']:>12.1f}"
            f"{r['p50']:>9.1f}{r['p99']:>9.1f}{r['p999']:>10.1f}{r['max']:>9.1f}"
        )
    for way, what in WAYS.items():
        print(f"  {way}: {what}")


if __name__ == "__main__":
    main()
