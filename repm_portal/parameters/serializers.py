from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import ParameterVersion
from .spec import SPECS


class ParameterVersionSerializer(serializers.ModelSerializer):
    recorded_by: serializers.SlugRelatedField = serializers.SlugRelatedField(
        slug_field="email",
        read_only=True,
        allow_null=True,  # null: the notified version
    )

    class Meta:
        model = ParameterVersion
        fields = [
            "id",
            "effective_from",
            "authority",
            "description",
            "values",
            "supersedes",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class ParameterSpecSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    rule = serializers.CharField()
    unit = serializers.CharField()
    kind = serializers.CharField()
    rows = serializers.ListField(child=serializers.IntegerField())


class ParameterAmendmentSerializer(serializers.Serializer):
    effective_from = serializers.DateField(help_text="First date the amended values apply.")
    authority = serializers.CharField(max_length=200, help_text="The order making the amendment.")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    changes = serializers.DictField(
        help_text="Parameter key → new value (tables as {row: value}). Keys: "
        + ", ".join(s.key for s in SPECS)
    )


class InForceQuerySerializer(serializers.Serializer):
    on = serializers.DateField(required=False, help_text="Date (YYYY-MM-DD); default today (IST).")

    def validated_on(self) -> Any:
        return self.validated_data.get("on")
