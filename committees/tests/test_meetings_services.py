"""Review meetings: agenda, comments, attendance and quorum, decisions, action items and the
confirmed minutes that never change (R-COM-1…3, §8.1, §9.1)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from committees import services
from committees.agenda import _PROPOSERS as PROPOSERS
from committees.agenda import ProposedItem, agenda_proposer
from committees.models import ActionStatus, Committee, Meeting, MeetingStatus
from repm_portal.accounts.models import Role, User
from repm_portal.audit.models import AuditEvent
from repm_portal.errors import NotAllowed, RuleViolation, StateConflict, ValidationFailed
from repm_portal.periods import today_ist

from .fixtures import hold_quorum, make_user

pytestmark = pytest.mark.django_db


def test_meeting_scheduled_by_the_pma_with_a_venue_and_quarter(meeting: Meeting) -> None:
    assert meeting.title == "Technical Committee quarterly review – FY2026-27-Q2"
    assert meeting.status == MeetingStatus.SCHEDULED
    assert AuditEvent.objects.filter(action="meeting.scheduled", object_id=str(meeting.pk)).exists()


def test_an_smc_member_cannot_schedule_a_tc_meeting(smc_member: User, tc: Committee) -> None:
    with pytest.raises(NotAllowed):
        services.meeting_schedule(
            actor=smc_member, committee=tc, starts_at=timezone.now(), venue="Udyog Bhawan"
        )


def test_a_meeting_needs_a_venue_or_a_link(secretary: User, tc: Committee) -> None:
    with pytest.raises(ValidationFailed, match="venue or a video-conference link"):
        services.meeting_schedule(actor=secretary, committee=tc, starts_at=timezone.now())


def test_the_agenda_takes_what_the_portal_proposes_once(
    sitting: dict[str, User], tc: Committee
) -> None:
    @agenda_proposer
    def qrr(committee: str, on):
        yield ProposedItem("qrr", "QRR FY2026-27-Q2", "Compiled by the PMA", "/qrr/1/", "qrr:1")

    try:
        meeting = services.meeting_schedule(
            actor=sitting["secretary"], committee=tc, starts_at=timezone.now(), venue="Room 1"
        )
        assert [(i.position, i.kind, i.ref) for i in meeting.items.all()] == [(1, "qrr", "qrr:1")]
        assert services.agenda_refresh(actor=sitting["secretary"], meeting=meeting) == 0
    finally:
        PROPOSERS.remove(qrr)


def test_members_comment_and_the_secretary_records(meeting: Meeting, sitting) -> None:
    item = services.agenda_item_add(
        actor=sitting["secretary"], meeting=meeting, title="Status of Milestone 1"
    )
    services.comment_add(actor=sitting["member"], item=item, text="Ask for the land allotment.")
    with pytest.raises(NotAllowed, match="member secretary"):
        services.decision_record(actor=sitting["member"], item=item, text="Noted.")
    decision = services.decision_record(actor=sitting["secretary"], item=item, text="Noted.")
    assert decision.recorded_by == sitting["secretary"]


def test_r_com_2_quorum_of_the_tc_is_five_seats_with_the_chair(meeting: Meeting, sitting) -> None:
    four = [sitting["chair"], sitting["secretary"], sitting["member"], sitting["a"]]
    meeting = services.attendance_record(actor=sitting["secretary"], meeting=meeting, present=four)
    assert (meeting.quorum_required, meeting.quorum_met) == (5, False)
    meeting = hold_quorum(meeting, sitting)
    assert (meeting.quorum_required, meeting.quorum_met) == (5, True)
    assert meeting.attendance.filter(present=True).count() == 5


def test_r_com_2_five_present_without_chair_or_secretary_is_no_quorum(
    meeting: Meeting, sitting, mhi: User, tc
) -> None:
    from committees.models import Seat

    extra = []
    for number in (3, 4, 5):
        u = make_user(email=f"m{number}@gov.in", role=Role.TC)
        services.seat_appoint(
            actor=mhi,
            seat=Seat.objects.get(committee=tc, number=number),
            holder=u,
            starts_on=today_ist() - timedelta(days=10),
        )
        extra.append(u)
    present = [sitting["member"], sitting["a"], sitting["b"], *extra]  # 6 of 10, no chair/MS
    meeting = services.attendance_record(
        actor=sitting["secretary"], meeting=meeting, present=present
    )
    assert meeting.quorum_met is False
    with pytest.raises(RuleViolation, match="only for a meeting with quorum"):
        services.minutes_confirm(actor=sitting["secretary"], meeting=meeting)


def test_attendance_only_of_seat_holders_and_experts(meeting: Meeting, sitting, mhi) -> None:
    with pytest.raises(ValidationFailed, match="seat holders"):
        services.attendance_record(actor=sitting["secretary"], meeting=meeting, present=[mhi])


def test_r_com_1_confirmed_minutes_cannot_be_edited_by_anyone(
    meeting: Meeting, sitting, mhi: User, private_files
) -> None:
    item = services.agenda_item_add(actor=mhi, meeting=meeting, title="Claims past target")
    hold_quorum(meeting, sitting)
    meeting.refresh_from_db()
    confirmed = services.minutes_confirm(actor=sitting["secretary"], meeting=meeting)
    assert confirmed.status == MeetingStatus.CONFIRMED
    assert confirmed.minutes_pdf is not None
    assert AuditEvent.objects.filter(action="meeting.minutes_confirmed").count() == 1
    for attempt in (
        lambda: services.comment_add(actor=sitting["member"], item=item, text="Late"),
        lambda: services.decision_record(actor=sitting["secretary"], item=item, text="Late"),
        lambda: services.agenda_item_add(actor=mhi, meeting=confirmed, title="Late"),
        lambda: services.attendance_record(
            actor=sitting["secretary"], meeting=confirmed, present=[]
        ),
        lambda: services.action_item_add(
            actor=sitting["secretary"],
            item=item,
            description="Late",
            owner=mhi,
            due_on=today_ist() + timedelta(days=5),
        ),
        lambda: services.minutes_confirm(actor=sitting["secretary"], meeting=confirmed),
    ):
        with pytest.raises(StateConflict, match="confirmed"):
            attempt()
    assert item.comments.count() == 0


def test_action_item_carries_into_the_next_agenda(
    meeting: Meeting, sitting, applicant: User, tc: Committee, mhi: User
) -> None:
    item = services.agenda_item_add(actor=mhi, meeting=meeting, title="Milestone 1 slipping")
    action = services.action_item_add(
        actor=sitting["secretary"],
        item=item,
        description="Submit the revised land allotment plan",
        owner=applicant,
        due_on=today_ist() + timedelta(days=30),
    )
    hold_quorum(meeting, sitting)
    meeting.refresh_from_db()
    services.minutes_confirm(actor=sitting["secretary"], meeting=meeting)

    following = services.meeting_schedule(
        actor=sitting["secretary"],
        committee=tc,
        starts_at=timezone.now() + timedelta(days=90),
        video_link="https://vc.gov.in/tc-review",
    )
    carried = following.items.get(ref=f"action:{action.pk}")
    assert carried.kind == "action_item"
    assert carried.title == "Open action: Submit the revised land allotment plan"

    # The owner closes it after the minutes are confirmed; it no longer carries.
    services.action_item_close(actor=applicant, action=action, note="Plan filed.")
    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    third = services.meeting_schedule(
        actor=sitting["secretary"],
        committee=tc,
        starts_at=timezone.now() + timedelta(days=180),
        venue="Room 2",
    )
    assert not third.items.filter(ref=f"action:{action.pk}").exists()


def test_an_open_action_shows_on_its_owners_home_page(meeting, sitting, applicant, rival) -> None:
    from committees.duties import committee_duties

    item = services.agenda_item_add(actor=sitting["secretary"], meeting=meeting, title="X")
    services.action_item_add(
        actor=sitting["secretary"],
        item=item,
        description="File the QRR for Q2",
        owner=applicant,
        due_on=today_ist() + timedelta(days=7),
    )
    assert [d.detail for d in committee_duties(applicant, today_ist())] == ["File the QRR for Q2"]
    assert list(committee_duties(rival, today_ist())) == []


def test_only_the_owner_secretary_or_mhi_closes_an_action(meeting, sitting, applicant, rival):
    item = services.agenda_item_add(actor=sitting["secretary"], meeting=meeting, title="X")
    action = services.action_item_add(
        actor=sitting["secretary"],
        item=item,
        description="Do it",
        owner=applicant,
        due_on=today_ist() + timedelta(days=7),
    )
    with pytest.raises(NotAllowed):
        services.action_item_close(actor=rival, action=action)
    services.action_item_close(actor=applicant, action=action)
    with pytest.raises(StateConflict, match="already closed"):
        services.action_item_close(actor=applicant, action=action)


def test_r_com_2_only_the_tc_co_opts(smc: Committee, mhi: User, ie: User) -> None:
    meeting = services.meeting_schedule(
        actor=mhi, committee=smc, starts_at=timezone.now(), venue="Udyog Bhawan"
    )
    with pytest.raises(RuleViolation, match="Only the Technical Committee co-opts"):
        services.expert_co_opt(actor=mhi, meeting=meeting, expert=ie, source="barc")
