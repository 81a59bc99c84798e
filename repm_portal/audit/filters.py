from django_filters import rest_framework as filters

from .models import AuditEvent


class AuditEventFilter(filters.FilterSet):
    at = filters.DateFromToRangeFilter(field_name="at__date", label="Date (from – to)")
    action = filters.CharFilter(lookup_expr="icontains", help_text="Part of the action name")
    actor = filters.CharFilter(
        field_name="actor_label", lookup_expr="icontains", help_text="Part of the actor's e-mail"
    )
    object_type = filters.CharFilter(help_text="e.g. accounts.user")
    object_id = filters.CharFilter()

    class Meta:
        model = AuditEvent
        fields = ["at", "action", "actor", "object_type", "object_id"]
