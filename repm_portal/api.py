"""API conventions: one error shape, pagination, role permissions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

from .accounts.models import User
from .errors import DomainError
from .middleware import current_request_context


class Pagination(PageNumberPagination):
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 200


def _flatten(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {
            str(field): [str(m) for m in (msgs if isinstance(msgs, list) else [msgs])]
            for field, msgs in detail.items()
        }
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {}


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: Any
) -> dict[str, Any]:
    body = {"code": code, "message": message, "fields": fields or {}, **extra}
    body["request_id"] = current_request_context().request_id
    return {"error": body}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every API error, domain or framework, in the shape {"error": {code, message, fields}}."""
    if isinstance(exc, DomainError):
        return Response(error_body(**exc.as_dict()), status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        first = next(iter(fields.values()), [""])[0] if fields else ""
        message = (
            _("The request has errors: %(first)s") % {"first": first}
            if first
            else _("The request has errors.")
        )
        response.data = error_body("invalid", message, fields)
    else:
        detail = exc.detail
        message = str(detail.get("detail", detail) if isinstance(detail, dict) else detail)
        response.data = error_body(str(getattr(exc, "default_code", "error")), message)
    return response


def validated(serializer_class: type[Serializer], request: Request) -> dict[str, Any]:
    """The request's data checked by ``serializer_class`` (a 400 in the one error shape if not)."""
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return dict(data.validated_data)


def signed_in(request: Request) -> User:
    """The request's user, for views whose permission classes already require signing in."""
    user = request.user
    if not isinstance(user, User):
        raise exceptions.NotAuthenticated()
    return user


class ScopedToUser:
    """A viewset whose rows depend on the signed-in user (``rows_for``). The schema generator,
    which has no user, gets an empty queryset of ``model`` to read the fields from."""

    model: type[Model]

    def rows_for(self, user: User) -> QuerySet[Any]:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        user = self.request.user  # type: ignore[attr-defined]
        if getattr(self, "swagger_fake_view", False) or not isinstance(user, User):
            return self.model._default_manager.none()
        return self.rows_for(user)


class HasRole(permissions.BasePermission):
    """Allows users whose role is one of ``roles``; use ``HasRole.of(...)`` in a view."""

    roles: frozenset[str] = frozenset()
    message = _("Your role does not allow this.")

    @classmethod
    def of(cls, *roles: str) -> type[HasRole]:
        return type(f"HasRole_{'_'.join(roles)}", (cls,), {"roles": frozenset(roles)})

    def has_permission(self, request: Request, view: APIView) -> bool:
        # has_role, not the role column: a TC or SMC role needs a seat held today (R-COM-3).
        user = request.user
        return isinstance(user, User) and user.has_role(*self.roles)
