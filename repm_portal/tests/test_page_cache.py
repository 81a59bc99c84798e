"""A signed-in page kept as rendered (repm_portal/page_cache.py, issue 16.8): served again only
to the same browser session, and never once anything in the database, the minute, the language
or the audit checkpoint file has changed.

Most tests here set the database's version themselves (``versions``): PostgreSQL's snapshot and
WAL position are the whole cluster's, and the suite's other xdist worker, writing to its own
database, moves them all the time. A kept page is then rendered again, never wrong, but a test
of keeping could not tell a kept page from a rendered one. The tests marked ``postgres`` read
the real version and assert only what any number of other writes leaves true.
"""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection, transaction
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from repm_portal import page_cache
from repm_portal.audit.checkpoints import checkpoint_append, checkpoint_make
from repm_portal.audit.services import audit_record
from repm_portal.notifications.models import Notification
from repm_portal.notifications.services import notify
from tests.threads import run_together

pytestmark = pytest.mark.django_db
postgres = pytest.mark.postgres

# What a kept page costs: the session and the user (the test's version is no query).
HIT = ["django_session", "accounts_user"]


class Versions:
    """The database's version as a test sets it; ``write()`` stands for a write."""

    def __init__(self) -> None:
        self.n = 0

    def write(self) -> None:
        self.n += 1


@pytest.fixture
def versions(monkeypatch) -> Versions:
    versions = Versions()
    monkeypatch.setattr(page_cache, "data_version", lambda: f"test-{versions.n}")
    return versions


def fetch(client: Client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode(), [q["sql"] for q in captured]


def is_hit(queries: list[str]) -> bool:
    return len(queries) == len(HIT) and all(t in q for t, q in zip(HIT, queries, strict=True))


def kept(client: Client, url: str) -> str:
    """Fetches ``url`` until its page is kept and returns it. A page is kept from the second
    view of a session: the first answer sets the CSRF cookie, which a page's forms are bound to.
    """
    page, _queries = fetch(client, url)
    for _ in range(2):
        again, queries = fetch(client, url)
        if is_hit(queries):
            assert again == page
            return again
        page = again
    raise AssertionError(f"{url} was not kept")


def test_a_repeat_view_is_the_kept_page_behind_the_same_headers(client, mhi, versions) -> None:
    client.force_login(mhi)
    page = kept(client, "/")
    assert "Meera" not in page and mhi.full_name in page
    one, two = client.get("/"), client.get("/")
    # Every middleware still runs on a kept page: no browser or proxy keeps a signed-in page.
    assert "no-store" in one["Cache-Control"]
    assert one["Content-Security-Policy"].startswith("default-src 'self'")
    assert one["Content-Type"] == "text/html; charset=utf-8"
    assert one["X-Request-ID"] != two["X-Request-ID"]
    assert one.content.decode() == two.content.decode() == page


@postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_by_anyone_shows_at_once(applicant) -> None:
    client = Client()
    client.force_login(applicant)
    for _ in range(3):  # kept from the second view, unless another write came between
        assert "Board meeting moved" not in fetch(client, "/notifications/")[0]
    # Another session's write, on a connection of its own, committed.
    [made] = run_together(lambda: notify([applicant], title="Board meeting moved"))
    assert made == 1
    assert "Board meeting moved" in fetch(client, "/notifications/")[0]


@postgres
@pytest.mark.django_db(transaction=True)
def test_every_write_changes_the_version_it_reads(applicant, mhi) -> None:
    """A write of the reader's own open transaction moves the WAL position (the snapshot stays);
    a write another connection commits changes the snapshot, as it starts and as it commits.
    A write that touches nothing a page shows changes it just the same: no page needs to say
    what it reads."""
    with transaction.atomic():
        before = page_cache.data_version()
        audit_record(actor=mhi, action="test.unrelated", obj=mhi)
        assert page_cache.data_version() != before
    before = page_cache.data_version()
    [result] = run_together(lambda: notify([applicant], title="Elsewhere"))
    assert result == 1
    assert page_cache.data_version() != before


def test_a_page_is_kept_for_its_browser_session_only(applicant, rival, versions) -> None:
    one, same_user_elsewhere, other_user = Client(), Client(), Client()
    one.force_login(applicant)
    same_user_elsewhere.force_login(applicant)
    other_user.force_login(rival)
    one.get("/")
    for client in (same_user_elsewhere, other_user):
        # The same CSRF cookie: only the session tells them apart.
        client.cookies["csrftoken"] = one.cookies["csrftoken"].value
    mine = kept(one, "/")
    elsewhere, queries = fetch(same_user_elsewhere, "/")
    assert not is_hit(queries)
    theirs, queries = fetch(other_user, "/")
    assert not is_hit(queries)
    assert applicant.full_name in mine and applicant.full_name in elsewhere
    assert applicant.full_name not in theirs
    assert rival.full_name in theirs


def test_a_form_on_a_kept_page_still_passes_the_csrf_check(applicant, versions) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    notify([applicant], title="Claim returned", url="/claims/")
    kept(client, "/notifications/")
    # The browser drops its CSRF cookie (cleared, expired) and gets another with the next page:
    # the page kept for the old cookie holds a token the new one refuses.
    del client.cookies["csrftoken"]
    client.get("/notifications/")
    page = kept(client, "/notifications/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    answer = client.post("/notifications/read/", {"csrfmiddlewaretoken": token.group(1)})
    assert answer.status_code == 302
    assert not Notification.objects.filter(user=applicant, read_at__isnull=True).exists()


@pytest.mark.urls("repm_portal.tests.page_cache_urls")
@pytest.mark.parametrize(
    "path", ["not-found", "too-long", "json", "sets-cookie", "changes-session", "leaves-message"]
)
def test_an_answer_that_is_not_a_plain_page_is_never_kept(
    client, applicant, path, versions
) -> None:
    client.force_login(applicant)
    client.get("/plain/")  # the CSRF cookie
    client.get("/plain/")
    assert client.get("/plain/").content == client.get("/plain/").content  # kept
    first = client.get(f"/{path}/")
    client.cookies.pop("messages", None)  # shown elsewhere: none waits for the next view
    second = client.get(f"/{path}/")
    assert first.content != second.content  # rendered twice: the view ran each time


@pytest.mark.urls("repm_portal.tests.page_cache_urls")
def test_each_query_string_is_a_page_of_its_own(client, applicant, versions) -> None:
    client.force_login(applicant)
    client.get("/plain/")
    pages = [client.get(f"/plain/?page={n}").content for n in (1, 2, 1, 2)]
    assert pages[0] != pages[1] and pages[2:] == pages[:2]  # each kept, and apart


def test_a_page_with_a_message_to_show_is_never_kept(client, applicant, versions) -> None:
    client.force_login(applicant)
    kept(client, "/")
    # A message waiting in its cookie, as a redirect after a form leaves one.
    client.cookies["messages"] = CookieStorage(HttpRequest())._encode(  # type: ignore[attr-defined]
        [Message(messages.SUCCESS, "Your claim was filed.")]
    )
    page, queries = fetch(client, "/")
    assert "Your claim was filed." in page
    assert not is_hit(queries)
    page, queries = fetch(client, "/")  # shown once: the next view neither shows nor keeps it
    assert "Your claim was filed." not in page


def test_the_minute_turning_renders_again(client, mhi, versions) -> None:
    client.force_login(mhi)
    kept(client, "/cases/")
    real_now = timezone.now
    with mock.patch(
        "django.utils.timezone.now", side_effect=lambda: real_now() + timedelta(seconds=61)
    ):
        assert not is_hit(fetch(client, "/cases/")[1])


def test_each_language_is_kept_apart(client, applicant, versions) -> None:
    client.force_login(applicant)
    english = kept(client, "/claims/")
    client.cookies["django_language"] = "hi"
    hindi, queries = fetch(client, "/claims/")
    assert not is_hit(queries)
    assert hindi != english and 'lang="hi"' in hindi


def test_an_export_a_refusal_and_htmx_are_never_kept(client, applicant, mhi, versions) -> None:
    client.force_login(mhi)
    client.get("/audit/")
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/audit/?format=csv")
        assert response["Content-Type"].startswith("text/csv")
        assert not is_hit([q["sql"] for q in captured])
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/audit/", HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        assert not is_hit([q["sql"] for q in captured])
    client.force_login(applicant)
    client.get("/")
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/audit/").status_code == 403
        assert not is_hit([q["sql"] for q in captured])


def test_the_audit_page_varies_with_the_checkpoint_file(
    client, mhi, settings, tmp_path, versions
) -> None:
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "checkpoints.log"
    event = audit_record(actor=mhi, action="test.event", obj=mhi)
    client.force_login(mhi)
    page = kept(client, "/audit/")
    assert "Latest signed checkpoint" not in page
    checkpoint_append(checkpoint_make(event.seq, event.hash))  # the file only: no write
    page, queries = fetch(client, "/audit/")
    assert not is_hit(queries)
    assert f"entry {event.seq}," in page and event.hash in page


def test_switched_off_every_request_renders(client, mhi, settings, versions) -> None:
    settings.PAGE_CACHE = False
    client.force_login(mhi)
    for _ in range(3):
        assert not is_hit(fetch(client, "/")[1])


@postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_committed_while_a_page_renders_is_never_hidden(applicant) -> None:
    """The page is read, then another connection commits a notice before the page is kept. The
    page kept lacks the notice; it is kept under the snapshot read before the view, which the
    commit has passed, so the next view renders again and shows it."""
    client = Client()
    client.force_login(applicant)
    client.get("/notifications/")  # the CSRF cookie
    committed = threading.Event()

    def write_elsewhere() -> None:
        try:
            notify([applicant], title="Sanction order issued")
        finally:
            connection.close()
            committed.set()

    real = page_cache._keepable

    def keepable_after_a_write(request, response):  # the view has read; a writer commits
        if "Sanction order issued" not in response.content.decode():
            thread = threading.Thread(target=write_elsewhere)
            thread.start()
            assert committed.wait(10)
            thread.join()
        return real(request, response)

    with mock.patch.object(page_cache, "_keepable", keepable_after_a_write):
        page, _ = fetch(client, "/notifications/")
    assert "Sanction order issued" not in page  # read before the commit
    assert "Sanction order issued" in fetch(client, "/notifications/")[0]


def test_on_sqlite_every_request_renders(client, mhi) -> None:
    """The embedded mode has no snapshot to key a page on: nothing is kept. On PostgreSQL the
    version is the snapshot (xmin:xmax:in-flight), the WAL insert position and the server's
    start."""
    version = page_cache.data_version()
    if connection.vendor == "postgresql":
        snapshot, wal, started = r"\d+:\d+:[\d,]*", r"[0-9A-F]+/[0-9A-F]+", r"\d{4}-.+"
        assert re.fullmatch(f"{snapshot} {wal} {started}", version or ""), version
        return
    assert version is None
    client.force_login(mhi)
    pages = [client.get("/cases/") for _ in range(3)]
    assert all(p.status_code == 200 for p in pages)
    with CaptureQueriesContext(connection) as captured:
        client.get("/cases/")
    assert len(captured) > len(HIT)
