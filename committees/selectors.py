"""Reads for seats and meetings: who holds what today, and who sees which meeting (R-ACL-1/3).

- MHI and the administrator read every meeting.
- A person holding a seat today reads the meetings of that committee; the PMA prepares the
  TC's meetings and reads them too.
- A co-opted expert reads the one meeting it was co-opted for, nothing else (R-COM-2).
- A beneficiary (or anyone) reads the decisions and action items addressed to it, not the rest.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from bidding.models import RoundSeat, RoundStatus, TenderRound
from repm_portal.accounts.models import Role, User
from repm_portal.accounts.seating import seated_users
from repm_portal.periods import today_ist

from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Comment,
    Committee,
    CommitteeCode,
    Decision,
    Designation,
    Meeting,
    MeetingStatus,
    Seat,
    SeatTerm,
)

READS_ALL = (Role.MHI, Role.ADMIN)


def current_terms(on: date) -> QuerySet[SeatTerm]:
    return SeatTerm.objects.filter(starts_on__lte=on).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=on)
    )


def seats_held(user: User, on: date | None = None) -> list[Seat]:
    """The seats ``user`` holds on ``on`` (today), kept on the instance for the request."""
    if not (user.is_authenticated and user.is_active):
        return []
    on = on or today_ist()
    cache: dict[date, list[Seat]] = user.__dict__.setdefault("_committee_seats", {})
    if on not in cache:
        cache[on] = [
            term.seat
            for term in current_terms(on).filter(holder=user).select_related("seat__committee")
        ]
    return cache[on]


def committee_codes_of(user: User, on: date | None = None) -> set[str]:
    return {seat.committee.code for seat in seats_held(user, on)}


def designation_in(user: User, committee: Committee, on: date | None = None) -> str | None:
    for seat in seats_held(user, on):
        if seat.committee_id == committee.pk:
            return seat.designation
    return None


def is_member_secretary(user: User, committee: Committee, on: date | None = None) -> bool:
    return designation_in(user, committee, on) == Designation.MEMBER_SECRETARY


def prepares(user: User, committee: Committee) -> bool:
    """Schedules meetings and adds agenda items: MHI, the member secretary, and the PMA for the
    TC (its member secretary is the PMA, §10.1.iii)."""
    return (
        user.has_role(*READS_ALL)
        or is_member_secretary(user, committee)
        or (committee.code == CommitteeCode.TC and user.has_role(Role.PMA))
    )


def committees_read_by(user: User) -> set[str]:
    if user.has_role(*READS_ALL):
        return set(CommitteeCode.values)
    codes = committee_codes_of(user)
    if user.has_role(Role.PMA):
        codes.add(CommitteeCode.TC)
    return codes


def meetings_of(user: User) -> QuerySet[Meeting]:
    rows = Meeting.objects.select_related("committee", "minutes_pdf")
    if not (user.is_authenticated and user.is_active):
        return rows.none()
    codes = committees_read_by(user)
    if codes == set(CommitteeCode.values):
        return rows
    return rows.filter(Q(committee__code__in=codes) | Q(co_options__expert=user)).distinct()


def reads_any_meeting(user: User) -> bool:
    """A committee's reader today, or an expert co-opted for some meeting; others are refused."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(committees_read_by(user)) or user.co_options.exists()


def meeting_for(user: User, pk: int | str) -> Meeting:
    meeting = meetings_of(user).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


def meeting_page(meeting: Meeting) -> Meeting:
    """The meeting with everything its page shows, in a fixed number of queries."""
    return (
        Meeting.objects.select_related("committee", "scheduled_by", "confirmed_by", "minutes_pdf")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=AgendaItem.objects.prefetch_related(
                    Prefetch("comments", queryset=Comment.objects.select_related("author")),
                    Prefetch("decisions", queryset=Decision.objects.select_related("addressed_to")),
                    Prefetch("actions", queryset=ActionItem.objects.select_related("owner")),
                ),
            ),
            Prefetch(
                "attendance",
                queryset=Attendance.objects.select_related("person", "seat"),
            ),
            "co_options__expert",
        )
        .get(pk=meeting.pk)
    )


def is_co_opted(user: User, meeting: Meeting) -> bool:
    return meeting.co_options.filter(expert=user).exists()


def may_comment(user: User, meeting: Meeting) -> bool:
    """Members of the committee today, its preparers, and the meeting's co-opted experts."""
    return (
        meeting.committee.code in committee_codes_of(user)
        or prepares(user, meeting.committee)
        or is_co_opted(user, meeting)
    )


def committees_with_holders(on: date | None = None) -> QuerySet[Committee]:
    on = on or today_ist()
    return Committee.objects.prefetch_related(
        Prefetch(
            "seats",
            queryset=Seat.objects.prefetch_related(
                Prefetch(
                    "terms",
                    queryset=current_terms(on).select_related("holder"),
                    to_attr="current",
                )
            ),
        )
    )


def committee_for(user: User, code: str) -> Committee:
    if code not in committees_read_by(user) and not user.has_role(Role.PMA):
        raise Http404
    committee = Committee.objects.filter(code=code).first()
    if committee is None:
        raise Http404
    return committee


def seat_history(committee: Committee) -> QuerySet[Seat]:
    return committee.seats.prefetch_related(
        Prefetch(
            "terms",
            queryset=SeatTerm.objects.select_related("holder").order_by("-starts_on"),
        )
    )


def holders_on(committee: Committee, on: date) -> list[SeatTerm]:
    return list(
        current_terms(on)
        .filter(seat__committee=committee)
        .select_related("seat", "holder")
        .order_by("seat__number")
    )


def actions_of(user: User) -> QuerySet[ActionItem]:
    """The action items owned by ``user`` (what a beneficiary sees of a meeting)."""
    return ActionItem.objects.filter(owner=user).select_related("item__meeting__committee")


def decisions_addressed_to(user: User) -> QuerySet[Decision]:
    return Decision.objects.filter(addressed_to=user).select_related("item__meeting__committee")


def _id(pk: int | str) -> int:
    """A row id from a URL or a form; anything else is not found (never a server error)."""
    if isinstance(pk, int) or (isinstance(pk, str) and pk.isdigit()):
        return int(pk)
    raise Http404


def action_for(user: User, pk: int | str) -> ActionItem:
    """An action item its owner, or a reader of its meeting, may see."""
    pk = _id(pk)
    action = (
        ActionItem.objects.select_related("item__meeting__committee", "owner").filter(pk=pk).first()
    )
    if action is None or not (
        action.owner_id == user.pk or meetings_of(user).filter(pk=action.item.meeting_id).exists()
    ):
        raise Http404
    return action


def item_for(user: User, pk: int | str) -> AgendaItem:
    pk = _id(pk)
    item = AgendaItem.objects.select_related("meeting__committee").filter(pk=pk).first()
    if item is None or not meetings_of(user).filter(pk=item.meeting_id).exists():
        raise Http404
    return item


def open_actions(committee_code: str, before: date) -> QuerySet[ActionItem]:
    return ActionItem.objects.filter(
        status=ActionStatus.OPEN,
        item__meeting__committee__code=committee_code,
        item__meeting__starts_at__date__lt=before,
    ).select_related("owner", "item__meeting")


def unconfirmed_past_meetings(user: User, now_day: date) -> list[Meeting]:
    """Meetings held (their day passed) whose minutes the user, as member secretary, confirms."""
    committees = [
        s.committee_id for s in seats_held(user) if s.designation == Designation.MEMBER_SECRETARY
    ]
    if not committees:
        return []
    return list(
        Meeting.objects.filter(
            committee_id__in=committees,
            status=MeetingStatus.SCHEDULED,
            starts_at__date__lte=now_day,
        ).select_related("committee")
    )


# --- The tender roster (R-COM-2, R-BID-7) ---------------------------------------------------

NOT_YET_OPENED = (
    RoundStatus.DRAFT,
    RoundStatus.PUBLISHED,
    RoundStatus.CLOSED,
    RoundStatus.EVALUATED,
)


def rounds_at_risk(on: date | None = None) -> list[TenderRound]:
    """Rounds not yet opened whose share holders still on the TC today are no more than the
    opening threshold M: one more departure and the financial bids cannot be opened."""
    seated = seated_users(Role.TC, on).values("pk")
    return list(
        TenderRound.objects.filter(status__in=NOT_YET_OPENED)
        .annotate(
            holders=Count(
                "seats",
                filter=Q(seats__member__in=seated),
            )
        )
        .filter(holders__lte=F("opening_quorum"))
        .order_by("submission_deadline")
    )


def rounds_held_by(user: User) -> QuerySet[TenderRound]:
    return TenderRound.objects.filter(
        Exists(RoundSeat.objects.filter(round=OuterRef("pk"), member=user)),
        status__in=NOT_YET_OPENED,
    )
