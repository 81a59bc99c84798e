from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import mixins, viewsets
from rest_framework.permissions import DjangoModelPermissions

from .filters import AuditEventFilter
from .models import AuditEvent
from .selectors import audit_events
from .serializers import AuditEventSerializer


class ViewPermission(DjangoModelPermissions):
    """Reading needs the model's view permission (MHI, PMA and administrators have it)."""

    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


class AuditEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The audit trail (R-ACL-4), newest first, filterable."""

    serializer_class = AuditEventSerializer
    lookup_field = "seq"
    permission_classes = [ViewPermission]
    filterset_class = AuditEventFilter
    ordering_fields = ["seq", "at"]

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return audit_events()
