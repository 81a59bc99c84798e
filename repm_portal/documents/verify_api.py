"""/api/v1/verify/… — the public check of issued letters (issue 14.4), rate-limited per client."""

from __future__ import annotations

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from repm_portal.accounts.models import Role
from repm_portal.accounts.roles import require_role
from repm_portal.api import signed_in, validated
from repm_portal.errors import NotFound

from . import services, verification
from .letters import reference_normalise
from .models import IssuedLetter


class VerdictSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[
            verification.VALID,
            verification.REVOKED,
            verification.SUPERSEDED,
            verification.NOT_ISSUED,
            verification.ALTERED,
        ],
        help_text=(
            "valid, revoked, superseded; not_issued (the portal never issued it); altered (a "
            "letter of the portal with changes added after its signature)."
        ),
    )
    message = serializers.CharField(source="status_text")
    issued = serializers.BooleanField()
    reference = serializers.CharField(allow_blank=True)
    title = serializers.CharField(allow_blank=True)
    addressee = serializers.CharField(allow_blank=True)
    issued_at = serializers.DateTimeField(allow_null=True)
    signatory_name = serializers.CharField(allow_blank=True)
    signatory_designation = serializers.CharField(allow_blank=True)
    sha256 = serializers.CharField(allow_blank=True)
    revoked_at = serializers.DateTimeField(allow_null=True)
    superseded_by = serializers.CharField(allow_blank=True)
    superseded_at = serializers.DateTimeField(allow_null=True)


class VerifyFileSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The letter's PDF exactly as received.")

    def validate_file(self, file: object) -> object:
        if getattr(file, "size", 0) > settings.MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(
                _("The file is larger than %(max)s: no letter of the portal is that large.")
                % {"max": filesizeformat(settings.MAX_UPLOAD_BYTES)}
            )
        return file


class RevokeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="Kept in the audit trail.")


class _Public(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []  # public: no session, no CSRF, no token needed
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "verify"


class VerifyReferenceView(_Public):
    """Anyone: what the portal says about the letter bearing this reference."""

    @extend_schema(responses=VerdictSerializer)
    def get(self, request: Request, reference: str) -> Response:
        if not reference_normalise(reference):  # no such address: the path names no letter
            raise NotFound(
                _(
                    "No letter has this reference: a reference has 12 letters and digits, "
                    "e.g. 7KQ2-M9XD-4TZ8."
                )
            )
        return Response(VerdictSerializer(verification.letter_by_reference(reference)).data)


class VerifyFileView(_Public):
    """Anyone: what the portal says about this exact file (multipart field ``file``)."""

    parser_classes = [MultiPartParser]

    @extend_schema(request=VerifyFileSerializer, responses=VerdictSerializer)
    def post(self, request: Request) -> Response:
        data = validated(VerifyFileSerializer, request)
        return Response(VerdictSerializer(verification.letter_by_file(data["file"])).data)


class LetterRevokeView(APIView):
    """MHI: revoke an issued letter; ``/verify/`` then reports it revoked."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=RevokeSerializer, responses=VerdictSerializer)
    def post(self, request: Request, reference: str) -> Response:
        user = signed_in(request)
        require_role(user, Role.MHI, message=_("Only an MHI officer revokes a letter."))
        data = validated(RevokeSerializer, request)
        letter = IssuedLetter.objects.filter(reference=reference_normalise(reference)).first()
        if letter is None:
            raise NotFound(_("No letter has this reference."))
        services.letter_revoke(actor=user, letter=letter, reason=data["reason"])
        return Response(VerdictSerializer(verification.letter_by_reference(reference)).data)
