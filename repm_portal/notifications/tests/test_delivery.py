"""Notifications in each person's language, e-mailed once by a retried task (R-GOV-2)."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from repm_portal.notifications.models import Notification
from repm_portal.notifications.services import notification_email_send, notify

pytestmark = pytest.mark.django_db


def test_r_gov_2_each_recipient_reads_the_notice_in_the_language_they_chose(
    applicant, rival, mailoutbox, django_capture_on_commit_callbacks, tasks_run_here
) -> None:
    rival.language = "hi"
    rival.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            [applicant, rival],
            title=gettext_lazy("Show-cause notice issued"),
            body=gettext_lazy("Reply by %(day)s."),
            url="/cases/7/",
            params={"day": "01 Mar 2028"},
        )
    titles = dict(Notification.objects.values_list("user__email", "title"))
    assert titles == {
        applicant.email: "Show-cause notice issued",
        rival.email: "कारण बताओ नोटिस जारी किया गया",
    }
    mails = {m.to[0]: m for m in mailoutbox}
    assert mails[rival.email].subject == "कारण बताओ नोटिस जारी किया गया"
    assert mails[applicant.email].subject == "Show-cause notice issued"
    body = mails[applicant.email].body
    assert "Reply by 01 Mar 2028." in body
    assert "http://127.0.0.1:8000/cases/7/" in body  # the page it concerns
    assert "http://127.0.0.1:8000" + reverse("web:notifications") in body


def test_a_written_reason_is_shown_as_written_even_with_a_per_cent_sign(applicant) -> None:
    notify(
        [applicant],
        title=gettext_lazy("Letter of Intent issued"),
        body="Rate 40 % (sic)",
        params={"x": 1},
    )
    assert Notification.objects.get().body == "Rate 40 % (sic)"


def test_an_email_is_sent_once_even_when_its_task_runs_twice(applicant, mailoutbox) -> None:
    notify([applicant], title="Letter of Intent issued")
    n = Notification.objects.get()
    assert notification_email_send(notification_id=n.pk) is True
    assert notification_email_send(notification_id=n.pk) is False
    assert len(mailoutbox) == 1
    n.refresh_from_db()
    assert n.emailed_at is not None


def test_an_email_that_failed_is_sent_when_the_task_is_retried(
    applicant, mailoutbox, monkeypatch
) -> None:
    notify([applicant], title="Letter of Intent issued")
    n = Notification.objects.get()

    def down(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    with monkeypatch.context() as m:
        m.setattr("repm_portal.notifications.services.send_mail", down)
        with pytest.raises(OSError, match="unreachable"):
            notification_email_send(notification_id=n.pk)
    n.refresh_from_db()
    assert n.emailed_at is None  # not marked: the retry sends it
    assert notification_email_send(notification_id=n.pk) is True
    assert [m.subject for m in mailoutbox] == ["Letter of Intent issued"]


def test_the_task_retries_on_a_mail_server_outage() -> None:
    from repm_portal.notifications.tasks import send_notification_email

    assert OSError in send_notification_email.autoretry_for  # type: ignore[attr-defined]
    assert send_notification_email.max_retries == 8


def test_r_gov_2_the_language_switch_keeps_a_signed_in_users_choice(client, applicant) -> None:
    client.force_login(applicant)
    response = client.post(reverse("set_language"), {"language": "hi", "next": "/"})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.language == "hi"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    applicant.refresh_from_db()
    assert applicant.language == "hi"  # an unknown language changes nothing


def test_nothing_is_queued_when_the_work_is_rolled_back(
    applicant, mailoutbox, django_capture_on_commit_callbacks, tasks_run_here
) -> None:
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError, match="failed"),
        transaction.atomic(),
    ):
        notify([applicant], title="Letter of Intent issued")
        raise RuntimeError("the step failed")
    assert not Notification.objects.exists()
    assert mailoutbox == []
