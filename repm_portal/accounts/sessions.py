"""The signed-in user's session and account, read by every page: in plain SQL.

Every request of a signed-in user reads its session row and its user row. Django builds each
of those two queries through the ORM on every request, which costs about 0.3 ms of CPU each,
several times what PostgreSQL takes to answer; ``Model.objects.raw`` with the query written
out costs a third of that (issue 16.8, measured with ``benchmarks/request_cpu.py``). They are
the same queries: same rows, same expiry test, same check that the account may sign in.

A cache in Redis would cost as much as the plain query and would bring back a session signed
out while Redis was unreachable, so the database stays the only place a session lives.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

from .models import User


class SessionStore(DatabaseSessionStore):
    """Django's database sessions (``SESSION_ENGINE``), the session read in plain SQL."""

    def _get_session_from_db(self) -> Any:
        model = self.model
        connection = connections[router.db_for_read(model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        table = connection.ops.quote_name(model._meta.db_table)
        rows = model.objects.raw(
            f"SELECT * FROM {table} WHERE session_key = %s AND expire_date > %s",  # noqa: S608
            [self.session_key, now],
        )
        session = next(iter(rows), None)
        if session is None:
            self._session_key = None  # as Django's: an unknown or expired key starts afresh
        return session


class UserBackend(ModelBackend):
    """Django's ``ModelBackend``, the signed-in user read in plain SQL."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        quote = connections[router.db_for_read(User)].ops.quote_name
        table, column = quote(User._meta.db_table), quote(User._meta.pk.column)
        rows = User.objects.raw(f"SELECT * FROM {table} WHERE {column} = %s", [pk])  # noqa: S608
        user = next(iter(rows), None)
        return user if user is not None and self.user_can_authenticate(user) else None
