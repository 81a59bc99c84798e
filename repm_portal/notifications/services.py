"""Telling people what happened: a notification in the portal and an e-mail, once committed.

Each person reads it in the language they chose (``User.language``, R-GOV-2): callers pass
lazy messages and their ``params``, rendered once per recipient. The e-mail is sent by a
Celery task queued after the commit; the notification row records when it was e-mailed, so a
retried or repeated task never sends it twice. A task the broker could not take is made good
by a periodic sweep (``notifications.sweep_emails``) that finds the row still not e-mailed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from datetime import timedelta
from smtplib import SMTPException
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst

from repm_portal.accounts.models import User

from .models import Notification

log = logging.getLogger(__name__)


def _render(message: Any, params: Mapping[str, Any] | None) -> str:
    """A lazy message in the active language, its params filled in (lazy ones translated too).
    A plain string (a reason someone wrote) is shown as written, never formatted."""
    text = str(message)
    if not params or not isinstance(message, Promise):
        return text
    return text % {k: str(v) if isinstance(v, Promise) else v for k, v in params.items()}


def notify(
    users: Iterable[User],
    *,
    title: Any,
    body: Any = "",
    url: str = "",
    params: Mapping[str, Any] | None = None,
) -> int:
    """Create one notification per user, in that user's language; e-mail each after commit.

    ``title`` and ``body`` may be lazy messages with ``%(name)s`` placeholders filled from
    ``params``: each recipient gets them in the language they chose.
    """
    recipients = [u for u in dict.fromkeys(users) if u.is_active]
    rows = []
    for user in recipients:
        with translation.override(user.language or settings.LANGUAGE_CODE):
            rows.append(
                Notification(
                    user=user,
                    title=capfirst(_render(title, params))[:200],
                    body=_render(body, params),
                    url=url,
                )
            )
    # SQLite and PostgreSQL both return the new ids from a bulk insert.
    ids = [n.pk for n in Notification.objects.bulk_create(rows)]
    if ids:
        transaction.on_commit(lambda: _queue_emails(ids), robust=True)
    return len(recipients)


def _queue_emails(ids: list[int]) -> None:
    from .tasks import send_notification_email

    for pk in ids:
        try:
            send_notification_email.delay(pk)
        except Exception:  # a broker or mail outage must not undo the portal's work
            log.exception("could not queue the e-mail of notification %s: the sweep sends it", pk)


def notification_email_send(*, notification_id: int, skip_locked: bool = False) -> bool:
    """E-mail one notification, once: the row is locked and marked in the send's transaction.

    Returns False when it was e-mailed already (a retried or repeated task), or, with
    ``skip_locked``, when another run holds it now. The e-mail holds the message and links to
    the page and to the notifications; never more than the portal notification itself (no
    figures of a sealed bid, R-BID-4).
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=skip_locked)
            .select_related("user")
            .filter(pk=notification_id, emailed_at__isnull=True)
            .first()
        )
        if notification is None:
            return False
        user = notification.user
        if user.is_active and user.email:
            base = settings.PORTAL_BASE_URL.rstrip("/")
            with translation.override(user.language or settings.LANGUAGE_CODE):
                text = render_to_string(
                    "notifications/email.txt",
                    {
                        "n": notification,
                        "user": user,
                        "link": base + notification.url if notification.url else "",
                        "inbox": base + reverse("web:notifications"),
                    },
                )
            send_mail(notification.title, text, None, [user.email])
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


# The sweep leaves a new notification to its own task for a while (no race with the normal
# path), and looks back a few days only: older rows predate the e-mailed_at bookkeeping, and
# a notice that old is no news by e-mail.
EMAIL_SWEEP_GRACE = timedelta(minutes=5)
EMAIL_SWEEP_LOOKBACK = timedelta(days=3)
EMAIL_SWEEP_BATCH = 200


def notification_emails_sweep(*, now: Any = None) -> list[int]:
    """E-mail the notifications whose task never ran (the broker was down at commit, or the
    mail server when it ran eagerly); each is claimed under its row lock, so once only.

    Returns the ids e-mailed by this run. A mail-server outage ends the run early: the next
    one (beat, every few minutes) goes on from there.
    """
    now = now or timezone.now()
    waiting = list(
        Notification.objects.filter(
            emailed_at__isnull=True,
            created_at__lt=now - EMAIL_SWEEP_GRACE,
            created_at__gte=now - EMAIL_SWEEP_LOOKBACK,
        )
        .order_by("id")
        .values_list("id", flat=True)[:EMAIL_SWEEP_BATCH]
    )
    sent = []
    for pk in waiting:
        try:
            # skip_locked: a row its own task is sending now is that task's to finish.
            if notification_email_send(notification_id=pk, skip_locked=True):
                sent.append(pk)
        except (SMTPException, OSError) as error:
            log.warning("mail server unavailable (%s): the next sweep goes on", error)
            break
    return sent


def notifications_mark_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
