"""The meeting pages end to end, and their query counts at two data sizes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Meeting, MeetingStatus
from repm_portal.accounts.models import User
from repm_portal.periods import today_ist

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_meeting_through_its_page(meeting: Meeting, sitting, applicant, private_files) -> None:
    url = reverse("web:meeting", args=[meeting.pk])
    secretary = client_for(sitting["secretary"])
    assert secretary.post(url, {"form": "item", "title": "Q2 progress"}).status_code == 302
    item = meeting.items.get(title="Q2 progress")
    member = client_for(sitting["member"])
    response = member.post(url, {"form": "comment", "item": item.pk, "text": "Yield is low."})
    assert response.status_code == 302
    empty = member.post(url, {"form": "comment", "item": item.pk, "text": ""})
    assert empty.status_code == 200 and "This field is required." in empty.content.decode()
    # A member cannot record decisions: the service refuses and the page says so.
    refused = member.post(url, {"form": "decision", "item": item.pk, "text": "Approve"})
    assert "Only the member secretary" in refused.content.decode()
    steps = [
        {"form": "decision", "item": item.pk, "text": "Ask for a yield plan.", "addressed_to": ""},
        {
            "form": "action",
            "item": item.pk,
            "description": "Submit a yield improvement plan",
            "owner": applicant.pk,
            "due_on": (today_ist() + timedelta(days=30)).isoformat(),
        },
        {"form": "attendance", "present": [u.pk for u in sitting.values()]},
        {"form": "confirm"},
    ]
    for data in steps:
        response = secretary.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED
    body = member.get(url).content.decode()
    assert "Yield is low." in body and "Minutes (PDF)" in body
    assert "Confirm the minutes</button>" not in body


def test_schedule_through_the_list_page(sitting, tc) -> None:
    response = client_for(sitting["secretary"]).post(
        reverse("web:meetings"),
        {
            "committee": tc.pk,
            "starts_at": (timezone.localtime() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M"),
            "venue": "",
            "video_link": "",
            "quarter": "FY2026-27-Q3",
        },
    )
    assert "Give a venue or a video-conference link." in response.content.decode()
    assert not Meeting.objects.exists()


def _grow(meeting: Meeting, sitting, applicant, n: int) -> None:
    for i in range(n):
        title = f"I{meeting.items.count()}"
        item = services.agenda_item_add(actor=sitting["secretary"], meeting=meeting, title=title)
        services.comment_add(actor=sitting["member"], item=item, text="c")
        services.decision_record(actor=sitting["secretary"], item=item, text="d")
        services.action_item_add(
            actor=sitting["secretary"],
            item=item,
            description="a",
            owner=applicant,
            due_on=today_ist() + timedelta(days=3),
        )
        services.meeting_schedule(
            actor=sitting["secretary"],
            committee=meeting.committee,
            starts_at=timezone.now() + timedelta(days=i + 1, hours=len(title)),
            venue="Room",
        )


def test_meeting_page_and_list_queries_stay_constant(meeting, sitting, applicant) -> None:
    """The same number of queries with 1 and with 7 items (and meetings): the page, the list
    and the API's meeting."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.attendance_record(
        actor=sitting["secretary"], meeting=meeting, present=list(sitting.values())
    )
    client = client_for(sitting["member"])

    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(sitting["member"])

    def counts() -> tuple[int, int, int]:
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("web:meeting", args=[meeting.pk])).status_code == 200
        with CaptureQueriesContext(connection) as listing:
            assert client.get(reverse("web:meetings")).status_code == 200
        with CaptureQueriesContext(connection) as detail:
            assert api.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 200
        return len(page), len(listing), len(detail)

    _grow(meeting, sitting, applicant, 1)
    small = counts()
    _grow(meeting, sitting, applicant, 6)
    assert counts() == small


def test_a_forged_item_or_action_id_is_not_found(meeting: Meeting, sitting) -> None:
    client = client_for(sitting["secretary"])
    url = reverse("web:meeting", args=[meeting.pk])
    assert client.post(url, {"form": "comment", "item": "x1", "text": "t"}).status_code == 404
    assert client.post(url, {"form": "decision", "item": "", "text": "t"}).status_code == 404
    response = client.post(reverse("web:my_actions"), {"action": "abc"})
    assert response.status_code == 404
