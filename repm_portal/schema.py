"""The OpenAPI schema tells the truth about errors: every operation lists the error answers it
can give, each in the one error shape of ``repm_portal.api.error_body``.

Which codes an operation gives follows from its view: 400 for input it checks (a body, a filter,
or a state change's service: ``ValidationFailed``), 401 when it reads a token or checks
credentials, 403 when it needs a signed-in user (roles, or a domain ``NotAllowed``), 404 for a row
named in the path or the input or a page past the end, 409 and 422 for a state change
(``StateConflict``, ``RuleViolation``), 429 when it is throttled (and for the token endpoint's
lockout). An address under /api/ that matches no view is a 404 in the same shape
(``web.views.error_404``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework.permissions import AllowAny

ERROR_REF = {"$ref": "#/components/schemas/Error"}

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every error answer of the API.",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {
                    "type": "string",
                    "description": (
                        "What went wrong, for programs: invalid, not_authenticated, "
                        "authentication_failed, permission_denied, not_allowed, not_found, "
                        "conflict, rule_violation, throttled, locked_out, …"
                    ),
                },
                "message": {
                    "type": "string",
                    "description": "What went wrong and how to fix it, for people.",
                },
                "fields": {
                    "type": "object",
                    "description": "Messages per input field (non_field_errors: the whole input).",
                    "additionalProperties": {"type": "array", "items": {"type": "string"}},
                },
                "request_id": {
                    "type": "string",
                    "description": "Quote it when reporting a problem.",
                },
                "rule": {"type": "string", "description": "The scheme rule refused (RULES.md)."},
            },
            "required": ["code", "message", "fields", "request_id"],
        }
    },
    "required": ["error"],
}

DESCRIPTIONS = {
    "400": "The input has errors (see fields).",
    "401": "No valid token or session: the token is missing, wrong, expired or revoked.",
    "403": "Your role or your relation to this record does not allow it.",
    "404": "No such record, or not one you may see.",
    "409": "The record is not in a state that allows this (e.g. already decided).",
    "422": "A scheme rule refuses this (the rule is named).",
    "429": "Too many requests, or too many failed sign-ins: wait and try again.",
}

UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Query parameters a bad value of which is ignored (ordering, page size) or a 404 (page).
LENIENT = frozenset({"page", "page_size", "ordering"})


def _answers_401(view: Any) -> bool:
    """A view that checks credentials itself (the token endpoint) and names its scheme."""
    try:
        return bool(view.get_authenticate_header(view.request))
    except Exception:  # a view that needs a real request to say: it has none to check
        return False


class AutoSchema(SpectacularAutoSchema):
    def _error_codes(self, operation: dict[str, Any]) -> list[str]:
        view = self.view
        open_to_all = all(isinstance(p, AllowAny) for p in view.get_permissions())
        parameters = operation.get("parameters", [])
        codes: set[str] = set()
        checked = [p for p in parameters if p.get("in") == "query" and p.get("name") not in LENIENT]
        state_change = (
            self.method in UNSAFE and not open_to_all
        )  # a service call: ValidationFailed…
        if "requestBody" in operation or checked or state_change:
            codes.add("400")
        if view.get_authenticators() or not open_to_all or _answers_401(view):
            codes.add("401")
        if not open_to_all:
            codes.add("403")
        if (
            any(p.get("in") == "path" for p in parameters)
            or any(p.get("name") == "page" for p in parameters)
            or ("requestBody" in operation and not open_to_all)  # a record named in the input
        ):
            codes.add("404")
        if state_change:
            codes.update({"409", "422"})
        if view.get_throttles():
            codes.add("429")
        return sorted(codes)

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code in self._error_codes(operation):
            responses.setdefault(
                code,
                {
                    "description": DESCRIPTIONS[code],
                    "content": {"application/json": {"schema": ERROR_REF}},
                },
            )
        return operation


def error_component(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: the ``Error`` schema the error answers refer to."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    return result
