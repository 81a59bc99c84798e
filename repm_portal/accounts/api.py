from __future__ import annotations

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from repm_portal.api import HasRole, signed_in
from repm_portal.throttling import OutageSafeAnonRateThrottle, OutageSafeScopedRateThrottle

from . import services
from .models import Role, User
from .serializers import (
    RegistrationAcceptedSerializer,
    RegistrationSerializer,
    StaffCreateSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserSerializer,
)


class TokenView(APIView):
    """Exchange e-mail and password for an API token (lockout after repeated failures)."""

    permission_classes = [AllowAny]
    throttle_classes = [OutageSafeAnonRateThrottle]  # Redis down: see throttling.py

    @extend_schema(request=TokenRequestSerializer, responses=TokenSerializer)
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["email"].lower(),
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("E-mail or password is wrong."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        """The signed-in user."""
        return Response(UserSerializer(request.user).data)


class RegistrationView(APIView):
    """Self-registration of an applicant; the account works after e-mail verification."""

    permission_classes = [AllowAny]
    throttle_classes = [OutageSafeScopedRateThrottle]
    throttle_scope = "registration"

    @extend_schema(request=RegistrationSerializer, responses={202: RegistrationAcceptedSerializer})
    def post(self, request: Request) -> Response:
        """The same answer whether the address is new or already has an account (whose owner is
        then told by e-mail): the portal does not reveal who is registered."""
        data = RegistrationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.applicant_register(**data.validated_data)
        return Response(
            {
                "email": data.validated_data["email"].strip().lower(),
                "detail": _(
                    "We have sent a link to this address. Open it to verify the address; the "
                    "account works from then on."
                ),
            },
            status=status.HTTP_202_ACCEPTED,
        )


class UserFilter(filters.FilterSet):
    email = filters.CharFilter(lookup_expr="icontains")
    organisation = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = User
        fields = ["role", "is_active", "email", "organisation"]


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Accounts (administrators only); staff accounts are created here or by manage.py."""

    serializer_class = UserSerializer
    permission_classes = [HasRole.of(Role.ADMIN)]
    filterset_class = UserFilter
    ordering_fields = ["email", "full_name", "date_joined"]
    queryset = User.objects.order_by("full_name")

    @extend_schema(request=StaffCreateSerializer, responses={201: UserSerializer})
    def create(self, request: Request) -> Response:
        data = StaffCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user, _link = services.staff_create(actor=signed_in(request), **data.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)
