from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from repm_portal.accounts.models import User
from repm_portal.api import ScopedToUser, signed_in

from .models import Notification
from .services import notifications_mark_read


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at"]
        read_only_fields = fields


class NotificationViewSet(ScopedToUser, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's notifications, newest first."""

    serializer_class = NotificationSerializer
    filterset_fields = {"read_at": ["isnull"]}

    model = Notification

    def rows_for(self, user: User) -> QuerySet[Notification]:
        return Notification.objects.filter(user=user)

    @extend_schema(request=None, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="mark-read")
    def mark_read(self, request: Request) -> Response:
        return Response({"marked": notifications_mark_read(user=signed_in(request))})
