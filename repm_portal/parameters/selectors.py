"""Which parameter version is in force (R-PARAM-1)."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from repm_portal.errors import NotFound

from .models import ParameterVersion
from .values import SchemeParameters


def parameter_versions() -> QuerySet[ParameterVersion]:
    return ParameterVersion.objects.select_related("recorded_by", "supersedes")


def _none_in_force(on: date) -> NotFound:
    return NotFound(
        _(
            "No scheme parameters are in force on %(day)s: the scheme's notification took "
            "effect later."
        )
        % {"day": on.strftime("%d %b %Y")}
    )


def parameter_version_in_force(on: date) -> ParameterVersion:
    """The latest version effective on ``on``; of two with one date, the later recorded."""
    version = (
        ParameterVersion.objects.filter(effective_from__lte=on)
        .order_by("-effective_from", "-recorded_at", "-id")
        .first()
    )
    if version is None:
        raise _none_in_force(on)
    return version


def as_parameters(version: ParameterVersion) -> SchemeParameters:
    return SchemeParameters(
        version_id=version.pk,
        effective_from=version.effective_from,
        authority=version.authority,
        values=version.values,
    )


def parameters_in_force(on: date) -> SchemeParameters:
    """The typed values in force on ``on``; a computation records ``.version_id``."""
    if _read_once.get() is not None:
        return parameter_timeline().in_force(on)
    return as_parameters(parameter_version_in_force(on))


def parameters_of_version(version_id: int) -> SchemeParameters:
    """The values a past computation used, whatever has been amended since."""
    try:
        return as_parameters(ParameterVersion.objects.get(pk=version_id))
    except ParameterVersion.DoesNotExist:
        raise NotFound(_("No parameter version %(id)s.") % {"id": version_id}) from None


class ParameterTimeline:
    """Every version, read in one query: the values in force on any day without a query for
    each day (the rows of a list start their service-target clocks on days of their own)."""

    def __init__(self, versions: list[ParameterVersion]) -> None:
        # The same order as parameter_version_in_force: of one date, the later recorded wins.
        self._versions = sorted(versions, key=lambda v: (v.effective_from, v.recorded_at, v.pk))
        self._starts = [v.effective_from for v in self._versions]
        self._typed: dict[int, SchemeParameters] = {}

    def in_force(self, on: date) -> SchemeParameters:
        at = bisect_right(self._starts, on)
        if at == 0:
            raise _none_in_force(on)
        version = self._versions[at - 1]
        if version.pk not in self._typed:
            self._typed[version.pk] = as_parameters(version)
        return self._typed[version.pk]


def parameter_timeline() -> ParameterTimeline:
    """For a page or a task that needs the parameters of many days; a handful of rows."""
    scope = _read_once.get()
    if scope is None:
        return ParameterTimeline(list(ParameterVersion.objects.all()))
    if not scope:
        scope.append(ParameterTimeline(list(ParameterVersion.objects.all())))
    return scope[0]


# The timeline of the innermost ``parameters_read_once`` block, once read.
_read_once: ContextVar[list[ParameterTimeline] | None] = ContextVar(
    "parameters_read_once", default=None
)


@contextmanager
def parameters_read_once() -> Iterator[None]:
    """Within the block, every read of the parameters (of any day) comes from one read of the
    versions: for a read-only page whose parts each ask (the home page's duties)."""
    token = _read_once.set([])
    try:
        yield
    finally:
        _read_once.reset(token)
