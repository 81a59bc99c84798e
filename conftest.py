"""Shared fixtures: personas (one per role), API clients, and the service requirements.

A test marked ``postgres``, ``redis``, ``celery_worker`` or ``browser`` is skipped when its
service is missing — except under CI (``CI`` set), where a missing service fails the test.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.backends.signals import connection_created
from rest_framework.test import APIClient

from repm_portal.accounts.models import Role, User
from tests.browser.helpers import CHROMIUM
from tests.factories import UserFactory
from tests.worker import start_celery_worker, stop

# Fixtures of the scheme's capabilities, shared with the cross-app tests under tests/.
pytest_plugins = ["bidding.tests.fixtures"]


def _allow_audit_purge(sender: object, connection: object, **kwargs: object) -> None:
    # Test databases are emptied between tests; the audit trigger allows it for this session only.
    if getattr(connection, "vendor", "") == "postgresql":
        with connection.cursor() as cursor:  # type: ignore[attr-defined]
            cursor.execute("SET repm.audit_purge = 'on'")


connection_created.connect(_allow_audit_purge, dispatch_uid="tests.allow_audit_purge")


def _redis_available() -> bool:
    if not settings.REDIS_URL:
        return False
    try:
        import redis

        return bool(redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping())
    except Exception:
        return False


REQUIREMENTS: dict[str, Callable[[], tuple[bool, str]]] = {
    "postgres": lambda: (
        settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        "needs PostgreSQL: set DATABASE_URL",
    ),
    "redis": lambda: (_redis_available(), "needs Redis: set REDIS_URL to a running server"),
    "celery_worker": lambda: (
        _redis_available() and settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        "needs a Celery worker: set DATABASE_URL (PostgreSQL) and REDIS_URL",
    ),
    "browser": lambda: (CHROMIUM.exists(), f"needs Chromium at {CHROMIUM}"),
}


def pytest_runtest_setup(item: pytest.Item) -> None:
    for name, check in REQUIREMENTS.items():
        if item.get_closest_marker(name):
            available, why = check()
            if not available:
                if os.environ.get("CI"):
                    pytest.fail(f"CI must run this test but it {why}", pytrace=False)
                pytest.skip(why)


@pytest.fixture(autouse=True)
def _isolated_files(settings: object, tmp_path: Path) -> None:
    """Each test gets its own private file store and plain static files (no manifest)."""
    settings.STORAGES = {  # type: ignore[attr-defined]
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"  # type: ignore[attr-defined]
    # Each test's own audit checkpoints: a flushed database must not meet another test's anchor.
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "audit-checkpoints.log"  # type: ignore[attr-defined]
    # Embedded mode's background work runs eagerly in tests unless a test turns it on.
    settings.EMBEDDED_BACKGROUND = False  # type: ignore[attr-defined]


@pytest.fixture
def tasks_run_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """Celery tasks queued by the test run in its own process, in both modes (no worker):
    for tests that read their effects, such as the e-mails in the test outbox."""
    from repm_portal.celery import app

    monkeypatch.setattr(app.conf, "task_always_eager", True)


@pytest.fixture
def private_files(tmp_path: Path) -> Callable[[], list[Path]]:
    """Lists the files stored in this test's private storage."""
    root = tmp_path / "private"
    return lambda: sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture(autouse=True)
def _clear_cache(settings: object, worker_id: str) -> None:
    """Each test starts with an empty cache. On Redis only the cache's own keys go: a FLUSHDB
    would also drop Celery tasks queued by tests running at the same time (xdist), and each
    xdist worker keeps keys of its own, so one worker's emptying leaves another's test alone."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    configured = settings.CACHES  # type: ignore[attr-defined]
    if configured["default"]["BACKEND"].endswith("RedisCache"):
        settings.CACHES = {  # type: ignore[attr-defined]
            **configured,
            "default": {**configured["default"], "KEY_PREFIX": f"repm-cache-{worker_id}"},
        }

    # The backend itself: ``django.core.cache.cache`` is a proxy, never an instance of it, and
    # its clear() is a FLUSHDB that emptied every worker's cache (a throttle test's count went).
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)  # type: ignore[attr-defined]
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
    for local in ("template_fragments", "pages"):  # each process's own: not cleared above
        if local in settings.CACHES:  # type: ignore[attr-defined]
            caches[local].clear()


@pytest.fixture
def pages_rendered(settings: Any) -> None:
    """No page served as kept (repm_portal/page_cache.py): the query-count tests count what
    rendering a page costs."""
    settings.PAGE_CACHE = False


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_down(settings: Any) -> Iterator[None]:
    """The cache is a Redis server that is not there (connection refused at once)."""
    from repm_portal import throttling

    settings.CACHES = {
        **settings.CACHES,  # as deployed: the template fragments stay in the process's memory
        "default": {
            "BACKEND": "repm_portal.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    throttling._LOCAL.clear()
    yield
    throttling._LOCAL.clear()


# --- Personas (CONVENTIONS.md): one per role, and an outsider ------------------------------


@pytest.fixture
def applicant(db: None) -> User:
    return UserFactory(
        email="applicant@bharatmagnetics.in",
        role=Role.APPLICANT,
        full_name="Ananya Rao",
        organisation="Bharat Magnetics Ltd",
    )


@pytest.fixture
def rival(db: None) -> User:
    return UserFactory(
        email="ceo@deccanmagnets.in",
        role=Role.APPLICANT,
        full_name="Vikram Sethi",
        organisation="Deccan Rare Earth Magnets",
    )


@pytest.fixture
def pma(db: None) -> User:
    return UserFactory(email="examiner@pma.in", role=Role.PMA, full_name="Meera Iyer")


@pytest.fixture
def seated() -> Callable[[User], User]:
    """Gives a TC or SMC user a member seat of its committee from today (R-COM-3: the role
    counts only while a seat is held)."""
    from committees.seating import seat_for_test

    def give(user: User) -> User:
        seat_for_test(user)
        return user

    return give


@pytest.fixture
def tc_member(db: None, seated: Callable[[User], User]) -> User:
    return seated(
        UserFactory(email="tc.member@dae.gov.in", role=Role.TC, full_name="Arvind Kulkarni")
    )


@pytest.fixture
def smc_member(db: None, seated: Callable[[User], User]) -> User:
    return seated(
        UserFactory(email="smc.member@dst.gov.in", role=Role.SMC, full_name="Sunita Menon")
    )


@pytest.fixture
def mhi(db: None) -> User:
    return UserFactory(email="us.pe@mhi.gov.in", role=Role.MHI, full_name="Rajesh Kumar")


@pytest.fixture
def ie(db: None) -> User:
    return UserFactory(email="engineer@ie-firm.in", role=Role.IE, full_name="Kavita Deshpande")


@pytest.fixture
def admin_user(db: None) -> User:
    return UserFactory(email="wim@repm.gov.in", role=Role.ADMIN, full_name="Web Manager")


@pytest.fixture
def outsider() -> None:
    """Someone not signed in."""
    return None


@pytest.fixture
def personas(
    applicant: User,
    rival: User,
    pma: User,
    tc_member: User,
    smc_member: User,
    mhi: User,
    ie: User,
    admin_user: User,
) -> dict[str, User | None]:
    return {
        "outsider": None,
        "applicant": applicant,
        "rival": rival,
        "pma": pma,
        "tc": tc_member,
        "smc": smc_member,
        "mhi": mhi,
        "ie": ie,
        "admin": admin_user,
    }


@pytest.fixture
def api_for() -> Callable[[User | None], APIClient]:
    def make(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def chromium_path() -> str:
    if not CHROMIUM.exists() and shutil.which("chromium") is None:
        pytest.skip("Chromium is not installed")
    return str(CHROMIUM)


def db_vendor() -> str:
    return connection.vendor


# --- A real Celery worker (service mode) ------------------------------------------------------


@pytest.fixture(scope="session")
def celery_worker_queue(django_db_setup: None, django_db_blocker: object, worker_id: str) -> object:
    """A worker for the session on a queue of its own; tasks sent there with
    ``apply_async(queue=…)`` run in it."""
    import uuid

    if not (settings.REDIS_URL and connection.vendor == "postgresql"):
        pytest.skip("needs PostgreSQL and Redis")  # the test's marker fails it under CI first
    queue = f"test-{worker_id}-{uuid.uuid4().hex[:8]}"
    process = start_celery_worker(queue, Path(f"/tmp/celery-{queue}.log"))
    yield queue
    stop(process)


@pytest.fixture(autouse=True)
def _each_test_starts_in_english() -> Iterator[None]:
    """A test that leaves Hindi active (a thread or a helper that activated it) must not change
    the language the next test's messages are checked in."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()
