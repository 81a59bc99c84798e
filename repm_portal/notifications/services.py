"""Telling people what happened: a notification in the portal and an e-mail, once committed."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from repm_portal.accounts.models import User

from .models import Notification

log = logging.getLogger(__name__)


def notify(users: Iterable[User], *, title: str, body: str = "", url: str = "") -> int:
    """Create one notification per user; e-mail them after the transaction commits."""
    recipients = [u for u in dict.fromkeys(users) if u.is_active]
    Notification.objects.bulk_create(
        Notification(user=u, title=title[:200], body=body, url=url) for u in recipients
    )
    link = settings.PORTAL_BASE_URL.rstrip("/") + url if url else ""

    def send() -> None:
        for user in recipients:
            try:
                send_mail(title, f"{body}\n\n{link}".strip(), None, [user.email])
            except Exception:  # a mail server outage must not undo the portal's work
                log.exception("could not e-mail notification to user %s", user.pk)

    transaction.on_commit(send)
    return len(recipients)


def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
