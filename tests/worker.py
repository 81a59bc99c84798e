"""A real Celery worker for the service-mode tests: the session's (``celery_worker_queue`` in
conftest.py) and those a test starts and stops itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.waiting import wait_until


def start_celery_worker(
    queue: str,
    log: Path,
    *,
    broker: str = "",
    pool: str = "solo",
    options: tuple[str, ...] = (),
    **extra_env: str,
) -> subprocess.Popen[bytes]:
    """``celery worker`` in a subprocess, on the test database and its own queue; returns the
    process once the worker answers a ping. ``broker``: a Redis of the test's own (its URL) in
    place of REDIS_URL; ``pool``: ``prefork`` runs tasks in a child process, as deployed."""
    from repm_portal.celery import app

    db = connection.settings_dict
    env = dict(
        os.environ,
        DATABASE_URL=f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT'] or 5432}/{db['NAME']}",
        CELERY_TASK_DEFAULT_QUEUE=queue,
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        AUDIT_HMAC_KEY=settings.AUDIT_HMAC_KEY,
        PRIVATE_MEDIA_ROOT=str(settings.PRIVATE_MEDIA_ROOT),  # this test's own file store
        # The worker's audit checkpoints apart from every other process's (see test_celery_worker).
        AUDIT_CHECKPOINT_PATH=str(log.with_suffix(".checkpoints")),
        **({"REDIS_URL": broker} if broker else {}),
        **extra_env,
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "repm_portal",
            "worker",
            "-Q",
            queue,
            "--pool",
            pool,
            "--concurrency",
            "1",
            "-n",
            f"{queue}@%h",
            "-l",
            "info",
            *options,
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )
    name = f"{queue}@{os.uname().nodename}"

    def ready_or_exited() -> bool:
        if process.poll() is not None:
            return True
        if broker:  # not this process's broker: the worker's own word that it is ready
            return f"{name} ready." in log.read_text()
        return bool(app.control.ping(destination=[name], timeout=1))

    wait_until(
        ready_or_exited,
        60,
        "the Celery worker to start",
        every=0.2,
        details=lambda: log.read_text()[-2000:],
    )
    if process.poll() is not None:
        pytest.fail(f"the Celery worker exited: {log.read_text()[-2000:]}")
    return process


def stop(process: subprocess.Popen[bytes], *, kill: bool = False) -> None:
    """Stops the worker (``kill``: at once, as a crash would), killing it if it lingers."""
    if kill:
        process.kill()
    else:
        process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
