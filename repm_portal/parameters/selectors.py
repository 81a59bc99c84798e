"""Which parameter version is in force (R-PARAM-1)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from repm_portal.errors import NotFound

from .models import ParameterVersion
from .values import SchemeParameters


def parameter_versions() -> QuerySet[ParameterVersion]:
    return ParameterVersion.objects.select_related("recorded_by", "supersedes")


def parameter_version_in_force(on: date) -> ParameterVersion:
    """The latest version effective on ``on``; of two with one date, the later recorded."""
    version = (
        ParameterVersion.objects.filter(effective_from__lte=on)
        .order_by("-effective_from", "-recorded_at", "-id")
        .first()
    )
    if version is None:
        raise NotFound(
            _(
                "No scheme parameters are in force on %(day)s: the scheme's notification took "
                "effect later."
            )
            % {"day": on.strftime("%d %b %Y")}
        )
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
    return as_parameters(parameter_version_in_force(on))


def parameters_of_version(version_id: int) -> SchemeParameters:
    """The values a past computation used, whatever has been amended since."""
    try:
        return as_parameters(ParameterVersion.objects.get(pk=version_id))
    except ParameterVersion.DoesNotExist:
        raise NotFound(_("No parameter version %(id)s.") % {"id": version_id}) from None
