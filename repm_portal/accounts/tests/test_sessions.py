"""The session and the signed-in user, read in plain SQL (accounts/sessions.py): the same
answers as Django's own session store and ModelBackend, cheaper (issue 16.8)."""

from datetime import timedelta

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoSessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from repm_portal.accounts.sessions import SessionStore, UserBackend

pytestmark = pytest.mark.django_db
HOME = reverse("web:home")


def signed_in(client, user) -> str:
    """Signs in through the form, as a person does; returns the session's key."""
    user.set_password("Magnets-Visakhapatnam-2026")
    user.save()
    client.post(
        reverse("web:login"), {"username": user.email, "password": "Magnets-Visakhapatnam-2026"}
    )
    assert client.get(HOME).status_code == 200
    return client.session.session_key


def test_a_session_reads_as_djangos_store_reads_it(client, applicant) -> None:
    key = signed_in(client, applicant)
    ours, djangos = SessionStore(key).load(), DjangoSessionStore(key).load()
    assert ours == djangos and ours[SESSION_KEY] == str(applicant.pk)
    assert SessionStore("no-such-session-key-00000000000000").load() == {}


def test_an_expired_session_signs_the_user_out(client, applicant) -> None:
    key = signed_in(client, applicant)
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(reverse("web:login"))
    store = SessionStore(key)
    assert store.load() == {} and store.session_key is None  # a new session, never the old


def test_signing_out_ends_the_session(client, applicant) -> None:
    key = signed_in(client, applicant)
    client.post(reverse("web:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(HOME).status_code == 302


def test_a_deactivated_account_is_signed_out_at_its_next_page(client, applicant) -> None:
    signed_in(client, applicant)
    applicant.is_active = False
    applicant.save()
    assert client.get(HOME).status_code == 302


def test_the_user_read_is_the_users_row(applicant, rival) -> None:
    backend = UserBackend()
    assert backend.get_user(applicant.pk) == applicant
    assert backend.get_user(str(rival.pk)).email == rival.email  # the session keeps a string
    assert backend.get_user(rival.pk + applicant.pk + 1000) is None
    assert backend.get_user("1; DROP TABLE accounts_user") is None
    user = backend.get_user(applicant.pk)
    assert (user.role, user.full_name, user.organisation) == (
        applicant.role,
        applicant.full_name,
        applicant.organisation,
    )


def test_every_column_reads_as_the_orm_reads_it(client, applicant) -> None:
    """The plain reads convert each column as the ORM does: dates are dates on SQLite too
    (kept there as text), not strings."""
    from repm_portal.accounts.models import User
    from repm_portal.accounts.sessions import read_one

    key = signed_in(client, applicant)
    applicant.refresh_from_db()
    for model, orm, where, params in (
        (User, User.objects.get(pk=applicant.pk), "id = %s", [applicant.pk]),
        (Session, Session.objects.get(session_key=key), "session_key = %s", [key]),
    ):
        ours = read_one(model, where, params)
        assert ours is not None and not ours._state.adding
        for field in model._meta.concrete_fields:
            mine, theirs = getattr(ours, field.attname), getattr(orm, field.attname)
            assert (mine, type(mine)) == (theirs, type(theirs)), field.name
    assert isinstance(read_one(User, "id = %s", [applicant.pk]).last_login, type(timezone.now()))
    assert read_one(User, "id = %s", [-1]) is None
