"""Signed-in pages under load, in service mode under gunicorn, against /healthz/ of the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/repm_bench_pages \
    REDIS_URL=redis://127.0.0.1:6379/9 .venv/bin/python benchmarks/pages.py \
        [--seconds 2] [--connections 50] [--workers 4] [--scale 10] [--roles pma mhi] [--writes 10]

It drops and re-creates the database named in DATABASE_URL (whose name must contain "bench"),
migrates it, runs ``manage.py seed_demo``, empties the Redis database of REDIS_URL, and starts
gunicorn with ``--workers`` sync workers on a free port of 127.0.0.1. It signs in as each demo
role through the sign-in form (CSRF token, session cookie) and, for each of the role's main
pages (its home page and the menu's pages that are not public reference pages), keeps
``--connections`` requests in flight for ``--seconds``, after a short warm-up. Two floors are
measured the same way: ``/healthz/`` (one ``SELECT 1``, no session, no template), and
``/bench/frame/``, a signed-in page with nothing in the portal's frame (frame_urls.py), which
is what every signed-in page costs before its own content.

Then it files claims until there are ``--scale`` times the demo's claims, at every stage of the
examination and with their service-target clocks running, and measures every page again.

A signed-in page is kept as rendered until the database changes (repm_portal/page_cache.py), so
a page read again and again is mostly served kept. ``--writes N`` writes N times a second while
each page is measured, as a busy portal's other users do, and every write renders each page
again; ``PAGE_CACHE=false`` in the environment measures every page rendered each time.

Printed per page: requests/s, p50 and p99 latency, non-200 answers, the ratio of its
throughput to each floor's (aim: p99 under 100 ms and at least 0.5 of the floor), and the
gunicorn workers' CPU milliseconds per request (from /proc; PostgreSQL's not included), which
holds steadier than the rates when other work shares the machine. The load generator runs in
this process on the same 2 cores as gunicorn and PostgreSQL, so every figure, the floor's too,
is lower than a separate client would see.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.frame_settings")

# Pages every role has that are reference or forms, not the role's work: measured once (as
# the parameters page) or not at all.
SKIP = {"web:receipt", "web:verify", "api-docs", "web:policy", "web:api_tokens", "web:parameters"}


@dataclass
class Result:
    page: str
    count: int
    errors: int
    seconds: float
    p50: float
    p99: float
    cpu: float = 0.0  # the gunicorn workers' CPU seconds while it ran

    @property
    def cpu_ms(self) -> float:
        """The workers' CPU per request: steadier than the rates when other work shares the
        cores (PostgreSQL's own CPU is not in it)."""
        return 1000 * self.cpu / self.count if self.count else 0.0

    @property
    def rate(self) -> float:
        return self.count / self.seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )


def _fresh_database(url: str) -> None:
    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"The database {name!r} would be dropped: name one for the benchmark "
            "(its name must contain 'bench'), e.g. …/repm_bench_pages."
        )
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()


async def _one(port: int, request: bytes, latencies: list[float], errors: list[int]) -> None:
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(request)
    data = await reader.read()  # the sync worker closes the connection after each answer
    writer.close()
    latencies.append(time.perf_counter() - start)
    if not data.startswith(b"HTTP/1.1 200") and not data.startswith(b"HTTP/1.0 200"):
        errors.append(1)


async def _load(port: int, request: bytes, connections: int, seconds: float) -> Result:
    latencies: list[float] = []
    errors: list[int] = []
    stop = time.perf_counter() + seconds

    async def client() -> None:
        while time.perf_counter() < stop:
            try:
                await _one(port, request, latencies, errors)
            except OSError:
                errors.append(1)

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return Result("", len(latencies), len(errors), elapsed, statistics.median(ordered), p99)


def workers_cpu(master: int) -> float:
    """CPU seconds (user + system) the master's worker processes have used so far."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    for pid in children:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


MASTER = 0  # the gunicorn master's pid, once started
WRITES = 0.0  # writes a second while each page is measured (--writes)


@contextmanager
def writing(per_second: float) -> Iterator[None]:
    """Writes ``per_second`` times a second meanwhile: a notice to the portal's administrator,
    one row, as the portal's other users' work writes. Each write changes the database's
    snapshot, so every page kept in the workers (repm_portal/page_cache.py) is rendered again."""
    if per_second <= 0:
        yield
        return
    from django.db import connection

    from repm_portal.accounts.models import Role, User
    from repm_portal.notifications.models import Notification

    admin = User.objects.filter(role=Role.ADMIN).first()
    assert admin is not None, "seed_demo made no administrator"
    stop = threading.Event()

    def write() -> None:
        try:
            while not stop.wait(1 / per_second):
                Notification.objects.create(user=admin, title="Benchmark write", url="/")
        finally:
            connection.close()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def measure(port: int, path: str, cookie: str, connections: int, seconds: float) -> Result:
    headers = f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    if cookie:
        headers += f"Cookie: {cookie}\r\n"
    request = (headers + "\r\n").encode()
    with writing(WRITES):
        asyncio.run(_load(port, request, connections, min(1.0, seconds / 2)))  # warm-up
        before = workers_cpu(MASTER)
        result = asyncio.run(_load(port, request, connections, seconds))
        result.cpu = workers_cpu(MASTER) - before
    result.page = path
    return result


def sign_in(base: str, email: str, password: str) -> str:
    """The cookies of a sign-in through the form, as a browser does it."""
    import requests

    session = requests.Session()
    form = session.get(f"{base}/sign-in/", timeout=30)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
    if match is None:
        raise SystemExit("The sign-in page has no CSRF token.")
    answer = session.post(
        f"{base}/sign-in/",
        data={"csrfmiddlewaretoken": match.group(1), "username": email, "password": password},
        headers={"Referer": f"{base}/sign-in/"},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise SystemExit(f"Could not sign in as {email}: HTTP {answer.status_code}.")
    # Both cookies, as a browser sends them back: without the CSRF cookie every page would
    # make and set a new CSRF secret, work a browser's pages never cost.
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def role_pages(role: str) -> list[str]:
    from django.urls import reverse

    from repm_portal.web.navigation import nav_for

    return [reverse(item.url_name) for item in nav_for(role) if item.url_name not in SKIP]


def scale_claims(factor: int) -> str:
    """File claims until there are ``factor`` times the demo's, spread over the awarded
    beneficiaries and every stage of the examination, each with its clock running."""
    from datetime import timedelta

    from django.utils import timezone

    from bidding.models import Beneficiary, BeneficiaryStatus
    from incentives.models import ClaimStatus, SLIClaim
    from repm_portal.accounts.models import User

    demo = SLIClaim.objects.order_by("pk").first()
    if demo is None:
        raise SystemExit("seed_demo filed no claim to multiply.")
    have = SLIClaim.objects.count()
    want = have * factor
    beneficiaries = list(Beneficiary.objects.filter(status=BeneficiaryStatus.AWARDED)) or [
        demo.beneficiary
    ]
    ie = User.objects.filter(role="ie").first()
    stages = [
        ClaimStatus.SUBMITTED,
        ClaimStatus.UNDER_EXAMINATION,
        ClaimStatus.IE_VERIFICATION,
        ClaimStatus.CLARIFICATION,
        ClaimStatus.RECOMMENDED,
        ClaimStatus.SANCTIONED,
    ]
    now = timezone.now()
    made = []
    for i in range(want - have):
        b = beneficiaries[i % len(beneficiaries)]
        start = demo.period_start - timedelta(days=200 * (i // len(beneficiaries) + 1))
        status = stages[i % len(stages)]
        made.append(
            SLIClaim(
                beneficiary=b,
                period_kind=demo.period_kind,
                period_start=start,
                period_end=start + timedelta(days=180),
                status=status,
                declaration=True,
                register=demo.register,
                filed_by=b.user,
                payable=demo.payable,
                parameter_version=demo.parameter_version,
                ie=ie if status == ClaimStatus.IE_VERIFICATION else None,
                # Some within their service target, some past it.
                stage_since=None
                if status == ClaimStatus.CLARIFICATION
                else now - timedelta(days=i),
            )
        )
    SLIClaim.objects.bulk_create(made)
    return f"{SLIClaim.objects.count()} claims ({have} from the demo)"


def table(title: str, results: list[tuple[str, Result]]) -> None:
    """The first two rows are the floors: /healthz/ and the empty page in the portal's frame."""
    floor, frame = results[0][1], results[1][1]
    print(f"\n{title}")
    print(
        f"{'role':<10} {'page':<28} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'non-200':>8}"
        f" {'÷healthz':>9} {'÷frame':>7} {'CPU ms':>7}"
    )
    for role, r in results:
        print(
            f"{role:<10} {r.page:<28} {r.rate:>8.0f} {r.p50 * 1000:>8.1f} {r.p99 * 1000:>8.1f}"
            f" {r.errors:>8} {r.rate / floor.rate:>9.2f} {r.rate / frame.rate:>7.2f}"
            f" {r.cpu_ms:>7.1f}"
        )
    sys.stdout.flush()


def run(port: int, cookies: dict[str, str], args: argparse.Namespace) -> list[tuple[str, Result]]:
    floor = measure(port, "/healthz/", "", args.connections, args.seconds)
    results: list[tuple[str, Result]] = [("-", floor)]
    first = next(iter(cookies))
    # The second floor: a signed-in page with nothing in the portal's frame (frame_urls.py).
    results.append(
        (first, measure(port, "/bench/frame/", cookies[first], args.connections, args.seconds))
    )
    results.append(
        (first, measure(port, "/parameters/", cookies[first], args.connections, args.seconds))
    )
    for role, cookie in cookies.items():
        for path in role_pages(role):
            results.append((role, measure(port, path, cookie, args.connections, args.seconds)))
    return results


def summary(*runs: list[tuple[str, Result]]) -> None:
    """How many pages meet the aim against each floor; p99 under 100 ms at ``--connections``
    needs, by Little's law, more than ``connections / 0.1 s`` requests a second."""
    pages = [(r, run[0][1], run[1][1]) for run in runs for _role, r in run[2:]]
    for name, index in (("/healthz/", 1), ("the empty frame", 2)):
        met = sum(1 for page in pages if page[0].rate >= 0.5 * page[index].rate)
        print(f"\n≥ 0.5 of {name}'s throughput: {met} of {len(pages)} measurements")
    fast = sum(1 for page in pages if page[0].p99 < 0.1)
    print(
        f"p99 under 100 ms: {fast} of {len(pages)} (the floors: "
        + ", ".join(f"{r.page} {r.p99 * 1000:.0f} ms" for run in runs for _role, r in run[:2])
        + ")"
    )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--scale", type=int, default=10, help="times the demo's claims")
    parser.add_argument("--roles", nargs="*", help="only these roles (default: every demo role)")
    parser.add_argument(
        "--writes",
        type=float,
        default=0.0,
        help="writes a second while each page is measured, as a busy portal's users make them",
    )
    return parser.parse_args()


def _service_mode_environment() -> tuple[dict[str, str], str]:
    """Refuses embedded mode; a fresh database, migrated and seeded; the gunicorn environment
    and its var directory."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")) or not redis_url:
        raise SystemExit(
            "Service mode only: set DATABASE_URL to a PostgreSQL database of its own (its name "
            "containing 'bench') and REDIS_URL, e.g. DATABASE_URL=postgres://postgres@127.0.0.1"
            ":5432/repm_bench_pages REDIS_URL=redis://127.0.0.1:6379/9"
        )
    _fresh_database(database_url)
    var = tempfile.mkdtemp(prefix="repm-bench-pages-")
    Path(var, "staticfiles").mkdir()  # whitenoise serves from it; the pages need nothing there
    env = dict(
        os.environ,
        REPM_VAR_DIR=var,
        DJANGO_DEBUG="false",
        # Plain static storage: the pages need no collectstatic run (the manifest's lookups
        # cost the same dictionary access per tag).
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        # The portal's settings plus the empty page in its frame, the second floor.
        DJANGO_SETTINGS_MODULE="benchmarks.frame_settings",
    )
    os.environ.update(env)
    print("migrating and seeding the demo…", flush=True)
    _manage(env, "migrate", "--no-input")
    _manage(env, "seed_demo")
    return env, var


def _gunicorn_start(env: dict[str, str], workers: int) -> tuple[subprocess.Popen[bytes], int]:
    """Gunicorn with ``workers`` sync workers on a free port, answering /healthz/."""
    import requests

    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "repm_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz/", timeout=10).status_code == 200:
                return server, port
        except requests.RequestException:
            pass
        time.sleep(0.3)
    server.send_signal(signal.SIGTERM)
    raise SystemExit("gunicorn did not start.")


def _sign_in_each_role(base: str, roles: list[str] | None) -> dict[str, str]:
    from repm_portal.management.commands.seed_demo import DEMO_USERS, demo_password

    cookies: dict[str, str] = {}
    for role, email, *_rest in DEMO_USERS:
        if role in cookies or (roles and role not in roles):
            continue
        cookies[role] = sign_in(base, email, demo_password(role))
    return cookies


def main() -> None:
    args = _arguments()
    env, var = _service_mode_environment()

    import django

    django.setup()
    from django.core.cache import cache

    cache.clear()  # this Redis database is the benchmark's own
    server, port = _gunicorn_start(env, args.workers)
    global MASTER, WRITES
    MASTER, WRITES = server.pid, args.writes
    try:
        cookies = _sign_in_each_role(f"http://127.0.0.1:{port}", args.roles)
        print(
            f"gunicorn: {args.workers} sync workers; {args.connections} connections, "
            f"{args.seconds:g} s a page; client, server and PostgreSQL share {os.cpu_count()} cores;"
            f" {args.writes:g} writes a second meanwhile; PAGE_CACHE={env.get('PAGE_CACHE', 'true')}"
        )
        from incentives.models import SLIClaim

        demo = run(port, cookies, args)
        table(f"Demo data ({SLIClaim.objects.count()} claims)", demo)
        scaled = scale_claims(args.scale)
        large = run(port, cookies, args)
        table(f"{args.scale}× the claims ({scaled})", large)
        summary(demo, large)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(var, ignore_errors=True)


if __name__ == "__main__":
    main()
