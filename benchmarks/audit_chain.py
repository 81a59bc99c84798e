"""Audit-trail cost: appending chained events and walking the chain, against a floor.

    .venv/bin/python benchmarks/audit_chain.py [--events 5000]

Runs on a throw-away test database of the configured kind (PostgreSQL in service mode). The
floor is a plain INSERT of rows of the same shape into an unindexed table, in the same run;
the figures printed are events per second and the ratio to that floor.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repm_portal.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=5000)
    args = parser.parse_args()

    import django

    django.setup()
    import tempfile

    from django.conf import settings
    from django.db import connection, transaction

    # A throw-away chain gets throw-away checkpoints: never the deployment's (var/) file.
    settings.AUDIT_CHECKPOINT_PATH = Path(tempfile.mkdtemp()) / "audit-checkpoints.log"

    from repm_portal.accounts.models import Role, User
    from repm_portal.audit.selectors import audit_chain_verify
    from repm_portal.audit.services import audit_record

    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        user = User.objects.create_user("bench@example.in", None, full_name="B", role=Role.MHI)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TABLE bench_floor (seq bigint, at timestamp with time zone, action "
                "varchar(64), after text, hash varchar(64))"
                if connection.vendor == "postgresql"
                else "CREATE TABLE bench_floor (seq integer, at text, action text, after text, "
                "hash text)"
            )
        n = args.events
        start = time.perf_counter()
        for i in range(n):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO bench_floor VALUES (%s, CURRENT_TIMESTAMP, %s, %s, %s)",
                    [i, "bench.step", f'{{"n": {i}}}', "0" * 64],
                )
        floor = time.perf_counter() - start

        start = time.perf_counter()
        for i in range(n):
            with transaction.atomic():
                audit_record(actor=user, action="bench.step", obj=user, after={"n": i})
        chained = time.perf_counter() - start

        start = time.perf_counter()
        report = audit_chain_verify()
        verify = time.perf_counter() - start
        if not report.ok or report.checked != n:
            raise SystemExit(f"the chain did not verify: {report}")

        print(f"database: {connection.vendor}, events: {n}")
        print(f"floor (plain INSERT, one transaction each): {n / floor:10.0f} rows/s")
        print(
            f"audit_record (HMAC chain, head lock):       {n / chained:10.0f} events/s "
            f"ratio {chained / floor:.2f}x the floor"
        )
        print(
            f"audit_chain_verify:                         {n / verify:10.0f} events/s "
            f"({verify:.2f} s for the whole chain)"
        )
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


if __name__ == "__main__":
    main()
