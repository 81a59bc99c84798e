"""The CPU one signed-in page costs in-process, and where it goes: Django's test client, a demo
user signed in, ``--rounds`` of ``--requests`` requests per page after a warm-up, timed by
``time.process_time`` (not the wall clock, which other work on the machine bends).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/repm_bench_cpu \
    REDIS_URL=redis://127.0.0.1:6379/9 DJANGO_DEBUG=false .venv/bin/python \
        benchmarks/request_cpu.py [--requests 200] [--role mhi] [--profile 30] [/ /cases/ …]

It reads a database already migrated and seeded (``manage.py seed_demo``); it changes nothing
in it but the session it signs in with. ``--profile N`` prints cProfile's N most costly
functions (cumulative time) over every page's requests.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repm_portal.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=["/", "/cases/", "/feedback/", "/healthz/"])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="the least round is printed")
    parser.add_argument("--role", default="mhi")
    parser.add_argument("--profile", type=int, default=0, help="print the N most costly")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from repm_portal.accounts.models import User

    user = User.objects.filter(role=args.role, email__endswith="@demo.repm.in").first()
    if user is None:
        raise SystemExit(f"No demo user of role {args.role!r}: run manage.py seed_demo first.")
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else None)
    client.force_login(user)
    # CPU time, not wall time: waiting on PostgreSQL or Redis is not the worker's cost.
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    print(f"DEBUG={settings.DEBUG}  role={args.role}  {args.requests} requests a page")
    print(f"{'page':<28}{'status':>7}{'cpu ms/req':>12}")
    for path in args.paths:
        for _ in range(20):  # warm-up: templates compiled, connections open, caches filled
            status = client.get(path).status_code
        rounds = []
        for _ in range(args.rounds):
            started = time.process_time()
            if profiler:
                profiler.enable()
            for _ in range(args.requests):
                client.get(path)
            if profiler:
                profiler.disable()
            rounds.append(1000 * (time.process_time() - started) / args.requests)
        # The least round: other work on the machine only ever adds (caches, frequency).
        cpu_ms = min(rounds)
        print(f"{path:<28}{status:>7}{cpu_ms:>12.2f}")
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(args.profile)
        stats.sort_stats("tottime").print_stats(args.profile)


if __name__ == "__main__":
    main()
