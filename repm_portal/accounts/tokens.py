"""API tokens: issued for a limited time, revoked by their owner, at sign-out and on a password
change. Only a hash of each key is stored; the key is shown once (ASVS 5.0 V7, V9)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from repm_portal.audit.services import audit_record
from repm_portal.errors import NotFound
from repm_portal.periods import IST

from .models import ApiToken, TokenRevocation, User

# Revoked and expired tokens are kept this long (for the owner's list), then removed.
KEEP_DEAD_TOKENS = timedelta(days=30)
# last_used_at is written at most this often per token: not one UPDATE per API call.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def key_hash(key: str) -> str:
    # The key is 256 random bits: a plain SHA-256 is enough (no dictionary to guess from).
    return hashlib.sha256(key.encode()).hexdigest()


def api_tokens_active(*, user: User) -> QuerySet[ApiToken]:
    """The user's tokens that still work, newest first."""
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


@transaction.atomic
def api_token_issue(*, user: User, label: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``; returns it with its key, which is not stored and not shown again."""
    now = timezone.now()
    ApiToken.objects.filter(user=user, expires_at__lt=now - KEEP_DEAD_TOKENS).delete()
    ApiToken.objects.filter(user=user, revoked_at__lt=now - KEEP_DEAD_TOKENS).delete()
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=key_hash(key),
        prefix=key[:8],
        label=label.strip()[:100],
        expires_at=now + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
    )
    audit_record(
        actor=user,
        action="api_token.issue",
        obj=token,
        object_label=f"{token.prefix}… {token.label}".strip()[:255],
        after={"expires_at": token.expires_at, "label": token.label},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, user: User, token_id: int) -> ApiToken:
    """Revoke one of the user's own tokens (another user's is not found)."""
    token = (
        ApiToken.objects.select_for_update()
        .filter(user=user, pk=token_id, revoked_at__isnull=True)
        .first()
    )
    if token is None:
        raise NotFound(_("You have no working API token with this id."))
    token.revoked_at = timezone.now()
    token.revoked_reason = TokenRevocation.USER
    token.save(update_fields=["revoked_at", "revoked_reason"])
    audit_record(
        actor=user,
        action="api_token.revoke",
        obj=token,
        object_label=f"{token.prefix}… {token.label}".strip()[:255],
        after={"reason": token.revoked_reason},
    )
    return token


@transaction.atomic
def api_tokens_revoke_all(*, user: User, reason: str) -> int:
    """Revoke every working token of ``user`` (sign-out, password change); returns how many."""
    count = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    if count:
        audit_record(
            actor=user,
            action="api_token.revoke_all",
            obj=user,
            after={"reason": reason, "tokens": count},
        )
    return count


@receiver(user_logged_out, dispatch_uid="accounts.revoke_tokens_at_sign_out")
def _revoke_at_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if isinstance(user, User):
        api_tokens_revoke_all(user=user, reason=TokenRevocation.SIGN_OUT)


class ApiTokenAuthentication(TokenAuthentication):
    """``Authorization: Token <key>``; an unknown, revoked or expired key is a 401."""

    keyword = "Token"

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This API token is not valid: ask for one at /api/v1/auth/token/.")
            )
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(
                _("This API token was revoked (%(why)s): ask for a new one at /api/v1/auth/token/.")
                % {"why": token.get_revoked_reason_display()}
            )
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(
                _("This API token expired at %(time)s: ask for a new one at /api/v1/auth/token/.")
                % {"time": token.expires_at.astimezone(IST).strftime("%d %b %Y %H:%M IST")}
            )
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is disabled."))
        if token.last_used_at is None or token.last_used_at < now - LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
