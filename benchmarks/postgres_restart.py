"""The PostgreSQL drill (issue 17): a throwaway PostgreSQL cluster of its own is restarted under a
bounded load on gunicorn; prints the answers during the outage by status, the seconds from the
server's return to the first success, and whether anything answered 500 or logged a traceback.

    .venv/bin/python benchmarks/postgres_restart.py [--rate 20] [--down 5] [--workers 3]

Needs Debian's PostgreSQL server binaries (``/usr/lib/postgresql/*/bin/initdb``) and, run as
root, the ``postgres`` user to own the cluster. It never touches the machine's own PostgreSQL:
the cluster lives in a temporary directory, on a free port, and is removed at the end. Redis is
not used (tasks run in-process): the drill is the database's.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import IO

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """initdb + pg_ctl in a temporary directory, as the postgres user when run as root."""

    def __init__(self, directory: Path) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            sys.exit("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb)")
        self.bin = Path(found[-1]).parent
        self.directory = directory
        self.data = directory / "data"
        self.port = free_port()

    def run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if os.getuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def init(self) -> None:
        if os.getuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.directory / "log"),
            "-w",
            "start",
        )

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/repm"


def _site(cluster: Cluster, directory: Path) -> tuple[dict[str, str], str]:
    """The drill's portal on the cluster: migrated, static files collected, and an MHI
    officer's API token. Returns its environment and the token."""
    cluster.run("createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "repm")
    env = dict(
        os.environ,
        DATABASE_URL=cluster.url,
        DJANGO_SECRET_KEY="drill-" + "x" * 60,
        DJANGO_DEBUG="false",
        DJANGO_HTTPS="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        REPM_VAR_DIR=str(directory / "var"),
        PRIVATE_MEDIA_ROOT=str(directory / "private"),
        STATIC_ROOT=str(directory / "static"),  # collected, as the image does
    )
    env.pop("REDIS_URL", None)
    python = sys.executable
    subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    token = (
        subprocess.run(
            [
                python,
                "manage.py",
                "shell",
                "-c",
                "from repm_portal.accounts.models import User, Role;"
                "from repm_portal.accounts.tokens import api_token_issue;"
                "u = User.objects.create_user(email='drill@mhi.gov.in', password='Drill-Pass-12345',"
                " role=Role.MHI, full_name='Drill');"
                "print(api_token_issue(user=u)[1])",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return env, token


def _gunicorn(
    env: dict[str, str], workers: int, log: IO[str]
) -> tuple[subprocess.Popen[bytes], str]:
    """gunicorn serving the portal on a free port, once it answers; returns it and its URL."""
    port = free_port()
    web = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "repm_portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/healthz/", timeout=10)  # noqa: S310 (http://127.0.0.1)
            break
        except OSError:  # not listening yet, or still starting
            time.sleep(0.2)
    return web, base


def _load(
    base: str, token: str, rate: float, cluster: Cluster, down: float
) -> tuple[list[tuple[float, int]], float, float]:
    """Four clients at ``rate`` requests a second in all, for 5 s, then while the cluster is
    stopped for ``down`` s, then 10 s after it is back. Returns the answers (seconds since the
    start, status; 0 for none) and the seconds at which the server went and came back."""
    answers: list[tuple[float, int]] = []
    stop = threading.Event()
    paths = ["/api/v1/me/", "/healthz/", "/api/v1/me/"]  # token auth reads the database
    start = time.monotonic()

    def client(offset: int) -> None:
        threads = 4
        interval = threads / rate
        n = offset
        while not stop.is_set():
            path = paths[n % len(paths)]
            n += 1
            request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1)
                base + path, headers={"Authorization": f"Token {token}"}
            )
            began = time.monotonic()
            try:
                status = urllib.request.urlopen(request, timeout=10).status  # noqa: S310
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:  # refused, reset or timed out: no answer at all
                status = 0
            answers.append((began - start, status))
            time.sleep(max(0.0, interval - (time.monotonic() - began)))

    workers = [threading.Thread(target=client, args=(i,)) for i in range(4)]
    for w in workers:
        w.start()
    time.sleep(5)  # before: all should be 200
    down_at = time.monotonic() - start
    cluster.stop()
    time.sleep(down)
    cluster.start()
    up_at = time.monotonic() - start
    time.sleep(10)  # after
    stop.set()
    for w in workers:
        w.join()
    return answers, down_at, up_at


def _report(
    args: argparse.Namespace,
    answers: list[tuple[float, int]],
    down_at: float,
    up_at: float,
    gunicorn_log: str,
) -> None:
    def by_status(rows: list[tuple[float, int]]) -> dict[int, int]:
        return dict(sorted(collections.Counter(s for _, s in rows).items()))

    before = [a for a in answers if a[0] < down_at]
    during = [a for a in answers if down_at <= a[0] < up_at]
    after = [a for a in answers if a[0] >= up_at]
    first_ok = min((t for t, s in after if s == 200), default=None)
    print(
        f"load: {args.rate:g} requests/s on {args.workers} gunicorn workers; "
        f"PostgreSQL away {up_at - down_at:.1f} s (stop, {args.down:g} s, start)"
    )
    print(f"before the restart: {by_status(before)}")
    print(f"during the outage:  {by_status(during)}")
    print(f"after it returned:  {by_status(after)}")
    if first_ok is None:
        print("no success after the server returned")
    else:
        print(f"seconds from the server's return to the first success: {first_ok - up_at:.2f}")
    later = [s for t, s in after if first_ok is not None and t > first_ok and s != 200]
    print(f"failures after the first success: {len(later)}")
    print(f"tracebacks in the web log: {gunicorn_log.count('Traceback')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=20.0, help="requests a second, in all")
    parser.add_argument("--down", type=float, default=5.0, help="seconds the server is away")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--keep", action="store_true", help="keep the web log (path printed)")
    args = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="repm-pg-drill-"))
    cluster = Cluster(directory)
    cluster.init()
    cluster.start()
    web = None
    try:
        env, token = _site(cluster, directory)
        with (directory / "gunicorn.log").open("w") as log:
            web, base = _gunicorn(env, args.workers, log)
            answers, down_at, up_at = _load(base, token, args.rate, cluster, args.down)
            web.terminate()
            web.wait(timeout=20)
        _report(args, answers, down_at, up_at, (directory / "gunicorn.log").read_text())
    finally:
        if web is not None and web.poll() is None:
            web.kill()
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            cluster.stop()
        if args.keep:
            print(f"web log: {directory / 'gunicorn.log'}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
