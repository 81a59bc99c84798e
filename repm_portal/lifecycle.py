"""State changes: one conditional UPDATE per transition, so a step happens once, audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from repm_portal.audit.services import audit_record
from repm_portal.errors import StateConflict


def transition(
    obj: models.Model,
    *,
    allowed_from: Iterable[str],
    to: str,
    actor: Any,
    action: str,
    field: str = "status",
    also: dict[str, Any] | None = None,
    record: dict[str, Any] | None = None,
) -> None:
    """Move ``obj`` to ``to`` if it is still in one of ``allowed_from``; else StateConflict.

    The UPDATE's WHERE carries the expected state, so of two racing requests exactly one wins.
    ``record`` adds facts of the step kept elsewhere (a note written with it) to its audit event.
    """
    allowed = list(allowed_from)
    changes = {field: to, **(also or {})}
    with transaction.atomic():
        updated = (
            type(obj)
            ._default_manager.filter(pk=obj.pk, **{f"{field}__in": allowed})
            .update(**changes)
        )
        if updated != 1:
            current = type(obj)._default_manager.filter(pk=obj.pk).values_list(field, flat=True)
            raise StateConflict(
                _(
                    "This step needs the state to be %(allowed)s, but it is now %(now)s: someone "
                    "may have taken it already. Reload the page."
                )
                % {"allowed": " or ".join(allowed), "now": next(iter(current), "gone")}
            )
        before = {field: getattr(obj, field)}
        for name, value in changes.items():
            setattr(obj, name, value)
        audit_record(
            actor=actor, action=action, obj=obj, before=before, after={**changes, **(record or {})}
        )
