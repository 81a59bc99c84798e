from rest_framework import serializers

from .models import AuditEvent


class AuditEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditEvent
        fields = [
            "seq",
            "at",
            "actor_label",
            "action",
            "object_type",
            "object_id",
            "object_label",
            "before",
            "after",
            "request_id",
            "ip",
            "prev_hash",
            "hash",
        ]
        read_only_fields = fields
