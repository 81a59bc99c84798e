"""/api/v1/outlay/ — the dashboard's figures as JSON, for MHI, SMC members and the PMA (R-OUT-2,
R-ACL-3)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from repm_portal.errors import NotFound
from repm_portal.periods import today_ist

from . import selectors, serializers
from .views import READERS


class CanReadOutlay(permissions.BasePermission):
    """``user.has_role``, so that a seat that has ended gives no access (R-COM-3)."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.has_role(*READERS))


def _query(request: Request) -> dict[str, Any]:
    data = serializers.OutlayQuerySerializer(data=request.query_params)
    data.is_valid(raise_exception=True)
    q = dict(data.validated_data)
    q.setdefault("as_of", today_ist())
    return q


class OutlayView(APIView):
    """The dashboard as of ``as_of`` by scheme or financial year, with the forecast (``utilisation``
    and ``price`` override the parameters, nothing saved)."""

    permission_classes = [CanReadOutlay]

    @extend_schema(parameters=[serializers.OutlayQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        q = _query(request)
        d = selectors.outlay_dashboard(as_of=q["as_of"], view=q["view"])
        f = selectors.outlay_forecast(
            as_of=q["as_of"], utilisation=q.get("utilisation"), price_per_kg=q.get("price")
        )
        return Response(serializers.dashboard_data(d, f))


class OutlayBeneficiaryView(APIView):
    """One beneficiary's caps, commitment, claims, sanctions, disbursements and forecast."""

    permission_classes = [CanReadOutlay]

    @extend_schema(parameters=[serializers.OutlayQuerySerializer], responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, pk: int) -> Response:
        q = _query(request)
        d = selectors.outlay_dashboard(as_of=q["as_of"], view="scheme")
        line = next((x for x in d.beneficiaries if x.beneficiary.pk == pk), None)
        if line is None:
            raise NotFound(_("No beneficiary with a Letter of Award by that date has this id."))
        f = selectors.outlay_forecast(
            as_of=q["as_of"], utilisation=q.get("utilisation"), price_per_kg=q.get("price"), only=pk
        )
        return Response({**serializers.line_data(line), "forecast": serializers.forecast_data(f)})
