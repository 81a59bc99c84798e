"""Issue 17: the portal keeps its word while Redis or PostgreSQL is away — the lockout and
throttles neither fail open nor lock everyone out without the cache, and no database answers a
503, never a 500. (A claim filed while the broker is down: incentives/tests/test_outages.py.)"""

from __future__ import annotations

import psycopg2
import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

from repm_portal.unavailable import database_unavailable
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


# --- What the cache may lose: the lockout holds, the throttles still count -----------------


def test_r_acl_1_lockout_holds_and_no_500_while_redis_is_down(redis_down, applicant, rival):
    api = APIClient()
    answers = [
        api.post("/api/v1/auth/token/", {"email": applicant.email, "password": "nope"})
        for _ in range(5)
    ]
    # The failures are counted in the database: the fifth locks the account out, as always.
    assert [a.status_code for a in answers] == [401, 401, 401, 401, 429]
    assert answers[4].json()["error"]["code"] == "locked_out"
    right = api.post("/api/v1/auth/token/", {"email": applicant.email, "password": PASSWORD})
    assert right.status_code == 429  # the right password does not lift the lockout
    # Nobody else is locked out: another user signs in.
    other = api.post("/api/v1/auth/token/", {"email": rival.email, "password": PASSWORD})
    assert other.status_code == 200 and other.json()["token"]


def test_r_acl_1_web_sign_in_lockout_holds_while_redis_is_down(redis_down, client, applicant):
    for _ in range(4):
        wrong = client.post(reverse("web:login"), {"username": applicant.email, "password": "x"})
        assert wrong.status_code == 200
    assert (
        client.post(
            reverse("web:login"), {"username": applicant.email, "password": "x"}
        ).status_code
        == 429
    )
    locked = client.post(reverse("web:login"), {"username": applicant.email, "password": PASSWORD})
    assert locked.status_code == 429


def test_r_acl_1_the_api_throttle_does_not_fail_open_while_redis_is_down(
    redis_down, monkeypatch, rival
) -> None:
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    api = APIClient()
    answers = [
        api.post("/api/v1/auth/token/", {"email": rival.email, "password": PASSWORD})
        for _ in range(4)
    ]
    # Counted in this process while the cache is away: three pass, the fourth waits.
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json()["error"]["code"] == "throttled"
    assert int(answers[3]["Retry-After"]) > 0


def test_r_acl_1_the_registration_limit_holds_while_redis_is_down(redis_down, client, monkeypatch):
    from rest_framework.throttling import ScopedRateThrottle

    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"registration": "1/hour"})
    form = {
        "email": "new@example.in",
        "full_name": "Neha Joshi",
        "organisation": "Konkan Magnetics Pvt Ltd",
        "phone": "",
        "password": "Tulsi-Quartz-Harbour-42",
        "password_again": "Tulsi-Quartz-Harbour-42",
    }
    first = client.post(reverse("web:register"), form)
    second = client.post(reverse("web:register"), {**form, "email": "again@example.in"})
    assert (first.status_code, second.status_code) == (200, 429)


def test_signed_in_pages_render_whole_while_redis_is_down(redis_down, client, applicant) -> None:
    """The menu, the footer and a parameter version's table are cached fragments; they live in
    each process's memory (settings' ``template_fragments``), so with Redis gone a signed-in
    page still renders them whole, and a second view serves them from memory."""
    client.force_login(applicant)
    for _ in range(2):  # rendered, then served from the process's memory
        home = client.get(reverse("web:home"))
        parameters = client.get(reverse("web:parameters"))
        assert home.status_code == parameters.status_code == 200
        assert 'id="main-nav"' in home.text and "Policy decisions" in home.text
        assert "Values of version" in parameters.text


def test_the_policy_page_says_what_the_cache_may_lose(client) -> None:
    page = client.get(reverse("web:policy")).content.decode()
    assert "Sign-in protection when a service is down" in page
    assert "the cache may lose them, never the lockout" in page


# --- No database: a 503 in the portal's frame, or the API's error shape --------------------


def _server_gone() -> OperationalError:
    error = OperationalError("server closed the connection unexpectedly")
    error.__cause__ = psycopg2.OperationalError("server closed the connection unexpectedly")
    return error


def _pg_error(code: str) -> OperationalError:
    error = OperationalError("x")
    # psycopg2 errors carry their SQLSTATE in a read-only attribute: a subclass sets it.
    error.__cause__ = type("PgError", (psycopg2.OperationalError,), {"pgcode": code})("x")
    return error


@pytest.mark.parametrize(
    ("error", "unavailable"),
    [
        (_server_gone(), True),
        (InterfaceError("connection already closed"), True),
        (_pg_error("08006"), True),  # connection_failure
        (_pg_error("57P01"), True),  # admin_shutdown: the server is restarting
        (_pg_error("40P01"), False),  # deadlock: a bug to see, not an outage
        (OperationalError("database is locked"), True),  # SQLite, busy past its timeout
        (OperationalError("no such column: x"), False),
        (ValueError("x"), False),
    ],
)
def test_what_counts_as_the_database_being_away(error, unavailable) -> None:
    assert database_unavailable(error) is unavailable


@pytest.fixture
def database_down(monkeypatch):
    """Every view that asks the database finds it gone (the home page's duties, the API)."""

    def gone(*args: object, **kwargs: object) -> None:
        raise _server_gone()

    monkeypatch.setattr("repm_portal.web.views.duties_for", gone)
    monkeypatch.setattr("repm_portal.accounts.api.UserSerializer", gone)


@pytest.mark.parametrize(("language", "lang"), [("en", "en"), ("hi", "hi")])
def test_no_database_answers_a_503_page_in_the_portal_frame(
    database_down, client, applicant, language, lang, caplog
) -> None:
    client.force_login(applicant)
    response = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert 'href="#main"' in page  # base.html's frame: the skip link, the language switch,
    assert 'name="language"' in page
    assert f'href="{reverse("web:policy")}"' in page  # and the footer of every page
    assert response["X-Request-ID"] in page
    logged = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelname, r.exc_info) for r in logged] == [("ERROR", None)]


def test_no_database_answers_the_api_error_shape(database_down, api_for, applicant) -> None:
    response = api_for(applicant).get("/api/v1/me/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.json()["error"]
    assert body["code"] == "unavailable"
    assert body["message"].startswith("The portal is briefly unavailable.")
    assert body["request_id"] == response["X-Request-ID"]


def test_no_database_before_the_view_runs_is_a_503_too(monkeypatch, applicant) -> None:
    """The session cannot be read (middleware, before any view): the 500 handler answers 503."""
    client = Client(raise_request_exception=False)
    client.force_login(applicant)

    def gone(self: object, *args: object) -> None:
        raise _server_gone()

    monkeypatch.setattr("django.contrib.sessions.backends.db.SessionStore.load", gone)
    response = client.get(reverse("web:home"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "The portal is briefly unavailable" in response.content.decode()
