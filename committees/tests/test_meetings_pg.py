"""On PostgreSQL: confirmed minutes are frozen by a trigger (not only by the services), terms
of a seat never overlap (an exclusion constraint), and two confirmations at once give one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from committees import services
from committees.models import ActionItem, AgendaItem, Comment, Meeting, SeatTerm
from repm_portal.audit.models import AuditEvent
from repm_portal.errors import StateConflict
from repm_portal.periods import today_ist
from tests.threads import run_together

from .fixtures import hold_quorum, make_user

pytestmark = pytest.mark.postgres


@pytest.fixture
def confirmed(meeting: Meeting, sitting, applicant, private_files):
    item = services.agenda_item_add(actor=sitting["secretary"], meeting=meeting, title="QRR")
    services.comment_add(actor=sitting["member"], item=item, text="Good progress.")
    action = services.action_item_add(
        actor=sitting["secretary"],
        item=item,
        description="File the revised DPR",
        owner=applicant,
        due_on=today_ist() + timedelta(days=20),
    )
    hold_quorum(meeting, sitting)
    meeting.refresh_from_db()
    services.minutes_confirm(actor=sitting["secretary"], meeting=meeting)
    return meeting, item, action


@pytest.mark.django_db
def test_r_com_1_confirmed_minutes_refuse_a_direct_orm_and_sql_update(confirmed) -> None:
    meeting, item, action = confirmed
    attempts = [
        lambda: Meeting.objects.filter(pk=meeting.pk).update(title="Rewritten"),
        lambda: Meeting.objects.filter(pk=meeting.pk).update(status="scheduled"),
        lambda: Comment.objects.filter(item=item).update(text="Rewritten"),
        lambda: Comment.objects.filter(item=item).delete(),
        lambda: AgendaItem.objects.filter(pk=item.pk).update(title="Rewritten"),
        lambda: AgendaItem.objects.create(meeting=meeting, position=99, title="Smuggled"),
        lambda: ActionItem.objects.filter(pk=action.pk).update(description="Rewritten"),
        lambda: meeting.attendance.update(present=False),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError, match="confirmed"), transaction.atomic():
            attempt()
    for sql, arg in (
        ("UPDATE committees_comment SET text = 'x' WHERE item_id = %s", item.pk),
        ("UPDATE committees_meeting SET venue = 'x' WHERE id = %s", meeting.pk),
        ("DELETE FROM committees_attendance WHERE meeting_id = %s", meeting.pk),
    ):
        with (
            pytest.raises(DatabaseError, match="confirmed"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [arg])
    meeting.refresh_from_db()
    assert (meeting.title, meeting.status) == (
        "Technical Committee quarterly review – FY2026-27-Q2",
        "confirmed",
    )
    # The owner still closes the action item: its status is the one thing that changes.
    services.action_item_close(actor=action.owner, action=action, note="Filed.")


@pytest.mark.django_db
def test_r_com_3_overlapping_terms_of_a_seat_are_refused_by_the_database(tc_member) -> None:
    term = SeatTerm.objects.get(holder=tc_member)
    other = make_user(email="overlap@gov.in", role="tc")
    SeatTerm.objects.filter(pk=term.pk).update(ends_on=today_ist() + timedelta(days=10))
    with pytest.raises(IntegrityError, match="seat_terms_never_overlap"), transaction.atomic():
        SeatTerm.objects.create(
            seat=term.seat,
            holder=other,
            starts_on=today_ist() + timedelta(days=5),
            ends_on=today_ist() + timedelta(days=50),
        )


@pytest.mark.django_db(transaction=True)
def test_two_confirmations_at_once_confirm_once(meeting: Meeting, sitting, private_files) -> None:
    services.agenda_item_add(actor=sitting["secretary"], meeting=meeting, title="QRR")
    hold_quorum(meeting, sitting)
    meeting.refresh_from_db()
    secretary = sitting["secretary"]
    results = run_together(
        lambda: services.minutes_confirm(actor=secretary, meeting=meeting),
        lambda: services.minutes_confirm(actor=secretary, meeting=meeting),
    )
    assert sum(isinstance(r, Meeting) for r in results) == 1
    assert sum(isinstance(r, StateConflict) for r in results) == 1
    assert AuditEvent.objects.filter(action="meeting.minutes_confirmed").count() == 1
