"""/api/v1/committees/ and /api/v1/meetings/: seats, review meetings, minutes, action items
(R-COM-1…3). Thin: validate, one service call, serialize."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from repm_portal.accounts.models import Role, User
from repm_portal.api import HasRole, ScopedToUser, signed_in, validated
from repm_portal.periods import today_ist

from . import selectors, services
from .models import Committee, Meeting, Seat, SeatTerm
from .serializers import (
    ActionInSerializer,
    ActionSerializer,
    AppointSerializer,
    AttendanceInSerializer,
    CloseSerializer,
    CommentInSerializer,
    CommentSerializer,
    CommitteeSerializer,
    CoOptSerializer,
    DecisionInSerializer,
    DecisionSerializer,
    ItemAddSerializer,
    ItemSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    RelieveSerializer,
    ScheduleSerializer,
    TermSerializer,
)

APPOINTS = [HasRole.of(Role.MHI, Role.ADMIN)]


class ReadsMeetings(permissions.BasePermission):
    """A committee's reader today (seat, PMA for the TC, MHI) or a co-opted expert."""

    message = _("You hold no committee seat today and are co-opted for no meeting.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        return isinstance(user, User) and selectors.reads_any_meeting(user)


class CommitteeViewSet(ScopedToUser, viewsets.ReadOnlyModelViewSet):
    """The SMC and the TC with their seats and today's holders (Annexures A and B)."""

    serializer_class = CommitteeSerializer
    lookup_field = "code"
    lookup_value_regex = "smc|tc"
    model = Committee
    permission_classes = [ReadsMeetings]

    def rows_for(self, user: User) -> QuerySet[Committee]:
        codes = selectors.committees_read_by(user)
        return Committee.objects.filter(code__in=codes).prefetch_related(
            Prefetch(
                "seats",
                queryset=Seat.objects.prefetch_related(
                    Prefetch(
                        "terms",
                        queryset=selectors.current_terms(today_ist()).select_related("holder"),
                        to_attr="current",
                    )
                ),
            )
        )

    @extend_schema(request=AppointSerializer, responses={201: TermSerializer})
    @action(detail=True, methods=["post"], permission_classes=APPOINTS)
    def appoint(self, request: Request, code: str) -> Response:
        """MHI appoints a person to a seat for a period (R-COM-3)."""
        data = validated(AppointSerializer, request)
        committee = selectors.committee_for(signed_in(request), code)
        seat = committee.seats.filter(number=data.pop("seat")).first()
        if seat is None:
            raise Http404
        term = services.seat_appoint(actor=signed_in(request), seat=seat, **data)
        return Response(TermSerializer(term).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RelieveSerializer, responses=TermSerializer)
    @action(
        detail=False,
        methods=["post"],
        url_path=r"terms/(?P<term>\d+)/relieve",
        permission_classes=APPOINTS,
    )
    def relieve(self, request: Request, term: str) -> Response:
        """MHI relieves a seat holder from a day; from the next day they have no access."""
        data = validated(RelieveSerializer, request)
        row = SeatTerm.objects.filter(pk=term).first()
        if row is None:
            raise Http404
        row = services.seat_relieve(actor=signed_in(request), term=row, ends_on=data["ends_on"])
        return Response(TermSerializer(row).data)


class MeetingViewSet(
    ScopedToUser, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Review meetings: the TC's quarterly review (§9.1), the SMC's periodic review (§8.1)."""

    serializer_class = MeetingSerializer
    lookup_value_regex = r"\d+"
    filterset_fields = ["status", "quarter"]
    model = Meeting
    permission_classes = [ReadsMeetings]

    def get_permissions(self) -> list[Any]:
        if self.action in ("mine", "close"):
            return [permissions.IsAuthenticated()]
        return list(super().get_permissions())

    def rows_for(self, user: User) -> QuerySet[Meeting]:
        return selectors.meetings_of(user)

    def _meeting(self, request: Request, pk: str) -> Meeting:
        return selectors.meeting_for(signed_in(request), pk)

    def _detail(self, meeting: Meeting, code: int = status.HTTP_200_OK) -> Response:
        return Response(MeetingDetailSerializer(selectors.meeting_page(meeting)).data, status=code)

    @extend_schema(responses=MeetingDetailSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self._meeting(request, pk))

    @extend_schema(request=ScheduleSerializer, responses={201: MeetingDetailSerializer})
    def create(self, request: Request) -> Response:
        """Schedule a meeting; the agenda starts with what the portal proposes."""
        data = validated(ScheduleSerializer, request)
        committee = Committee.objects.get(code=data.pop("committee"))
        meeting = services.meeting_schedule(actor=signed_in(request), committee=committee, **data)
        return self._detail(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=ItemAddSerializer, responses={201: ItemSerializer})
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: str) -> Response:
        item = services.agenda_item_add(
            actor=signed_in(request),
            meeting=self._meeting(request, pk),
            **validated(ItemAddSerializer, request),
        )
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def refresh(self, request: Request, pk: str) -> Response:
        meeting = self._meeting(request, pk)
        services.agenda_refresh(actor=signed_in(request), meeting=meeting)
        return self._detail(meeting)

    @extend_schema(request=CoOptSerializer, responses={201: MeetingDetailSerializer})
    @action(detail=True, methods=["post"], url_path="co-opt")
    def co_opt(self, request: Request, pk: str) -> Response:
        """R-COM-2: co-opt an expert for this meeting only."""
        meeting = self._meeting(request, pk)
        services.expert_co_opt(
            actor=signed_in(request), meeting=meeting, **validated(CoOptSerializer, request)
        )
        return self._detail(meeting, status.HTTP_201_CREATED)

    @extend_schema(request=AttendanceInSerializer, responses=MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str) -> Response:
        meeting = self._meeting(request, pk)
        data = validated(AttendanceInSerializer, request)
        services.attendance_record(
            actor=signed_in(request), meeting=meeting, present=data["present"]
        )
        return self._detail(meeting)

    @extend_schema(request=None, responses=MeetingDetailSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        """The member secretary confirms the minutes; nothing of the meeting changes after."""
        meeting = services.minutes_confirm(
            actor=signed_in(request), meeting=self._meeting(request, pk)
        )
        return self._detail(meeting)

    @extend_schema(request=CommentInSerializer, responses={201: CommentSerializer})
    @action(detail=False, methods=["post"], url_path=r"items/(?P<item>\d+)/comments")
    def comments(self, request: Request, item: str) -> Response:
        user = signed_in(request)
        comment = services.comment_add(
            actor=user,
            item=selectors.item_for(user, item),
            **validated(CommentInSerializer, request),
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DecisionInSerializer, responses={201: DecisionSerializer})
    @action(detail=False, methods=["post"], url_path=r"items/(?P<item>\d+)/decisions")
    def decisions(self, request: Request, item: str) -> Response:
        user = signed_in(request)
        decision = services.decision_record(
            actor=user,
            item=selectors.item_for(user, item),
            **validated(DecisionInSerializer, request),
        )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionInSerializer, responses={201: ActionSerializer})
    @action(detail=False, methods=["post"], url_path=r"items/(?P<item>\d+)/actions")
    def actions(self, request: Request, item: str) -> Response:
        user = signed_in(request)
        created = services.action_item_add(
            actor=user,
            item=selectors.item_for(user, item),
            **validated(ActionInSerializer, request),
        )
        return Response(ActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ActionSerializer(many=True))
    @action(detail=False, methods=["get"], url_path="my-actions")
    def mine(self, request: Request) -> Response:
        """The action items owned by the caller and the decisions addressed to it (all a
        beneficiary sees of a meeting)."""
        user = signed_in(request)
        return Response(
            {
                "actions": ActionSerializer(selectors.actions_of(user), many=True).data,
                "decisions": DecisionSerializer(
                    selectors.decisions_addressed_to(user), many=True
                ).data,
            }
        )

    @extend_schema(request=CloseSerializer, responses=ActionSerializer)
    @action(detail=False, methods=["post"], url_path=r"my-actions/(?P<action_pk>\d+)/close")
    def close(self, request: Request, action_pk: str) -> Response:
        user = signed_in(request)
        closed = services.action_item_close(
            actor=user,
            action=selectors.action_for(user, action_pk),
            **validated(CloseSerializer, request),
        )
        return Response(ActionSerializer(closed).data)
