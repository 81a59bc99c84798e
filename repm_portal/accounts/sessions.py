"""The signed-in user's session and account, read by every page: in plain SQL.

Every request of a signed-in user reads its session row and its user row. Django builds each
of those two queries through the ORM on every request, which costs about 0.3 ms of CPU each,
several times what PostgreSQL takes to answer. Here the query is written out once and its row
handed to ``Model.from_db``, with each column passed through the converters the ORM would apply
(SQLite keeps dates as text, a JSON column is decoded): about 0.1 ms, a third of
``Model.objects.raw``, which works out its columns and converters again on every call (issue
16.8, measured with ``benchmarks/request_cpu.py``). They are the same queries: same rows, same
expiry test, same check that the account may sign in.

A cache in Redis would cost as much as the plain query and would bring back a session signed
out while Redis was unreachable, so the database stays the only place a session lives.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.db import connections, models, router
from django.utils import timezone

from .models import User

M = TypeVar("M", bound=models.Model)
_Reader = tuple[str, list[str], list[tuple[int, list[Callable[..., Any]], Any]]]
_readers: dict[tuple[str, type[models.Model]], _Reader] = {}


def _reader(alias: str, model: type[models.Model]) -> _Reader:
    """The model's columns as SQL, their attribute names, and each column's converters, worked
    out once per connection and model as the ORM's compiler works them out for every query."""
    key = (alias, model)
    if key not in _readers:
        connection = connections[alias]
        fields = model._meta.concrete_fields
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        converters = []
        for i, field in enumerate(fields):
            col = field.get_col(model._meta.db_table)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            if found:
                converters.append((i, found, col))
        _readers[key] = (columns, [f.attname for f in fields], converters)
    return _readers[key]


def read_one(model: type[M], where: str, params: Sequence[Any]) -> M | None:
    """The one row of ``model`` that ``where`` (SQL, with %s placeholders) picks, as the ORM
    would build it, or ``None``."""
    alias = router.db_for_read(model)
    connection = connections[alias]
    columns, names, converters = _reader(alias, model)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM {table} WHERE {where}", params)  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for i, functions, col in converters:
        for convert in functions:
            values[i] = convert(values[i], col, connection)
    return model.from_db(alias, names, values)


class SessionStore(DatabaseSessionStore):
    """Django's database sessions (``SESSION_ENGINE``), the session read in plain SQL."""

    def _get_session_from_db(self) -> Any:
        model = self.model
        connection = connections[router.db_for_read(model)]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        session = read_one(model, "session_key = %s AND expire_date > %s", [self.session_key, now])
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
        column = connections[router.db_for_read(User)].ops.quote_name(User._meta.pk.column)
        user = read_one(User, f"{column} = %s", [pk])
        return user if user is not None and self.user_can_authenticate(user) else None
