import pytest
from django.urls import reverse

from repm_portal.notifications.models import Notification
from repm_portal.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_notify_shows_in_the_portal_and_is_emailed_after_commit(
    client, applicant, rival, mailoutbox, django_capture_on_commit_callbacks, tasks_run_here
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            notify(
                [applicant, applicant],
                title="New tender: MHI/REPM/RFP/2027/01",
                body="Bids close on 31 Mar 2027.",
                url="/tenders/1/",
            )
            == 1
        )
    assert [m.to for m in mailoutbox] == [[applicant.email]]
    assert "http://127.0.0.1:8000/tenders/1/" in mailoutbox[0].body
    client.force_login(applicant)
    page = client.get(reverse("web:home")).content.decode()
    assert '1<span class="visually-hidden"> unread' in page
    listing = client.get(reverse("web:notifications")).content.decode()
    assert "New tender: MHI/REPM/RFP/2027/01" in listing
    client.post(reverse("web:notifications_read"))
    assert not Notification.objects.filter(user=applicant, read_at__isnull=True).exists()
    client.force_login(rival)
    assert "MHI/REPM/RFP/2027/01" not in client.get(reverse("web:notifications")).content.decode()


def test_a_mail_outage_does_not_undo_the_work(
    applicant, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    def down(*args, **kwargs):
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr("repm_portal.notifications.services.send_mail", down)
    with django_capture_on_commit_callbacks(execute=True):
        notify([applicant], title="Letter of Intent issued")
    assert Notification.objects.filter(user=applicant).count() == 1


def test_unread_count_counts_only_the_users_unread_notices(client, applicant, rival) -> None:
    """The menu's badge (a plain SQL count, selectors.unread_count) agrees with the ORM: three
    notices to the applicant, one to a rival; after the applicant reads them, none; a new one
    after that, one."""
    from repm_portal.notifications.selectors import unread_count
    from repm_portal.notifications.services import notifications_mark_read

    def orm(user) -> int:
        return Notification.objects.filter(user=user, read_at__isnull=True).count()

    for title in ("LoI issued", "PBG received", "LoA issued"):
        notify([applicant], title=title)
    notify([rival], title="Bid returned")
    assert (unread_count(applicant.pk), unread_count(rival.pk)) == (3, 1)
    assert unread_count(applicant.pk) == orm(applicant)
    client.force_login(applicant)
    assert '3<span class="visually-hidden"> unread' in client.get(reverse("web:home")).text
    notifications_mark_read(user=applicant)
    assert (unread_count(applicant.pk), unread_count(rival.pk)) == (0, 1)
    assert 'visually-hidden"> unread' not in client.get(reverse("web:home")).text
    notify([applicant], title="Claim sanctioned")
    assert unread_count(applicant.pk) == orm(applicant) == 1
