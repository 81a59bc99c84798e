"""/api/v1/claims/: file, watch the register check, examine, sanction, disburse (R-SLI-1…9)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from milestones.selectors import beneficiary_for
from repm_portal.accounts.models import Role, User
from repm_portal.api import HasRole, ScopedToUser, signed_in, validated
from repm_portal.documents.selectors import document_for
from repm_portal.exports import csv_response

from . import selectors, services
from .models import SLIClaim
from .serializers import ClaimFileSerializer, ClaimSerializer, DisburseSerializer, TextSerializer

PMA = [HasRole.of(Role.PMA)]
MHI = [HasRole.of(Role.MHI)]
EXAMINER = [HasRole.of(Role.PMA, Role.MHI)]


class ClaimViewSet(ScopedToUser, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ClaimSerializer
    filterset_fields = ["beneficiary", "status", "period_kind"]
    ordering_fields = ["period_start", "filed_at"]
    model = SLIClaim

    def rows_for(self, user: User) -> QuerySet[SLIClaim]:
        return selectors.claims_of(user)

    def get_permissions(self):
        if self.action == "create":
            return [HasRole.of(Role.APPLICANT)()]
        return super().get_permissions()

    def _claim(self, request: Request, pk: str) -> SLIClaim:
        return selectors.claim_for(signed_in(request), pk)

    def _step(self, request: Request, pk: str, service: Any, **kwargs: Any) -> Response:
        claim = self._claim(request, pk)
        service(actor=signed_in(request), claim=claim, **kwargs)
        claim.refresh_from_db()
        return Response(ClaimSerializer(claim).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        """The claim, with the register check's progress while it runs."""
        return Response(ClaimSerializer(self._claim(request, pk)).data)

    @extend_schema(request=ClaimFileSerializer, responses={201: ClaimSerializer})
    def create(self, request: Request) -> Response:
        data = validated(ClaimFileSerializer, request)
        user = signed_in(request)
        claim = services.sli_claim_file(
            actor=user,
            beneficiary=beneficiary_for(user, data["beneficiary"]),
            period=data["period"],
            declaration=data["declaration"],
            register_document=document_for(user, data["register_document"].pk),
            evidence=[document_for(user, d.pk) for d in data["evidence"]],
        )
        return Response(ClaimSerializer(claim).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "text/csv"): OpenApiResponse(description="Rejected rows")})
    @action(detail=True, url_path="rejected-rows")
    def rejected_rows(self, request: Request, pk: str) -> HttpResponseBase:
        """Every rejected row with its reason, as CSV (cells safe for spreadsheets)."""
        claim = self._claim(request, pk)
        return csv_response(
            f"claim-{claim.pk}-rejected-rows.csv",
            ["row", "invoice_number", "reason"],
            claim.rejected.values_list("row_number", "invoice_number", "reason").iterator(
                chunk_size=2000
            ),
        )

    @extend_schema(request=None, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=PMA)
    def examine(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.claim_examine)

    @extend_schema(request=TextSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=EXAMINER)
    def clarify(self, request: Request, pk: str) -> Response:
        return self._step(
            request,
            pk,
            services.claim_seek_clarification,
            question=validated(TextSerializer, request)["text"],
        )

    @extend_schema(request=TextSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=[HasRole.of(Role.APPLICANT)])
    def answer(self, request: Request, pk: str) -> Response:
        return self._step(
            request, pk, services.claim_answer, answer=validated(TextSerializer, request)["text"]
        )

    @extend_schema(request=None, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=PMA)
    def recommend(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.claim_recommend)

    @extend_schema(request=None, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=MHI)
    def sanction(self, request: Request, pk: str) -> Response:
        return self._step(request, pk, services.claim_sanction)

    @extend_schema(request=DisburseSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=MHI)
    def disburse(self, request: Request, pk: str) -> Response:
        return self._step(
            request, pk, services.claim_disburse, **validated(DisburseSerializer, request)
        )

    @extend_schema(request=TextSerializer, responses=ClaimSerializer)
    @action(detail=True, methods=["post"], permission_classes=EXAMINER)
    def reject(self, request: Request, pk: str) -> Response:
        return self._step(
            request, pk, services.claim_reject, reasons=validated(TextSerializer, request)["text"]
        )
