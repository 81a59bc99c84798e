from smtplib import SMTPException

from celery import shared_task

from .services import notification_email_send, notification_emails_sweep


@shared_task(
    name="notifications.send_email",
    acks_late=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=8,
)
def send_notification_email(notification_id: int) -> bool:
    """E-mail one notification; retried while the mail server is down, sent once."""
    return notification_email_send(notification_id=notification_id)


@shared_task(name="notifications.sweep_emails")
def sweep_notification_emails() -> list[int]:
    """Beat, every few minutes: e-mail the notifications whose task was never queued."""
    return notification_emails_sweep()
