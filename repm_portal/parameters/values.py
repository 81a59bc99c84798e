"""Typed access to a parameter version's values, and their validation. No ORM here."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from repm_portal.errors import RuleViolation, ValidationFailed
from repm_portal.money import crore, to_decimal

from .spec import SPEC_BY_KEY, SPECS, ParamSpec


def _check_one(spec: ParamSpec, raw: Any) -> Any:
    """The JSON form of one value, validated for its kind; raises ValidationFailed."""
    name = f"{spec.label} ({spec.key})"
    if raw is None or raw == "":
        if spec.optional:
            return None
        raise ValidationFailed(_("%(name)s is required.") % {"name": name}, field=spec.key)
    if spec.kind == "date":
        try:
            return date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise ValidationFailed(
                _("%(name)s must be a date written YYYY-MM-DD.") % {"name": name}, field=spec.key
            ) from None
    if spec.kind == "days_list":
        try:
            days = sorted({int(d) for d in raw}, reverse=True)
        except (TypeError, ValueError):
            raise ValidationFailed(
                _("%(name)s must be a list of whole days.") % {"name": name}, field=spec.key
            ) from None
        if not days or days[-1] < 1:
            raise ValidationFailed(
                _("%(name)s needs at least one number of days, each 1 or more.") % {"name": name},
                field=spec.key,
            )
        return days
    if spec.kind == "table":
        return _table(spec, raw, name)
    return _number(spec, raw)


def _table(spec: ParamSpec, raw: Any, name: str) -> dict[str, str]:
    """A table's JSON form: a number for each of its rows, no more and no fewer."""
    if not isinstance(raw, dict):
        raise ValidationFailed(_("%(name)s must be a table.") % {"name": name}, field=spec.key)
    rows = {str(k): v for k, v in raw.items()}
    missing = [str(r) for r in spec.rows if str(r) not in rows]
    extra = sorted(set(rows) - {str(r) for r in spec.rows})
    if missing or extra:
        raise ValidationFailed(
            _("%(name)s must have exactly the rows %(rows)s.")
            % {"name": name, "rows": ", ".join(str(r) for r in spec.rows)},
            field=spec.key,
        )
    return {str(r): _number(spec, rows[str(r)]) for r in spec.rows}


def _number(spec: ParamSpec, raw: Any) -> str:
    value = to_decimal(str(raw), what=str(spec.label))
    if value < 0:
        raise ValidationFailed(
            _("%(label)s cannot be negative.") % {"label": spec.label}, field=spec.key
        )
    if spec.kind == "integer" and value != value.to_integral_value():
        raise ValidationFailed(
            _("%(label)s must be a whole number.") % {"label": spec.label}, field=spec.key
        )
    if spec.kind == "fraction" and value > 1:
        raise ValidationFailed(
            _("%(label)s is a fraction between 0 and 1 (write 0.40 for 40 %%).")
            % {"label": spec.label},
            field=spec.key,
        )
    return str(value)


def validate_values(values: dict[str, Any]) -> dict[str, Any]:
    """A complete set of values in canonical JSON form; unknown keys are refused."""
    unknown = sorted(set(values) - set(SPEC_BY_KEY))
    if unknown:
        raise ValidationFailed(
            _("Unknown scheme parameters: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    return {spec.key: _check_one(spec, values.get(spec.key)) for spec in SPECS}


class SchemeParameters:
    """The values of one version, typed. ``version_id`` is what computations record."""

    def __init__(
        self, *, version_id: int, effective_from: date, authority: str, values: dict[str, Any]
    ) -> None:
        self.version_id = version_id
        self.effective_from = effective_from
        self.authority = authority
        self._values = values

    def decimal(self, key: str) -> Decimal:
        return Decimal(self._values[key])

    def integer(self, key: str) -> int:
        return int(Decimal(self._values[key]))

    def date(self, key: str) -> date | None:
        raw = self._values.get(key)
        return date.fromisoformat(raw) if raw else None

    def days(self, key: str) -> list[int]:
        return list(self._values[key])

    def table(self, key: str) -> dict[int, Decimal]:
        return {int(k): Decimal(v) for k, v in self._values[key].items()}

    def row(self, key: str, row: int) -> Decimal:
        """One row of a table; a row the table does not have is a rule violation."""
        table = self.table(key)
        if row not in table:
            spec = SPEC_BY_KEY[key]
            raise RuleViolation(
                _("%(table)s has no row for %(row)s %(what)s; the rows are %(rows)s.")
                % {
                    "table": spec.label,
                    "row": row,
                    "what": spec.row_label,
                    "rows": ", ".join(str(r) for r in table),
                },
                rule=spec.rule,
            )
        return table[row]

    def crore_row(self, key: str, row: int) -> Decimal:
        """A row of a ₹ crore table, in rupees."""
        return crore(self.row(key, row))

    def raw(self) -> dict[str, Any]:
        return dict(self._values)
