"""Invoice-register pipeline (R-SLI-8) against a raw PostgreSQL COPY of the same file.

    DATABASE_URL=postgres://… .venv/bin/python benchmarks/invoice_register.py [--sizes 10000 100000 1000000]

For each size (10,000, 100,000 and 1,000,000 rows by default) it writes a CSV register, then in a
throw-away test database times
(a) the full pipeline — parse, check every row, de-duplicate against all earlier claims (the
    database's unique constraints), persist — run in a child process so that its peak memory
    (ru_maxrss) is its own, and
(b) the floor: ``COPY`` of the same file into an unindexed table, in the same run (the median
    of three: on a shared machine one COPY alone varies by half).
It prints rows per second, the ratio to the COPY, and the pipeline's peak memory. An earlier
claim of 10,000 rows is in the database first, so de-duplication has something to find.
Last, it times what a beneficiary waits for with a 10,000-row register: upload (the content
checks), filing, and the register check up to the computed claim, in one process.

A 1,000,000-row CSV is about 68 MB, more than MAX_UPLOAD_BYTES lets through the portal (an XLSX of
that many rows fits); the benchmark lifts the limit for its own uploads to measure the pipeline.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper

    from bidding.models import Beneficiary
    from repm_portal.accounts.models import User

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "repm_portal.settings")

GSTIN = "27AAPFU0939F1ZV"
FLOOR_RUNS = 3  # the floor is the median of as many COPYs: one alone varies by half
HEADER = "invoice_number,invoice_date,buyer_gstin,eway_bill_number,quantity_kg,taxable_value,gst"


def write_register(path: Path, rows: int, *, period: str, offset: int = 0) -> None:
    from datetime import timedelta

    from repm_portal.periods import ClaimPeriod

    start = ClaimPeriod.parse(period).start
    with path.open("w") as out:
        out.write(HEADER + "\n")
        for i in range(offset, offset + rows):
            day = start + timedelta(days=i % 150)
            out.write(
                f"BM/{i:08d},{day:%Y-%m-%d},{GSTIN},{100000000000 + i:012d},2.5,5000.00,900.00\n"
            )


def child(claim_id: int, profile: str | None) -> None:
    """Runs in its own process: the pipeline for one claim, then prints its peak memory."""
    import django

    django.setup()
    import incentives.services  # noqa: F401 (a worker has it loaded, WeasyPrint and all)
    from incentives.processing import register_process

    profiler = cProfile.Profile()
    if profile:
        profiler.enable()
    start = time.perf_counter()
    claim = register_process(claim_id=claim_id)
    elapsed = time.perf_counter() - start
    if profile:
        profiler.disable()
        profiler.dump_stats(profile)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{elapsed:.3f} {peak_mb:.1f} {claim.invoices.count()} {claim.rejected.count()}")


def _measure(
    connection: BaseDatabaseWrapper,
    path: Path,
    size: int,
    claim_id: int,
    env: dict[str, str],
    profile_dir: str | None,
) -> None:
    """Prints one line: the pipeline's time on the register (in a process of its own) beside
    the floor, a plain COPY of the same file."""
    profile = ["--profile", f"{profile_dir}/{size}.prof"] if profile_dir else []
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(claim_id), *profile],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed, peak, accepted, rejected = result.stdout.split()[-4:]
    floor = statistics.median(_raw_copy(connection, path) for _ in range(FLOOR_RUNS))
    seconds = float(elapsed)
    print(
        f"{size:>10,} {seconds:>11.2f} {size / seconds:>9,.0f} {floor:>8.2f} "
        f"{seconds / floor:>6.1f}x {float(peak):>8.1f} {int(accepted):>9,} "
        f"{int(rejected):>9,}"
    )


def _end_to_end(file_claim: Callable[[], int]) -> None:
    """Prints the seconds from a register's upload to its computed claim."""
    from incentives.processing import register_process

    began = time.perf_counter()
    claim = register_process(claim_id=file_claim())
    waited = time.perf_counter() - began
    assert claim.payable is not None, claim.register_error
    print(
        f"10k register upload → computed claim (upload, file, check, compute): "
        f"{waited:.2f} s ({claim.invoices.count():,} invoices, status {claim.status})"
    )


def _beneficiary() -> tuple[User, Beneficiary]:
    """An applicant awarded 1,200 t a year, whose claims the benchmark files."""
    from datetime import date

    from bidding.tests.fixtures import awarded
    from repm_portal.accounts.models import Role, User

    user = User.objects.create_user(
        "bench@example.in",
        None,
        full_name="Bench",
        role=Role.APPLICANT,
        organisation="Bench Magnets",
    )
    return user, awarded(user, capacity=1200, loa_date=date(2027, 2, 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument(
        "--profile", metavar="DIR", help="write each pipeline run's cProfile stats into DIR"
    )
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.profile)
        return

    import django

    django.setup()
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server: the floor is its COPY.")
    # A database of its own: never the test suite's test_<name>, which a test run may be using.
    connection.settings_dict["TEST"]["NAME"] = f"bench_{connection.settings_dict['NAME']}"
    test_db = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    media = tempfile.mkdtemp(prefix="repm-bench-")
    settings.STORAGES["default"]["OPTIONS"]["location"] = media
    settings.MAX_UPLOAD_BYTES = 1024**3  # see the module's docstring
    env = dict(os.environ, DATABASE_URL=_url(connection.settings_dict), PRIVATE_MEDIA_ROOT=media)
    try:
        from incentives import tasks
        from incentives.processing import register_process
        from incentives.services import sli_claim_file
        from repm_portal.documents.models import DocumentKind
        from repm_portal.documents.services import document_upload

        tasks.process_register.delay = lambda *a, **k: None  # type: ignore[method-assign,assignment]
        user, beneficiary = _beneficiary()

        def claim_for(path: Path, period: str) -> int:
            document = document_upload(
                owner=user,
                kind=DocumentKind.INVOICE_REGISTER,
                uploaded=SimpleUploadedFile(path.name, path.read_bytes()),
            )
            return sli_claim_file(
                actor=user,
                beneficiary=beneficiary,
                period=period,
                declaration=True,
                register_document=document,
            ).pk

        work = Path(media)
        earlier = work / "earlier.csv"
        write_register(earlier, 10_000, period="FY2026-27-H2")
        register_process(claim_id=claim_for(earlier, "FY2026-27-H2"))
        periods = iter(f"FY{y}-{(y + 1) % 100:02d}-H1" for y in range(2027, 2040))
        print(
            f"{'rows':>10} {'pipeline s':>11} {'rows/s':>9} {'COPY s':>8} {'ratio':>7} "
            f"{'peak MB':>8} {'accepted':>9} {'rejected':>9}"
        )
        for size in args.sizes:
            path = work / f"register-{size}.csv"
            period = next(periods)
            # the first 5,000 rows repeat the earlier claim's invoices
            write_register(path, size, period=period, offset=5_000)
            _measure(connection, path, size, claim_for(path, period), env, args.profile)
        path = work / "register-end-to-end.csv"
        period = next(periods)
        write_register(path, 10_000, period=period, offset=10_000_000)
        _end_to_end(lambda: claim_for(path, period))
    finally:
        connection.creation.destroy_test_db(test_db, verbosity=0)


def _raw_copy(connection: BaseDatabaseWrapper, path: Path) -> float:
    """Seconds to COPY the register into a new unindexed table of text columns."""
    with connection.cursor() as cursor, path.open() as source:
        cursor.execute(
            "CREATE TABLE bench_copy (invoice_number text, invoice_date text, buyer_gstin text, "
            "eway_bill text, quantity text, value text, gst text)"
        )
        start = time.perf_counter()
        cursor.copy_expert("COPY bench_copy FROM STDIN WITH (FORMAT csv, HEADER true)", source)
        seconds = time.perf_counter() - start
        cursor.execute("DROP TABLE bench_copy")
    return seconds


def _url(db: dict) -> str:
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


if __name__ == "__main__":
    main()
