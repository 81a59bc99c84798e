from rest_framework import serializers

from .models import ApiToken, Role, User


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "full_name",
            "role",
            "organisation",
            "designation",
            "phone",
            "is_active",
            "email_verified_at",
            "date_joined",
        ]
        read_only_fields = fields


class RegistrationSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="Verified by a link sent to it.")
    full_name = serializers.CharField(max_length=150)
    organisation = serializers.CharField(max_length=200, help_text="The applicant entity.")
    phone = serializers.RegexField(r"^\+?[0-9 ]{10,15}$", required=False, allow_blank=True)
    password = serializers.CharField(
        write_only=True,
        style={"input_type": "password"},
        help_text="At least 12 characters, not common.",
    )


class RegistrationAcceptedSerializer(serializers.Serializer):
    email = serializers.EmailField()
    detail = serializers.CharField()


class StaffCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    full_name = serializers.CharField(max_length=150)
    role = serializers.ChoiceField(choices=[c for c in Role.choices if c[0] != Role.APPLICANT])
    designation = serializers.CharField(max_length=120, required=False, allow_blank=True)
    organisation = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    # a field named like Field.label: the serializer metaclass takes it as a field
    label = serializers.CharField(  # type: ignore[assignment]
        required=False,
        allow_blank=True,
        max_length=100,
        help_text="Where the token will be used, to tell your tokens apart (optional).",
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key: shown this once, never stored.")
    id = serializers.IntegerField(help_text="Revoke it with DELETE /api/v1/auth/tokens/{id}/.")
    expires_at = serializers.DateTimeField()


class ApiTokenSerializer(serializers.ModelSerializer):
    """A token as its owner sees it: never the key."""

    current = serializers.SerializerMethodField(help_text="The token of this request.")

    class Meta:
        model = ApiToken
        fields = ["id", "label", "prefix", "created_at", "expires_at", "last_used_at", "current"]

    def get_current(self, token: ApiToken) -> bool:
        request = self.context.get("request")
        return getattr(getattr(request, "auth", None), "pk", None) == token.pk
