"""/api/v1/ for milestones, penalty cases and the MCLR table (R-MS-1…5)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from repm_portal.accounts.models import Role, User
from repm_portal.api import HasRole, ScopedToUser, signed_in, validated
from repm_portal.documents.selectors import document_for

from . import selectors, services
from .models import MCLRRate, Milestone, PenaltyCase
from .serializers import (
    CaseRaiseSerializer,
    CaseSerializer,
    CommissioningSerializer,
    DecisionSerializer,
    HearingSerializer,
    InvestmentReportSerializer,
    MCLRSerializer,
    MilestoneSerializer,
    NoticeSerializer,
    RefundRequestSerializer,
    RefundSerializer,
    ReplySerializer,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rest_framework.permissions import _SupportsHasPermission


MHI = [HasRole.of(Role.MHI)]
APPLICANT = [HasRole.of(Role.APPLICANT)]


class MilestoneViewSet(ScopedToUser, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Milestone clocks: a beneficiary's own; all of them for staff (R-ACL-1)."""

    serializer_class = MilestoneSerializer
    filterset_fields = ["beneficiary", "number", "status"]
    model = Milestone

    def rows_for(self, user: User) -> QuerySet[Milestone]:
        return selectors.milestones_of(user)

    @extend_schema(request=InvestmentReportSerializer, responses={201: InvestmentReportSerializer})
    @action(
        detail=False,
        methods=["post"],
        url_path=r"beneficiaries/(?P<beneficiary>\d+)/investment",
        permission_classes=APPLICANT,
    )
    def investment(self, request: Request, beneficiary: str) -> Response:
        """An investment report with its lines and CA certificate (R-CAP-1…3, R-MS-1/2)."""
        data = validated(InvestmentReportSerializer, request)
        user = signed_in(request)
        report = services.investment_report_submit(
            actor=user,
            beneficiary=selectors.beneficiary_for(user, beneficiary),
            as_of=data["as_of"],
            ca_certificate=document_for(user, data["ca_certificate"].pk),
            lines=[dict(line) for line in data["lines"]],
        )
        return Response(InvestmentReportSerializer(report).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommissioningSerializer, responses={201: CommissioningSerializer})
    @action(
        detail=False,
        methods=["post"],
        url_path=r"beneficiaries/(?P<beneficiary>\d+)/commissioning",
        permission_classes=APPLICANT,
    )
    def commissioning(self, request: Request, beneficiary: str) -> Response:
        """Capacity commissioned with its two certificates (R-CAP-5, R-MS-3)."""
        data = validated(CommissioningSerializer, request)
        user = signed_in(request)
        record = services.commissioning_record(
            actor=user,
            beneficiary=selectors.beneficiary_for(user, beneficiary),
            capacity_mtpa=data["capacity_mtpa"],
            commissioned_on=data["commissioned_on"],
            industries_certificate=document_for(user, data["industries_certificate"].pk),
            engineer_certificate=document_for(user, data["engineer_certificate"].pk),
        )
        return Response(CommissioningSerializer(record).data, status=status.HTTP_201_CREATED)


class CaseViewSet(ScopedToUser, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Penalty cases (R-MS-4, §11): raised, notice, reply, hearing, decision, refund."""

    serializer_class = CaseSerializer
    filterset_fields = ["beneficiary", "kind", "status"]
    model = PenaltyCase

    def rows_for(self, user: User) -> QuerySet[PenaltyCase]:
        return selectors.cases_of(user)

    def _case(self, request: Request, pk: str) -> PenaltyCase:
        return selectors.case_for(signed_in(request), pk)

    def _ok(self, case: PenaltyCase) -> Response:
        case.refresh_from_db()
        return Response(CaseSerializer(case).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(CaseSerializer(self._case(request, pk)).data)

    @extend_schema(request=CaseRaiseSerializer, responses={201: CaseSerializer})
    def create(self, request: Request) -> Response:
        data = validated(CaseRaiseSerializer, request)
        user = signed_in(request)
        case = services.case_raise(
            actor=user,
            kind=data["kind"],
            description=data["description"],
            beneficiary=selectors.beneficiary_for(user, data["beneficiary"]),
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        if self.action == "create":
            return [HasRole.of(Role.PMA, Role.MHI)()]
        return super().get_permissions()

    @extend_schema(request=NoticeSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], permission_classes=MHI)
    def notice(self, request: Request, pk: str) -> Response:
        case = self._case(request, pk)
        services.case_issue_notice(
            actor=signed_in(request), case=case, **validated(NoticeSerializer, request)
        )
        return self._ok(case)

    @extend_schema(request=ReplySerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], permission_classes=APPLICANT)
    def reply(self, request: Request, pk: str) -> Response:
        case = self._case(request, pk)
        services.case_reply(
            actor=signed_in(request), case=case, **validated(ReplySerializer, request)
        )
        return self._ok(case)

    @extend_schema(request=HearingSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], permission_classes=MHI)
    def hearing(self, request: Request, pk: str) -> Response:
        case = self._case(request, pk)
        services.case_record_hearing(
            actor=signed_in(request), case=case, **validated(HearingSerializer, request)
        )
        return self._ok(case)

    @extend_schema(request=DecisionSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], permission_classes=MHI)
    def decide(self, request: Request, pk: str) -> Response:
        case = self._case(request, pk)
        services.case_decide(
            actor=signed_in(request), case=case, **validated(DecisionSerializer, request)
        )
        return self._ok(case)

    @extend_schema(request=RefundRequestSerializer, responses={201: RefundSerializer})
    @action(detail=True, methods=["post"], permission_classes=MHI)
    def refund(self, request: Request, pk: str) -> Response:
        data = validated(RefundRequestSerializer, request)
        demand = services.refund_demand_issue(
            actor=signed_in(request),
            case=self._case(request, pk),
            demand_on=data["demand_on"],
            disbursements=data["disbursements"],
        )
        return Response(RefundSerializer(demand).data, status=status.HTTP_201_CREATED)


class MCLRViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The 3-year SBI MCLR table (R-MS-5): MHI records; MHI, PMA and administrators read."""

    serializer_class = MCLRSerializer
    queryset = MCLRRate.objects.all()
    permission_classes = [HasRole.of(Role.MHI, Role.PMA, Role.ADMIN)]

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        if self.action == "create":
            return [p() for p in MHI]
        return super().get_permissions()

    @extend_schema(request=MCLRSerializer, responses={201: MCLRSerializer})
    def create(self, request: Request) -> Response:
        data = validated(MCLRSerializer, request)
        rate = services.mclr_record(actor=signed_in(request), **data)
        return Response(MCLRSerializer(rate).data, status=status.HTTP_201_CREATED)
