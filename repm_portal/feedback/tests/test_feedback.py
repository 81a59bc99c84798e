"""The Feedback page has a form (R-GOV-3): stored, audited, read by the PMA and the admin."""

import pytest
from django.urls import reverse

from repm_portal.audit.models import AuditEvent
from repm_portal.feedback.models import Feedback

pytestmark = pytest.mark.django_db


def test_r_gov_3_a_visitor_sends_feedback_and_the_pma_reads_it(client, pma, applicant) -> None:
    page = client.get(reverse("web:page", args=["feedback"])).content.decode()
    assert 'action="/about/feedback/"' in page and 'name="message"' in page
    response = client.post(
        reverse("web:feedback"),
        {"name": "R. Sen", "email": "R.Sen@Example.in", "page": "/tenders/", "message": "A typo."},
        follow=True,
    )
    assert "your feedback has reached the help desk" in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.email, feedback.page, feedback.user) == ("r.sen@example.in", "/tenders/", None)
    assert AuditEvent.objects.filter(action="feedback.received").count() == 1
    client.force_login(pma)
    listing = client.get(reverse("web:feedback_list")).content.decode()
    assert "A typo." in listing and "r.sen@example.in" in listing
    client.force_login(applicant)
    assert client.get(reverse("web:feedback_list")).status_code == 403


def test_an_empty_message_is_refused_saying_so(client) -> None:
    response = client.post(reverse("web:feedback"), {"name": "R. Sen", "email": "r@x.in"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_signed_in_user_is_known_and_prefilled(client, applicant) -> None:
    client.force_login(applicant)
    page = client.get(reverse("web:feedback")).content.decode()
    assert f'value="{applicant.email}"' in page
    client.post(
        reverse("web:feedback"),
        {"name": applicant.full_name, "email": applicant.email, "message": "Works well."},
    )
    assert Feedback.objects.get().user == applicant


@pytest.mark.parametrize("who", ["tc_member", "mhi", "ie", "smc_member"])
def test_r_acl_2_only_the_pma_and_the_admin_read_feedback(client, request, who) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("web:feedback_list")).status_code == 403


def test_an_anonymous_reader_is_sent_to_sign_in(client) -> None:
    response = client.get(reverse("web:feedback_list"))
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
