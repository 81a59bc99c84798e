from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from repm_portal.accounts.models import Role
from repm_portal.api import HasRole, signed_in
from repm_portal.periods import today_ist

from . import selectors, services
from .models import ParameterVersion
from .serializers import (
    InForceQuerySerializer,
    ParameterAmendmentSerializer,
    ParameterSpecSerializer,
    ParameterVersionSerializer,
)
from .spec import SPECS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rest_framework.permissions import _SupportsHasPermission


class ParameterVersionFilter(filters.FilterSet):
    effective_from = filters.DateFromToRangeFilter()
    authority = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = ParameterVersion
        fields = ["effective_from", "authority"]


class ParameterVersionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Scheme parameter versions (R-PARAM-1). Public information: anyone may read them."""

    serializer_class = ParameterVersionSerializer
    filterset_class = ParameterVersionFilter
    ordering_fields = ["effective_from", "recorded_at"]

    def get_queryset(self) -> QuerySet[ParameterVersion]:
        return selectors.parameter_versions()

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        if self.action == "create":
            return [HasRole.of(Role.MHI, Role.ADMIN)()]
        return [AllowAny()]

    @extend_schema(
        parameters=[OpenApiParameter("on", str, description="Date YYYY-MM-DD; default today")],
        responses=ParameterVersionSerializer,
    )
    @action(detail=False, url_path="in-force", filter_backends=[], pagination_class=None)
    def in_force(self, request: Request) -> Response:
        """The version in force on a date."""
        query = InForceQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        version = selectors.parameter_version_in_force(query.validated_on() or today_ist())
        return Response(ParameterVersionSerializer(version).data)

    @extend_schema(responses=ParameterSpecSerializer(many=True))
    @action(detail=False, filter_backends=[], pagination_class=None)  # a plain list of all keys
    def spec(self, request: Request) -> Response:
        """What each parameter is: key, rule id, unit, kind and table rows."""
        return Response(ParameterSpecSerializer(SPECS, many=True).data)

    @extend_schema(request=ParameterAmendmentSerializer, responses=ParameterVersionSerializer)
    def create(self, request: Request) -> Response:
        """Record an amendment (MHI): a new version effective from a date."""
        data = ParameterAmendmentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.parameter_amend(actor=signed_in(request), **data.validated_data)
        return Response(ParameterVersionSerializer(version).data, status=status.HTTP_201_CREATED)
