"""Who sees what of the committees (R-ACL-1, R-ACL-3, R-COM-2, R-COM-3), on the pages and
through the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Meeting, SeatTerm
from repm_portal.accounts.models import Role, User
from repm_portal.notifications.models import Notification
from repm_portal.periods import today_ist

from .fixtures import hold_quorum, make_user

pytestmark = pytest.mark.django_db


def page(user: User | None, url: str) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


@pytest.fixture
def everyone(personas, sitting) -> dict[str, User | None]:
    return personas


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("outsider", 302),
        ("applicant", 403),
        ("rival", 403),
        ("ie", 403),
        ("smc", 404),  # reads the SMC's meetings, not the TC's
        ("tc", 200),
        ("pma", 200),
        ("mhi", 200),
        ("admin", 200),
    ],
)
def test_r_acl_3_tc_meeting_page_by_role(everyone, meeting: Meeting, api_for, who, expected):
    user = everyone[who]
    url = reverse("web:meeting", args=[meeting.pk])
    got = page(user, url)
    # Readers of no committee are refused the meeting itself with a 404 (nothing is revealed).
    assert got == (404 if expected == 403 else expected)
    api = api_for(user).get(f"/api/v1/meetings/{meeting.pk}/")
    assert api.status_code == {302: 401, 200: 200, 404: 404, 403: 403}[expected]


@pytest.mark.parametrize("who", ["applicant", "rival", "ie"])
def test_r_acl_3_the_meeting_list_refuses_non_members(everyone, who, api_for) -> None:
    assert page(everyone[who], reverse("web:meetings")) == 403
    assert api_for(everyone[who]).get("/api/v1/meetings/").status_code == 403


def test_r_com_3_seat_ended_yesterday_is_refused_today_on_pages_and_api(
    meeting: Meeting, sitting, mhi: User, api_for
) -> None:
    member = sitting["member"]
    assert page(member, reverse("web:meeting", args=[meeting.pk])) == 200
    term = SeatTerm.objects.get(holder=member)
    SeatTerm.objects.filter(pk=term.pk).update(starts_on=today_ist() - timedelta(days=60))
    term.refresh_from_db()
    services.seat_relieve(actor=mhi, term=term, ends_on=today_ist() - timedelta(days=1))
    member = User.objects.get(pk=member.pk)
    assert page(member, reverse("web:meeting", args=[meeting.pk])) == 404
    assert page(member, reverse("web:meetings")) == 403
    item = meeting.items.first() or services.agenda_item_add(
        actor=mhi, meeting=meeting, title="Item"
    )
    client = api_for(member)
    assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 403
    assert client.get("/api/v1/meetings/").status_code == 403
    assert (
        client.post(f"/api/v1/meetings/items/{item.pk}/comments/", {"text": "still here?"})
    ).status_code == 403
    assert not member.has_role(Role.TC)


def test_r_com_2_a_co_opted_expert_sees_only_its_meeting(
    meeting: Meeting, sitting, tc, api_for
) -> None:
    other = services.meeting_schedule(
        actor=sitting["secretary"],
        committee=tc,
        starts_at=timezone.now() + timedelta(days=90),
        venue="Room 2",
    )
    expert = make_user(
        email="expert@barc.gov.in", role=Role.TC, full_name="Dr. S. Iyengar", organisation="BARC"
    )
    services.expert_co_opt(
        actor=sitting["secretary"], meeting=meeting, expert=expert, source="barc"
    )
    assert not expert.has_role(Role.TC)  # co-opted, not seated: no TC role anywhere else
    assert page(expert, reverse("web:meeting", args=[meeting.pk])) == 200
    assert page(expert, reverse("web:meeting", args=[other.pk])) == 404
    assert page(expert, reverse("web:committees")) == 404
    client = api_for(expert)
    listed = client.get("/api/v1/meetings/").json()["results"]
    assert [m["id"] for m in listed] == [meeting.pk]
    assert client.get(f"/api/v1/meetings/{other.pk}/").status_code == 404
    item = services.agenda_item_add(actor=sitting["secretary"], meeting=meeting, title="Grades")
    made = client.post(f"/api/v1/meetings/items/{item.pk}/comments/", {"text": "N52 is feasible."})
    assert made.status_code == 201


def test_r_acl_1_a_beneficiary_sees_its_decisions_and_actions_only(
    meeting: Meeting, sitting, applicant: User, rival: User, api_for
) -> None:
    item = services.agenda_item_add(actor=sitting["secretary"], meeting=meeting, title="M1")
    services.decision_record(
        actor=sitting["secretary"], item=item, text="Extension refused.", addressed_to=applicant
    )
    services.action_item_add(
        actor=sitting["secretary"],
        item=item,
        description="Report the land allotment",
        owner=applicant,
        due_on=today_ist() + timedelta(days=10),
    )
    hold_quorum(meeting, sitting)
    meeting.refresh_from_db()
    services.minutes_confirm(actor=sitting["secretary"], meeting=meeting)
    assert Notification.objects.filter(
        user=applicant, title__startswith="Decisions and action items for you"
    ).exists()
    assert not Notification.objects.filter(user=rival).exists()
    mine = api_for(applicant).get("/api/v1/meetings/my-actions/").json()
    assert [a["description"] for a in mine["actions"]] == ["Report the land allotment"]
    assert [d["text"] for d in mine["decisions"]] == ["Extension refused."]
    theirs = api_for(rival).get("/api/v1/meetings/my-actions/").json()
    assert theirs == {"actions": [], "decisions": []}
    client = Client()
    client.force_login(applicant)
    body = client.get(reverse("web:my_actions")).content.decode()
    assert "Report the land allotment" in body and "Extension refused." in body
    assert client.get(reverse("web:meeting", args=[meeting.pk])).status_code == 404
    action_pk = mine["actions"][0]["id"]
    assert (
        api_for(rival).post(f"/api/v1/meetings/my-actions/{action_pk}/close/", {}).status_code
        == 404
    )


def test_confirmed_minutes_refuse_changes_through_the_api(
    meeting: Meeting, sitting, api_for, private_files
) -> None:
    item = services.agenda_item_add(actor=sitting["secretary"], meeting=meeting, title="QRR")
    hold_quorum(meeting, sitting)
    secretary = api_for(sitting["secretary"])
    confirmed = secretary.post(f"/api/v1/meetings/{meeting.pk}/confirm/")
    assert confirmed.status_code == 200, confirmed.json()
    assert confirmed.json()["status"] == "confirmed"
    again = secretary.post(f"/api/v1/meetings/items/{item.pk}/decisions/", {"text": "Late"})
    assert again.status_code == 409
    assert again.json()["error"]["message"].startswith("The minutes of this meeting are confirmed")
    comment = api_for(sitting["member"]).post(
        f"/api/v1/meetings/items/{item.pk}/comments/", {"text": "Late"}
    )
    assert comment.status_code == 409
    minutes = Client()
    minutes.force_login(sitting["member"])
    response = minutes.get(reverse("web:meeting_minutes", args=[meeting.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]


def test_mhi_appoints_through_the_page_and_the_api(mhi: User, api_for, tc) -> None:
    person = make_user(email="ccs@mhi.gov.in", role=Role.TC, full_name="Anil Sharma")
    made = api_for(mhi).post(
        "/api/v1/committees/tc/appoint/",
        {"seat": 9, "holder": person.pk, "starts_on": today_ist().isoformat()},
    )
    assert made.status_code == 201, made.json()
    assert User.objects.get(pk=person.pk).has_role(Role.TC)
    relieved = api_for(mhi).post(
        f"/api/v1/committees/terms/{made.json()['id']}/relieve/",
        {"ends_on": today_ist().isoformat()},
    )
    assert relieved.status_code == 200
    other = make_user(email="cca2@mhi.gov.in", role=Role.TC, full_name="Beena Rao")
    client = Client()
    client.force_login(mhi)
    response = client.post(
        reverse("web:committee", args=["tc"]),
        {
            "form": "appoint",
            "seat": tc.seats.get(number=8).pk,
            "holder": other.pk,
            "starts_on": today_ist().isoformat(),
        },
    )
    assert response.status_code == 302
    assert User.objects.get(pk=other.pk).has_role(Role.TC)


@pytest.mark.parametrize("who", ["tc", "pma", "smc", "applicant"])
def test_only_mhi_appoints_through_the_api(personas, who, api_for) -> None:
    user = personas[who]
    response = api_for(user).post(
        "/api/v1/committees/tc/appoint/",
        {"seat": 9, "holder": user.pk, "starts_on": today_ist().isoformat()},
    )
    assert response.status_code == 403


def test_r_com_3_a_departed_member_no_longer_reads_what_the_tc_group_was_given(
    tc_member: User, mhi: User, applicant: User, api_for
) -> None:
    """Letters shared with the TC's role group (LoI/LoA) stop being readable the day after the
    member's last day, though the account stays in the group."""
    from repm_portal.documents.letters import letter_store
    from repm_portal.documents.selectors import documents_visible_to
    from repm_portal.documents.tests.fixtures import tiny_pdf

    letter = letter_store(
        owner=mhi,
        pdf=tiny_pdf("LoA"),  # a real PDF: every stored letter is signed (issue 14.3)
        filename="loa.pdf",
        title="Letter of Award",
        readers=(Role.TC,),
    )
    assert list(documents_visible_to(tc_member)) == [letter]
    term = SeatTerm.objects.get(holder=tc_member)
    SeatTerm.objects.filter(pk=term.pk).update(starts_on=today_ist() - timedelta(days=30))
    term.refresh_from_db()
    services.seat_relieve(actor=mhi, term=term, ends_on=today_ist() - timedelta(days=1))
    gone = User.objects.get(pk=tc_member.pk)
    assert gone.groups.filter(name=Role.TC).exists()  # the group stays …
    assert list(documents_visible_to(gone)) == []  # … and gives nothing
    assert api_for(gone).get(f"/api/v1/documents/{letter.pk}/").status_code == 404
