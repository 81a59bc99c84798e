"""E-mails whose task the broker never took are sent by the periodic sweep, once each."""

from datetime import timedelta

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError

from repm_portal.celery import app
from repm_portal.notifications.models import Notification
from repm_portal.notifications.services import (
    notification_email_send,
    notification_emails_sweep,
    notify,
)
from tests.threads import run_together

LATER = timedelta(minutes=6)  # past the sweep's grace period of five minutes


def _notify_while_the_broker_is_down(users, monkeypatch, capture) -> list[Notification]:
    from repm_portal.notifications.tasks import send_notification_email

    def down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as m:
        m.setattr(send_notification_email, "delay", down)
        with capture(execute=True):
            notify(users, title="Letter of Intent issued")
    return list(Notification.objects.order_by("id"))


@pytest.mark.django_db
def test_a_notice_queued_while_the_broker_was_down_is_emailed_by_the_sweep_once(
    applicant, rival, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    rows = _notify_while_the_broker_is_down(
        [applicant, rival], monkeypatch, django_capture_on_commit_callbacks
    )
    assert mailoutbox == []
    assert [n.emailed_at for n in rows] == [None, None]

    # Within the grace period the normal path may still be on its way: the sweep waits.
    assert notification_emails_sweep() == []
    assert notification_emails_sweep(now=timezone.now() + LATER) == [n.pk for n in rows]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([applicant.email, rival.email])
    assert all(m.subject == "Letter of Intent issued" for m in mailoutbox)

    # A second sweep, and the lost task arriving late after all, send nothing more.
    assert notification_emails_sweep(now=timezone.now() + LATER) == []
    assert notification_email_send(notification_id=rows[0].pk) is False
    assert len(mailoutbox) == 2
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


@pytest.mark.django_db
def test_the_sweep_leaves_notices_older_than_its_look_back(applicant, mailoutbox) -> None:
    notify([applicant], title="Letter of Intent issued")
    Notification.objects.update(emailed_at=None)  # as if its task never ran
    assert notification_emails_sweep(now=timezone.now() + timedelta(days=4)) == []
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_mail_server_outage_ends_the_sweep_and_the_next_one_sends(
    applicant, rival, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    _notify_while_the_broker_is_down(
        [applicant, rival], monkeypatch, django_capture_on_commit_callbacks
    )

    def unreachable(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    with monkeypatch.context() as m:
        m.setattr("repm_portal.notifications.services.send_mail", unreachable)
        assert notification_emails_sweep(now=timezone.now() + LATER) == []
    assert len(notification_emails_sweep(now=timezone.now() + LATER)) == 2
    assert len(mailoutbox) == 2


def test_the_sweep_is_on_the_beat_schedule_every_five_minutes() -> None:
    entry = app.conf.beat_schedule["notifications-email-sweep"]
    assert entry["task"] == "notifications.sweep_emails"
    assert entry["schedule"] == 300.0
    assert "notifications.sweep_emails" in app.tasks


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_sweep_and_the_late_task_racing_send_one_email(
    applicant, mailoutbox, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    """Real threads on PostgreSQL: two sweeps and the original task at the same instant."""
    (n,) = _notify_while_the_broker_is_down(
        [applicant], monkeypatch, django_capture_on_commit_callbacks
    )
    later = timezone.now() + LATER
    results = run_together(
        lambda: notification_emails_sweep(now=later),
        lambda: notification_emails_sweep(now=later),
        lambda: notification_email_send(notification_id=n.pk),
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert len(mailoutbox) == 1
    # Exactly one of the three claimed it.
    claimed = [r == [n.pk] for r in results[:2]] + [results[2] is True]
    assert sorted(claimed) == [False, False, True]
    n.refresh_from_db()
    assert n.emailed_at is not None
