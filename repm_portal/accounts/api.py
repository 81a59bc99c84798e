from __future__ import annotations

from django.contrib.auth import authenticate
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, mixins, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle
from rest_framework.views import APIView

from repm_portal.api import HasRole, ScopedToUser, signed_in

from . import services, tokens
from .models import ApiToken, Role, User
from .serializers import (
    ApiTokenSerializer,
    RegistrationAcceptedSerializer,
    RegistrationSerializer,
    StaffCreateSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    UserSerializer,
)


class TokenView(APIView):
    """Exchange e-mail and password for an API token (lockout after repeated failures).

    Each request issues a new token, which works for ``API_TOKEN_TTL_HOURS`` (8 hours by default)
    unless revoked first: by its owner, at sign-out, or when the password changes.
    """

    authentication_classes: list[type] = []  # credentials are in the body; an old token is moot
    permission_classes = [AllowAny]
    throttle_classes = [AnonRateThrottle]

    def get_authenticate_header(self, request: Request) -> str:
        return "Token"  # wrong credentials are a 401 (DRF makes it 403 without a scheme)

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
        token, key = tokens.api_token_issue(user=user, label=data.validated_data.get("label", ""))
        return Response({"token": key, "id": token.pk, "expires_at": token.expires_at})


class ApiTokenListView(ScopedToUser, generics.ListAPIView):
    """The signed-in user's working API tokens (never their keys)."""

    model = ApiToken
    serializer_class = ApiTokenSerializer
    filter_backends: list[type] = []

    def rows_for(self, user: User) -> QuerySet[ApiToken]:
        return tokens.api_tokens_active(user=user)


class ApiTokenRevokeView(APIView):
    """Revoke one of your API tokens; it stops working at once."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        tokens.api_token_revoke(user=signed_in(request), token_id=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=UserSerializer)
    def get(self, request: Request) -> Response:
        """The signed-in user."""
        return Response(UserSerializer(request.user).data)


class RegistrationView(APIView):
    """Self-registration of an applicant; the account works after e-mail verification."""

    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
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
