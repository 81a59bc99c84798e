"""/api/v1/claims/ (SLI), /api/v1/capital-subsidy-claims/ and /api/v1/ledgers/: file, watch
the register check, examine, sanction, disburse (R-SLI-1…10, R-CAP-1…5)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http.response import HttpResponseBase
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from bidding.models import Beneficiary
from milestones.selectors import beneficiary_for
from repm_portal.accounts.models import Role, User
from repm_portal.api import HasRole, ScopedToUser, signed_in, validated
from repm_portal.documents.selectors import document_for
from repm_portal.exports import csv_response

from . import examination, selectors, services
from .models import CapitalSubsidyClaim, ExaminedClaim, SLIClaim
from .serializers import (
    AssignIESerializer,
    CapitalClaimFileSerializer,
    CapitalClaimSerializer,
    ClaimFileSerializer,
    ClaimSerializer,
    DisburseSerializer,
    LedgerSerializer,
    TextSerializer,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rest_framework.permissions import _SupportsHasPermission


PMA = [HasRole.of(Role.PMA)]
MHI = [HasRole.of(Role.MHI)]
EXAMINER = [HasRole.of(Role.PMA, Role.MHI)]


class ExaminationSteps(ScopedToUser, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The steps of R-SLI-9, the same for both kinds of claim; each answers with the claim."""

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        if self.action == "create":
            return [HasRole.of(Role.APPLICANT)()]
        return super().get_permissions()

    def one(self, request: Request, pk: str) -> ExaminedClaim:
        """The claim, if the user may see it (else 404)."""
        raise NotImplementedError

    def _step(self, request: Request, pk: str, service: Any, **kwargs: Any) -> Response:
        claim = self.one(request, pk)
        service(actor=signed_in(request), claim=claim, **kwargs)
        claim.refresh_from_db()
        return Response(self.get_serializer(claim).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self.one(request, pk)).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], permission_classes=PMA)
    def examine(self, request: Request, pk: str) -> Response:
        """PMA: start the examination (initial scrutiny, R-SLI-10)."""
        return self._step(request, pk, examination.claim_examine)

    @extend_schema(request=TextSerializer)
    @action(detail=True, methods=["post"], permission_classes=EXAMINER)
    def clarify(self, request: Request, pk: str) -> Response:
        """PMA or MHI: seek a clarification; the clock stops until the beneficiary answers."""
        return self._step(
            request,
            pk,
            examination.claim_seek_clarification,
            question=validated(TextSerializer, request)["text"],
        )

    @extend_schema(request=TextSerializer)
    @action(detail=True, methods=["post"], permission_classes=[HasRole.of(Role.APPLICANT)])
    def answer(self, request: Request, pk: str) -> Response:
        """The beneficiary answers the clarification."""
        return self._step(
            request, pk, examination.claim_answer, answer=validated(TextSerializer, request)["text"]
        )

    @extend_schema(request=AssignIESerializer)
    @action(detail=True, methods=["post"], url_path="assign-ie", permission_classes=PMA)
    def assign_ie(self, request: Request, pk: str) -> Response:
        """PMA: send the claim to an Independent Engineer for verification."""
        return self._step(
            request,
            pk,
            examination.claim_assign_ie,
            ie=validated(AssignIESerializer, request)["ie"],
        )

    @extend_schema(request=TextSerializer)
    @action(detail=True, methods=["post"], permission_classes=[HasRole.of(Role.IE)])
    def verify(self, request: Request, pk: str) -> Response:
        """The assigned Independent Engineer records its verification."""
        return self._step(
            request, pk, examination.claim_verify, report=validated(TextSerializer, request)["text"]
        )

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], permission_classes=PMA)
    def recommend(self, request: Request, pk: str) -> Response:
        """PMA: recommend (held instead until the entire capacity is commissioned, R-SLI-7)."""
        return self._step(request, pk, examination.claim_recommend)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"], permission_classes=MHI)
    def sanction(self, request: Request, pk: str) -> Response:
        """MHI: sanction; the payable is recomputed under the caps and the order issued."""
        return self._step(request, pk, examination.claim_sanction)

    @extend_schema(request=DisburseSerializer)
    @action(detail=True, methods=["post"], permission_classes=MHI)
    def disburse(self, request: Request, pk: str) -> Response:
        """MHI: record the payment."""
        return self._step(
            request, pk, examination.claim_disburse, **validated(DisburseSerializer, request)
        )

    @extend_schema(request=TextSerializer)
    @action(detail=True, methods=["post"], permission_classes=EXAMINER)
    def reject(self, request: Request, pk: str) -> Response:
        """PMA or MHI: reject, with reasons."""
        return self._step(
            request,
            pk,
            examination.claim_reject,
            reasons=validated(TextSerializer, request)["text"],
        )


class ClaimViewSet(ExaminationSteps):
    """Sales-linked incentive claims (R-SLI-1…9)."""

    serializer_class = ClaimSerializer
    filterset_fields = ["beneficiary", "status", "period_kind"]
    ordering_fields = ["period_start", "filed_at"]
    model = SLIClaim

    def rows_for(self, user: User) -> QuerySet[SLIClaim]:
        return selectors.claims_of(user)

    def one(self, request: Request, pk: str) -> SLIClaim:
        return selectors.claim_for(signed_in(request), pk)

    @extend_schema(request=ClaimFileSerializer, responses={201: ClaimSerializer})
    def create(self, request: Request) -> Response:
        """File a claim; its register is checked in the background (watch ``progress_pct``)."""
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
        claim = self.one(request, pk)
        return csv_response(
            f"claim-{claim.pk}-rejected-rows.csv",
            ["row", "invoice_number", "reason"],
            claim.rejected.values_list("row_number", "invoice_number", "reason").iterator(
                chunk_size=2000
            ),
        )


class CapitalClaimViewSet(ExaminationSteps):
    """The capital subsidy claim (R-CAP-1…5), built from the reported investment lines."""

    serializer_class = CapitalClaimSerializer
    filterset_fields = ["beneficiary", "status"]
    ordering_fields = ["filed_at"]
    model = CapitalSubsidyClaim

    def rows_for(self, user: User) -> QuerySet[CapitalSubsidyClaim]:
        return selectors.capital_claims_of(user)

    def one(self, request: Request, pk: str) -> CapitalSubsidyClaim:
        return selectors.capital_claim_for(signed_in(request), pk)

    @extend_schema(request=CapitalClaimFileSerializer, responses={201: CapitalClaimSerializer})
    def create(self, request: Request) -> Response:
        """File the capital subsidy claim, once, after commissioning of the entire capacity."""
        data = validated(CapitalClaimFileSerializer, request)
        user = signed_in(request)
        claim = services.capital_subsidy_file(
            actor=user,
            beneficiary=beneficiary_for(user, data["beneficiary"]),
            auditor_certificate=document_for(user, data["auditor_certificate"].pk),
        )
        return Response(CapitalClaimSerializer(claim).data, status=status.HTTP_201_CREATED)


class LedgerViewSet(ScopedToUser, viewsets.ReadOnlyModelViewSet):
    """Each beneficiary's incentives against its caps: SLI against Table 3, the capital subsidy
    against Table 4. A beneficiary reads its own; MHI all."""

    serializer_class = LedgerSerializer
    model = Beneficiary
    permission_classes = [HasRole.of(Role.APPLICANT, Role.MHI, Role.ADMIN)]

    def rows_for(self, user: User) -> QuerySet[Beneficiary]:
        return selectors.ledger_beneficiaries(user)

    def get_serializer(self, instance: Any = None, *args: Any, **kwargs: Any) -> Any:
        if isinstance(instance, Beneficiary):
            instance = selectors.ledger_of(instance)
        elif instance is not None and kwargs.get("many"):
            instance = selectors.ledgers_of(instance)
        return super().get_serializer(instance, *args, **kwargs)
