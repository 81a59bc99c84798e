"""/api/v1/ for the tender: one action per operation, validated, then one service call."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from repm_portal.accounts.models import Role, User
from repm_portal.api import HasRole, ScopedToUser, signed_in, validated
from repm_portal.documents.selectors import document_for
from repm_portal.errors import NotFound

from . import sealing, selectors, services
from .models import Beneficiary, Bid, BidStatus, RoundStatus, TenderRound
from .rules import MemberShare
from .serializers import (
    AwardSerializer,
    BeneficiarySerializer,
    BidReplaceSerializer,
    BidSerializer,
    BidSubmitSerializer,
    EvaluationSerializer,
    OpeningSerializer,
    PassphraseSerializer,
    PBGSerializer,
    ProfileSerializer,
    ReceiptSerializer,
    RoundCreateSerializer,
    RoundSerializer,
    SPVSerializer,
    TieSerializer,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rest_framework.permissions import _SupportsHasPermission


MHI = [HasRole.of(Role.MHI)]
TC = [HasRole.of(Role.TC)]
APPLICANT = [HasRole.of(Role.APPLICANT)]


class RoundFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=RoundStatus.choices)
    reference = filters.CharFilter(lookup_expr="icontains")


class RoundViewSet(ScopedToUser, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Tender rounds (R-BID-7…11)."""

    serializer_class = RoundSerializer
    filterset_class = RoundFilter
    ordering_fields = ["submission_deadline", "reference"]

    model = TenderRound

    def rows_for(self, user: User) -> QuerySet[TenderRound]:
        return selectors.rounds_visible_to(user)

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        if self.action == "create":
            return [p() for p in MHI]
        return super().get_permissions()

    def _round(self, request: Request, pk: str) -> TenderRound:
        return selectors.round_for(signed_in(request), pk)

    def _ok(self, round_: TenderRound) -> Response:
        round_.refresh_from_db()
        return Response(RoundSerializer(round_).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(RoundSerializer(self._round(request, pk)).data)

    @extend_schema(request=RoundCreateSerializer, responses={201: RoundSerializer})
    def create(self, request: Request) -> Response:
        data = validated(RoundCreateSerializer, request)
        round_ = services.round_create(actor=signed_in(request), **data)
        return Response(RoundSerializer(round_).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PassphraseSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"], permission_classes=TC)
    def passphrase(self, request: Request, pk: str) -> Response:
        """A TC member sets the passphrase that will guard their key share."""
        data = validated(PassphraseSerializer, request)
        round_ = self._round(request, pk)
        services.seat_set_passphrase(actor=signed_in(request), round_=round_, **data)
        return self._ok(round_)

    @extend_schema(request=None, responses=RoundSerializer)
    @action(detail=True, methods=["post"], permission_classes=MHI)
    def publish(self, request: Request, pk: str) -> Response:
        return self._ok(
            services.round_publish(actor=signed_in(request), round_=self._round(request, pk))
        )

    @extend_schema(request=None, responses=RoundSerializer)
    @action(
        detail=True,
        methods=["post"],
        permission_classes=[HasRole.of(Role.MHI, Role.TC, Role.ADMIN)],
    )
    def close(self, request: Request, pk: str) -> Response:
        return self._ok(
            services.round_close(actor=signed_in(request), round_=self._round(request, pk))
        )

    @extend_schema(request=OpeningSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"], permission_classes=TC)
    def open(self, request: Request, pk: str) -> Response:
        """The opening ceremony: at least M assigned TC members present their passphrases."""
        data = validated(OpeningSerializer, request)
        round_ = self._round(request, pk)
        services.round_open(
            actor=signed_in(request),
            round_=round_,
            presented=[(s["member"], s["passphrase"]) for s in data["shares"]],
        )
        return self._ok(round_)

    @extend_schema(request=TieSerializer, responses=RoundSerializer)
    @action(detail=True, methods=["post"], permission_classes=TC)
    def ties(self, request: Request, pk: str) -> Response:
        data = validated(TieSerializer, request)
        round_ = self._round(request, pk)
        services.tie_resolve(actor=signed_in(request), round_=round_, **data)
        return self._ok(round_)

    @extend_schema(request=None, responses=BeneficiarySerializer(many=True))
    @action(detail=True, methods=["post"], permission_classes=TC)
    def rank(self, request: Request, pk: str) -> Response:
        rows = services.round_rank(actor=signed_in(request), round_=self._round(request, pk))
        return Response(BeneficiarySerializer(rows, many=True).data)

    @extend_schema(request=None, responses=BeneficiarySerializer(many=True))
    @action(detail=True, methods=["post"], url_path="issue-lois", permission_classes=MHI)
    def issue_lois(self, request: Request, pk: str) -> Response:
        rows = services.lois_issue(actor=signed_in(request), round_=self._round(request, pk))
        return Response(BeneficiarySerializer(rows, many=True).data)


class OpenDataView(APIView):
    """A round as an OCDS 1.1 release package: open data, no sign-in needed. Quotes appear only
    once the round is ranked; bidders' names once it has closed (R-BID-7)."""

    permission_classes = [AllowAny]

    @extend_schema(responses={(200, "application/json"): dict})
    def get(self, request: Request, pk: str) -> Response:
        from .ocds import round_release_package

        round_ = TenderRound.objects.exclude(status=RoundStatus.DRAFT).filter(pk=pk).first()
        if round_ is None:
            raise NotFound(_("No published tender round has this id."))
        return Response(round_release_package(round_))


class ProfileView(APIView):
    """The signed-in applicant's profile and members (R-BID-1…3)."""

    permission_classes = APPLICANT

    @extend_schema(responses=ProfileSerializer)
    def get(self, request: Request) -> Response:
        profile = selectors.profile_of(signed_in(request))
        if profile is None:
            raise NotFound(_("No profile yet: fill it in to bid."))
        return Response(ProfileSerializer(profile).data)

    @extend_schema(request=ProfileSerializer, responses=ProfileSerializer)
    def put(self, request: Request) -> Response:
        data = validated(ProfileSerializer, request)
        user = signed_in(request)
        certificate = data.pop("net_worth_certificate", None)
        members = [
            MemberShare(m["name"], m["shareholding_pct"], m["is_lead"], m["country"])
            for m in data.pop("members")
        ]
        profile = services.profile_save(
            actor=user,
            members=members,
            net_worth_certificate=document_for(user, certificate.pk) if certificate else None,
            **{
                k: data.get(k, "")
                for k in ("name", "entity_type", "country", "cin", "pan", "gstin")
            },
            net_worth=data["net_worth"],
            net_worth_as_of=data["net_worth_as_of"],
        )
        return Response(ProfileSerializer(profile).data)


class BidFilter(filters.FilterSet):
    status = filters.ChoiceFilter(choices=BidStatus.choices)
    round = filters.NumberFilter()
    qualified = filters.BooleanFilter()


class BidViewSet(ScopedToUser, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Bids: an applicant's own; all of them for MHI, the TC and the PMA (R-ACL-1, R-ACL-3)."""

    serializer_class = BidSerializer
    filterset_class = BidFilter
    ordering_fields = ["submitted_at", "rank"]

    model = Bid

    def rows_for(self, user: User) -> QuerySet[Bid]:
        return selectors.bids_visible_to(user)

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        if self.action == "create":
            return [p() for p in APPLICANT]
        return super().get_permissions()

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(BidSerializer(selectors.bid_for(signed_in(request), pk)).data)

    @extend_schema(request=BidSubmitSerializer, responses={201: BidSerializer})
    def create(self, request: Request) -> Response:
        """Submit both envelopes; the amount is sealed on arrival and a receipt returned."""
        data = validated(BidSubmitSerializer, request)
        user = signed_in(request)
        round_ = selectors.round_for(user, data["round"].pk)
        bid = services.bid_submit(
            actor=user,
            round_=round_,
            capacity_mtpa=data["capacity_mtpa"],
            dpr=document_for(user, data["dpr"].pk),
            amount=data["amount"],
        )
        return Response(BidSerializer(bid).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=BidReplaceSerializer, responses={201: BidSerializer})
    @action(detail=True, methods=["post"], permission_classes=APPLICANT)
    def replace(self, request: Request, pk: str) -> Response:
        data = validated(BidReplaceSerializer, request)
        user = signed_in(request)
        bid = services.bid_replace(
            actor=user,
            bid=selectors.bid_for(user, pk),
            capacity_mtpa=data["capacity_mtpa"],
            dpr=document_for(user, data["dpr"].pk),
            amount=data["amount"],
        )
        return Response(BidSerializer(bid).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=BidSerializer)
    @action(detail=True, methods=["post"], permission_classes=APPLICANT)
    def withdraw(self, request: Request, pk: str) -> Response:
        user = signed_in(request)
        return Response(
            BidSerializer(services.bid_withdraw(actor=user, bid=selectors.bid_for(user, pk))).data
        )

    @extend_schema(request=EvaluationSerializer, responses=BidSerializer)
    @action(detail=True, methods=["post"], permission_classes=TC)
    def evaluate(self, request: Request, pk: str) -> Response:
        data = validated(EvaluationSerializer, request)
        user = signed_in(request)
        return Response(
            BidSerializer(
                services.bid_evaluate(actor=user, bid=selectors.bid_for(user, pk), **data)
            ).data
        )


class ReceiptView(APIView):
    """Anyone can check a receipt: after the opening, the amount and salt that rebuild it."""

    permission_classes = [AllowAny]

    @extend_schema(responses=ReceiptSerializer)
    def get(self, request: Request, receipt: str) -> Response:
        bid = selectors.bid_by_receipt(receipt)
        opened = bid.opened_amount is not None
        recomputed = (
            sealing.receipt_of(bid.reference, bid.opened_amount, bid.opened_salt)
            if bid.opened_amount is not None
            else None
        )
        return Response(
            ReceiptSerializer(
                {
                    "reference": bid.reference,
                    "round": bid.round.reference,
                    "status": "opened" if opened else "sealed",
                    "receipt": bid.receipt,
                    "amount": f"{bid.opened_amount:.2f}" if bid.opened_amount is not None else None,
                    "salt": bid.opened_salt or None,
                    "recomputed": recomputed,
                    "verified": recomputed == bid.receipt if opened else None,
                }
            ).data
        )


class BeneficiaryViewSet(ScopedToUser, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Selected applicants, their allocation, entitlements and letters (R-BID-9…12)."""

    serializer_class = BeneficiarySerializer
    filterset_fields = ["round", "status", "rank"]

    model = Beneficiary

    def rows_for(self, user: User) -> QuerySet[Beneficiary]:
        return selectors.beneficiaries_visible_to(user)

    def _beneficiary(self, request: Request, pk: str) -> Beneficiary:
        return selectors.beneficiary_for(signed_in(request), pk)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(BeneficiarySerializer(self._beneficiary(request, pk)).data)

    @extend_schema(request=PBGSerializer, responses=BeneficiarySerializer)
    @action(detail=True, methods=["post"], permission_classes=APPLICANT)
    def pbg(self, request: Request, pk: str) -> Response:
        data = validated(PBGSerializer, request)
        user = signed_in(request)
        beneficiary = self._beneficiary(request, pk)
        data["document"] = document_for(user, data["document"].pk)
        result = services.pbg_submit(actor=user, beneficiary=beneficiary, **data)
        return Response(BeneficiarySerializer(result).data)

    @extend_schema(request=SPVSerializer, responses=BeneficiarySerializer)
    @action(detail=True, methods=["post"], permission_classes=APPLICANT)
    def spv(self, request: Request, pk: str) -> Response:
        data = validated(SPVSerializer, request)
        result = services.spv_record(
            actor=signed_in(request), beneficiary=self._beneficiary(request, pk), **data
        )
        return Response(BeneficiarySerializer(result).data)

    @extend_schema(request=AwardSerializer, responses=BeneficiarySerializer)
    @action(detail=True, methods=["post"], permission_classes=MHI)
    def award(self, request: Request, pk: str) -> Response:
        data = validated(AwardSerializer, request)
        result = services.loa_issue(
            actor=signed_in(request), beneficiary=self._beneficiary(request, pk), **data
        )
        return Response(BeneficiarySerializer(result).data)
