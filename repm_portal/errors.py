"""The one family of domain errors.

Services raise these; ``repm_portal.api.exception_handler`` maps them to HTTP and
``repm_portal.web.forms.add_domain_error`` to form errors. A message says what was wrong and how
to put it right.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class DomainError(Exception):
    code = "domain_error"
    http_status = 400

    def __init__(
        self,
        message: StrOrPromise,
        *,
        field: str | None = None,
        code: str | None = None,
        rule: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        self.field = field
        self.rule = rule
        self.fields = fields or ({field: [self.message]} if field else {})
        if code:
            self.code = code

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message, "fields": self.fields}
        if self.rule:
            body["rule"] = self.rule
        return body


class ValidationFailed(DomainError):
    """Input that cannot be accepted as given."""

    code = "invalid"
    http_status = 400


class RuleViolation(DomainError):
    """Input that is well-formed but breaks a scheme rule (name the rule id)."""

    code = "rule_violation"
    http_status = 422


class NotAllowed(DomainError):
    """The user may not do this (their role or the object's owner forbids it)."""

    code = "permission_denied"
    http_status = 403


class NotFound(DomainError):
    """No such object, or none the user may see (the same answer, on purpose)."""

    code = "not_found"
    http_status = 404


class StateConflict(DomainError):
    """The object is not in a state where this step can be taken (or someone else took it)."""

    code = "conflict"
    http_status = 409
