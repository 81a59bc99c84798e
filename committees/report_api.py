"""/api/v1/quarterly-reports/ and /api/v1/qrrs/ (R-COM-4, R-ACL-1, R-ACL-3)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from bidding.models import Beneficiary
from repm_portal.accounts.models import Role, User
from repm_portal.api import ScopedToUser, signed_in, validated
from repm_portal.errors import NotFound

from . import report_selectors as selectors
from . import report_services as services
from .models.reports import QuarterlyReport, QuarterlyReviewReport
from .report_serializers import (
    QRRAnalysisSerializer,
    QRRCompileSerializer,
    QRRSerializer,
    QuarterlyReportSerializer,
    ReportFiguresSerializer,
    ReportStartSerializer,
    ReturnSerializer,
)


class Roles(permissions.BasePermission):
    """Allows users holding one of ``roles`` today (``has_role``, which knows committee seats)."""

    roles: tuple[str, ...] = ()
    message = gettext_lazy("Your role does not allow this.")

    @classmethod
    def of(cls, *roles: str) -> type[Roles]:
        return type(f"Roles_{'_'.join(roles)}", (cls,), {"roles": roles})

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return isinstance(user, User) and user.has_role(*self.roles)


APPLICANT = [Roles.of(Role.APPLICANT)]
PMA = [Roles.of(Role.PMA)]


class QuarterlyReportViewSet(ScopedToUser, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Quarterly progress reports: a beneficiary's own; every report for the PMA and MHI."""

    serializer_class = QuarterlyReportSerializer
    filterset_fields = ["beneficiary", "quarter", "status"]
    permission_classes = [Roles.of(Role.APPLICANT, Role.PMA, Role.MHI)]
    model = QuarterlyReport

    def rows_for(self, user: User) -> QuerySet[QuarterlyReport]:
        return selectors.reports_of(user).prefetch_related("risks")

    def _report(self, request: Request, pk: str) -> QuarterlyReport:
        return selectors.report_for(signed_in(request), pk)

    def _ok(self, report: QuarterlyReport, code: int = status.HTTP_200_OK) -> Response:
        report.refresh_from_db()
        return Response(QuarterlyReportSerializer(report).data, status=code)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(QuarterlyReportSerializer(self._report(request, pk)).data)

    @extend_schema(request=ReportStartSerializer, responses={201: QuarterlyReportSerializer})
    def create(self, request: Request) -> Response:
        """Start the draft for a quarter: section (a) pre-filled, risks carried forward."""
        user = signed_in(request)
        data = validated(ReportStartSerializer, request)
        try:
            b = selectors.reporting_beneficiaries(user).get(pk=data["beneficiary"])
        except Beneficiary.DoesNotExist:
            raise NotFound(_("No such beneficiary of yours."), field="beneficiary") from None
        report = services.quarterly_report_start(actor=user, beneficiary=b, quarter=data["quarter"])
        return self._ok(report, status.HTTP_201_CREATED)

    def get_permissions(self) -> Any:
        if self.action == "create":
            return [p() for p in APPLICANT]
        return super().get_permissions()

    @extend_schema(request=ReportFiguresSerializer, responses=QuarterlyReportSerializer)
    @action(detail=True, methods=["put"], permission_classes=APPLICANT)
    def figures(self, request: Request, pk: str) -> Response:
        """Replace the figures, narratives and risk register of a draft or returned report."""
        report = self._report(request, pk)
        serializer = ReportFiguresSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields, risks = serializer.split(dict(serializer.validated_data))
        services.quarterly_report_save(
            actor=signed_in(request), report=report, fields=fields, risks=risks
        )
        return self._ok(report)

    @extend_schema(request=None, responses=QuarterlyReportSerializer)
    @action(detail=True, methods=["post"], permission_classes=APPLICANT)
    def submit(self, request: Request, pk: str) -> Response:
        """Submit a draft, or resubmit a returned report."""
        report = self._report(request, pk)
        services.quarterly_report_submit(actor=signed_in(request), report=report)
        return self._ok(report)

    @extend_schema(request=ReturnSerializer, responses=QuarterlyReportSerializer)
    @action(detail=True, methods=["post"], url_path="return", permission_classes=PMA)
    def return_(self, request: Request, pk: str) -> Response:
        report = self._report(request, pk)
        data = validated(ReturnSerializer, request)
        services.quarterly_report_return(
            actor=signed_in(request), report=report, reasons=data["reasons"]
        )
        return self._ok(report)

    @extend_schema(request=None, responses=QuarterlyReportSerializer)
    @action(detail=True, methods=["post"], permission_classes=PMA)
    def accept(self, request: Request, pk: str) -> Response:
        report = self._report(request, pk)
        services.quarterly_report_accept(actor=signed_in(request), report=report)
        return self._ok(report)


class QRRViewSet(ScopedToUser, mixins.ListModelMixin, viewsets.GenericViewSet):
    """QRRs: compiled by the PMA; issued ones read by TC and SMC members; all read by MHI."""

    serializer_class = QRRSerializer
    filterset_fields = ["quarter", "status"]
    permission_classes = [Roles.of(Role.PMA, Role.MHI, Role.TC, Role.SMC)]
    model = QuarterlyReviewReport

    def rows_for(self, user: User) -> QuerySet[QuarterlyReviewReport]:
        return selectors.qrrs_of(user).prefetch_related("analyses")

    def _qrr(self, request: Request, pk: str) -> QuarterlyReviewReport:
        return selectors.qrr_for(signed_in(request), pk)

    def _ok(self, qrr: QuarterlyReviewReport, code: int = status.HTTP_200_OK) -> Response:
        qrr.refresh_from_db()
        return Response(QRRSerializer(qrr).data, status=code)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(QRRSerializer(self._qrr(request, pk)).data)

    @extend_schema(request=QRRCompileSerializer, responses={201: QRRSerializer})
    def create(self, request: Request) -> Response:
        """Compile (or compile again, while a draft) the QRR of an ended quarter."""
        data = validated(QRRCompileSerializer, request)
        qrr = services.qrr_compile(actor=signed_in(request), quarter=data["quarter"])
        return self._ok(qrr, status.HTTP_201_CREATED)

    def get_permissions(self) -> Any:
        if self.action == "create":
            return [p() for p in PMA]
        return super().get_permissions()

    @extend_schema(request=QRRAnalysisSerializer, responses=QRRSerializer)
    @action(detail=True, methods=["post"], permission_classes=PMA)
    def analysis(self, request: Request, pk: str) -> Response:
        """The PMA's analysis of each project (§10.1.viii) and recommendations (§10.1.x)."""
        qrr = self._qrr(request, pk)
        data = validated(QRRAnalysisSerializer, request)
        services.qrr_update(
            actor=signed_in(request),
            qrr=qrr,
            recommendations=data["recommendations"],
            analyses={a["beneficiary"]: a["analysis"] for a in data.get("analyses", [])},
        )
        return self._ok(qrr)

    @extend_schema(request=None, responses=QRRSerializer)
    @action(detail=True, methods=["post"], permission_classes=PMA)
    def issue(self, request: Request, pk: str) -> Response:
        """Issue the QRR and its PDF to the TC, the SMC and MHI."""
        qrr = self._qrr(request, pk)
        services.qrr_issue(actor=signed_in(request), qrr=qrr)
        return self._ok(qrr)
