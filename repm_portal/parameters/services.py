"""Recording scheme parameter amendments (R-PARAM-1, §13)."""

from __future__ import annotations

import importlib
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from repm_portal.accounts.models import Role, User
from repm_portal.accounts.roles import require_role
from repm_portal.audit.services import audit_record
from repm_portal.errors import ValidationFailed

from .models import ParameterVersion
from .selectors import parameter_version_in_force
from .values import validate_values

NOTIFIED_MIGRATION = "repm_portal.parameters.migrations.0002_notified_values"


def parameter_amend(
    *,
    actor: User,
    effective_from: date,
    authority: str,
    description: str = "",
    changes: dict[str, Any],
) -> ParameterVersion:
    """A new version: the version in force on ``effective_from`` with ``changes`` applied."""
    require_role(
        actor,
        Role.MHI,
        Role.ADMIN,
        message=_("Only an MHI officer can record an amendment of scheme parameters."),
    )
    authority = authority.strip()
    if not authority:
        raise ValidationFailed(
            _("Name the order that makes this amendment (its number and date)."), field="authority"
        )
    with transaction.atomic():
        base = parameter_version_in_force(effective_from)
        values = validate_values({**base.values, **changes})
        if values == base.values:
            raise ValidationFailed(
                _("This amendment changes no value of the version in force on %(day)s.")
                % {"day": effective_from.strftime("%d %b %Y")}
            )
        if ParameterVersion.objects.filter(
            effective_from=effective_from, authority=authority
        ).exists():
            raise ValidationFailed(
                _("An amendment under this order with this effective date is already recorded."),
                field="authority",
            )
        version = ParameterVersion.objects.create(
            effective_from=effective_from,
            authority=authority,
            description=description.strip(),
            values=values,
            supersedes=base,
            recorded_by=actor,
        )
        changed = {k: (base.values.get(k), v) for k, v in values.items() if base.values.get(k) != v}
        audit_record(
            actor=actor,
            action="parameters.amended",
            obj=version,
            before={k: old for k, (old, _new) in changed.items()},
            after={k: new for k, (_old, new) in changed.items()}
            | {"effective_from": effective_from, "authority": authority},
        )
    return version


def parameters_ensure_notified(**_: Any) -> None:
    """Reload the notified version if the table is empty (after a test flush, say)."""
    if ParameterVersion.objects.exists():
        return
    migration = importlib.import_module(NOTIFIED_MIGRATION)
    notified = migration.notified_version()
    notified["values"] = dict(notified["values"])
    # Keys that later data migrations added to every version (each names them ADDED_VALUES).
    for path in sorted(Path(str(migration.__file__)).parent.glob("0*.py")):
        later = importlib.import_module(f"{migration.__package__}.{path.stem}")
        for key, value in getattr(later, "ADDED_VALUES", {}).items():
            notified["values"].setdefault(key, value)
    ParameterVersion.objects.create(**notified)
