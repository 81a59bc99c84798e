"""Every write of the committees: seats, co-options, meetings, agenda, comments, attendance,
decisions, action items and confirmed minutes (R-COM-1…3, §8.1, §9.1). One transaction each,
audited; nothing of a meeting changes once its minutes are confirmed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from repm_portal.accounts.models import Role, User
from repm_portal.audit.services import audit_record
from repm_portal.documents.letters import letter_render, letter_store
from repm_portal.errors import NotAllowed, RuleViolation, StateConflict, ValidationFailed
from repm_portal.notifications.services import notify
from repm_portal.parameters.selectors import parameters_in_force
from repm_portal.periods import Quarter, today_ist

from . import rules, selectors
from .agenda import agenda_proposals
from .models import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Attendance,
    Comment,
    Committee,
    CommitteeCode,
    CoOption,
    Decision,
    Designation,
    ExpertSource,
    Meeting,
    MeetingStatus,
    Seat,
    SeatTerm,
)

QUORUM_KEY = "committee_quorum_fraction"

# Who may hold a seat: the committee's members, and the MHI officers and PMA staff the
# annexures seat ex officio (the chair, the member secretaries).
HOLDER_ROLES: dict[str, tuple[str, ...]] = {
    CommitteeCode.SMC: (Role.SMC, Role.MHI),
    CommitteeCode.TC: (Role.TC, Role.MHI, Role.PMA),
}


def _mhi(actor: User) -> None:
    if not actor.has_role(Role.MHI, Role.ADMIN):
        raise NotAllowed(_("Only MHI or the portal administrator appoints and relieves members."))


def _term_label(term: SeatTerm) -> dict[str, object]:
    return {
        "seat": f"{term.seat.committee.code}-{term.seat.number}",
        "holder": term.holder.email,
        "starts_on": term.starts_on,
        "ends_on": term.ends_on,
    }


# --- Seats (R-COM-1…3) --------------------------------------------------------------------


def seat_appoint(
    *,
    actor: User,
    seat: Seat,
    holder: User,
    starts_on: date,
    ends_on: date | None = None,
    order: str = "",
) -> SeatTerm:
    """MHI appoints ``holder`` to ``seat`` for a period; terms of a seat never overlap."""
    _mhi(actor)
    if not holder.is_active or holder.role not in HOLDER_ROLES[seat.committee.code]:
        raise ValidationFailed(
            _(
                "%(name)s cannot hold a %(committee)s seat: appoint an active user whose role is "
                "one of %(roles)s."
            )
            % {
                "name": holder.full_name,
                "committee": seat.committee.get_code_display(),
                "roles": ", ".join(str(Role(r).label) for r in HOLDER_ROLES[seat.committee.code]),
            },
            field="holder",
        )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationFailed(
            _("The term must end on or after the day it starts."), field="ends_on"
        )
    with transaction.atomic():
        Seat.objects.select_for_update().get(pk=seat.pk)  # one appointment to a seat at a time
        overlapping = SeatTerm.objects.filter(seat=seat, starts_on__lte=ends_on or date.max).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
        )
        current = overlapping.select_related("holder").first()
        if current is not None:
            raise StateConflict(
                _(
                    "%(name)s holds this seat from %(start)s%(until)s: relieve them first, or "
                    "start the new term after theirs ends."
                )
                % {
                    "name": current.holder.full_name,
                    "start": current.starts_on.strftime("%d %b %Y"),
                    "until": _(" until %(d)s") % {"d": current.ends_on.strftime("%d %b %Y")}
                    if current.ends_on
                    else "",
                }
            )
        other = (
            SeatTerm.objects.filter(
                holder=holder, seat__committee=seat.committee, starts_on__lte=ends_on or date.max
            )
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
            .exclude(seat=seat)
            .exists()
        )
        if other:
            raise ValidationFailed(
                _("%(name)s already holds another seat of this committee in that period.")
                % {"name": holder.full_name},
                field="holder",
            )
        try:
            with transaction.atomic():
                term = SeatTerm.objects.create(
                    seat=seat,
                    holder=holder,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    appointed_by=actor,
                    order=order.strip(),
                )
        except IntegrityError:  # the exclusion constraint, if a race got past the lock
            raise StateConflict(_("Another term of this seat overlaps that period.")) from None
        audit_record(actor=actor, action="seat.appointed", obj=term, after=_term_label(term))
        notify(
            [holder],
            title=_("You hold seat %(n)s of the %(committee)s from %(day)s")
            % {
                "n": seat.number,
                "committee": seat.committee.get_code_display(),
                "day": starts_on.strftime("%d %b %Y"),
            },
            url=reverse("web:committee", args=[seat.committee.code]),
        )
    return term


def seat_relieve(*, actor: User, term: SeatTerm, ends_on: date) -> SeatTerm:
    """End a term on ``ends_on`` (its last day). From the next day the person has no access
    the seat gave (R-COM-3); MHI is warned of tender rounds it leaves at their threshold."""
    _mhi(actor)
    with transaction.atomic():
        term = (
            SeatTerm.objects.select_for_update()
            .select_related("seat__committee", "holder")
            .get(pk=term.pk)
        )
        if ends_on < term.starts_on:
            raise ValidationFailed(
                _("The last day must be on or after the term's first day, %(d)s.")
                % {"d": term.starts_on.strftime("%d %b %Y")},
                field="ends_on",
            )
        if term.ends_on is not None and term.ends_on <= ends_on:
            raise StateConflict(
                _("This term already ends on %(d)s.") % {"d": term.ends_on.strftime("%d %b %Y")}
            )
        before = _term_label(term)
        term.ends_on = ends_on
        term.save(update_fields=["ends_on"])
        audit_record(
            actor=actor, action="seat.relieved", obj=term, before=before, after=_term_label(term)
        )
        if term.seat.committee.code == CommitteeCode.TC:
            roster_check(actor=actor, on=ends_on + timedelta(days=1))
    return term


def roster_check(*, actor: User | str, on: date | None = None) -> list[int]:
    """Notify MHI of each round not yet opened whose share holders still on the TC have fallen
    to its threshold M (R-BID-7). Returns the rounds' ids."""
    at_risk = selectors.rounds_at_risk(on)
    if at_risk:
        officers = User.objects.filter(role=Role.MHI, is_active=True)
        for round_ in at_risk:
            notify(
                officers,
                title=_("Tender round %(ref)s: key holders still on the TC %(n)s, threshold %(m)s")
                % {
                    "ref": round_.reference,
                    "n": round_.holders,  # type: ignore[attr-defined]
                    "m": round_.opening_quorum,
                },
                body=_(
                    "The financial bids open only with %(m)s key shares of members who hold a TC "
                    "seat. Appoint successors before the opening or re-constitute the round."
                )
                % {"m": round_.opening_quorum},
                url=reverse("web:round", args=[round_.pk]),
            )
        audit_record(
            actor=actor,
            action="roster.at_risk",
            object_type="bidding.tenderround",
            object_id=",".join(str(r.pk) for r in at_risk)[:64],
            after={"rounds": [r.reference for r in at_risk]},
        )
    return [r.pk for r in at_risk]


# --- Meetings and agenda (§8.1, §9.1) -----------------------------------------------------


def _unconfirmed(meeting: Meeting) -> Meeting:
    """The meeting locked for a change; refused once its minutes are confirmed."""
    locked = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if locked.status == MeetingStatus.CONFIRMED:
        raise StateConflict(
            _("The minutes of this meeting are confirmed: nothing of it can change.")
        )
    return locked


def _prepares(actor: User, committee: Committee) -> None:
    if not selectors.prepares(actor, committee):
        raise NotAllowed(
            _("Only MHI or the committee's member secretary (the PMA, for the TC) does this.")
        )


def _secretary(actor: User, meeting: Meeting) -> None:
    if not selectors.is_member_secretary(actor, meeting.committee):
        raise NotAllowed(
            _("Only the member secretary of the %(committee)s records this.")
            % {"committee": meeting.committee.get_code_display()}
        )


def _add_items(meeting: Meeting, proposals: Iterable[object], actor: User | None) -> int:
    existing = set(meeting.items.exclude(ref="").values_list("ref", flat=True))
    position = meeting.items.aggregate(m=Max("position"))["m"] or 0
    added = 0
    for p in proposals:
        ref = getattr(p, "ref", "")
        if ref in existing:
            continue
        position += 1
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            kind=getattr(p, "kind", "manual"),
            title=str(getattr(p, "title", ""))[:300],
            detail=str(getattr(p, "detail", "")),
            url=getattr(p, "url", "")[:300],
            ref=ref,
            added_by=actor,
        )
        existing.add(ref)
        added += 1
    return added


def meeting_schedule(
    *,
    actor: User,
    committee: Committee,
    starts_at: datetime,
    title: str = "",
    venue: str = "",
    video_link: str = "",
    quarter: str = "",
) -> Meeting:
    """Schedule a review meeting; the agenda starts with what the portal proposes."""
    _prepares(actor, committee)
    if not (venue.strip() or video_link.strip()):
        raise ValidationFailed(_("Give a venue or a video-conference link."), field="venue")
    if quarter:
        quarter = Quarter.parse(quarter).code
    if not title.strip():
        title = (
            _("%(committee)s quarterly review%(q)s")
            if committee.code == CommitteeCode.TC
            else _("%(committee)s periodic review%(q)s")
        ) % {
            "committee": committee.get_code_display(),
            "q": f" – {quarter}" if quarter else "",
        }
    proposals = agenda_proposals(committee.code, timezone.localtime(starts_at).date())
    with transaction.atomic():
        meeting = Meeting.objects.create(
            committee=committee,
            title=title.strip()[:200],
            starts_at=starts_at,
            venue=venue.strip(),
            video_link=video_link.strip(),
            quarter=quarter,
            scheduled_by=actor,
        )
        added = _add_items(meeting, proposals, None)
        audit_record(
            actor=actor,
            action="meeting.scheduled",
            obj=meeting,
            after={
                "committee": committee.code,
                "starts_at": starts_at,
                "quarter": quarter,
                "items_proposed": added,
            },
        )
        members = [t.holder for t in selectors.holders_on(committee, today_ist())]
        notify(
            members,
            title=_("%(title)s on %(day)s")
            % {"title": meeting.title, "day": timezone.localtime(starts_at).strftime("%d %b %Y")},
            url=meeting.get_absolute_url(),
        )
    return meeting


def agenda_refresh(*, actor: User, meeting: Meeting) -> int:
    """Add what the portal proposes now and the agenda lacks (a QRR compiled since, say)."""
    _prepares(actor, meeting.committee)
    proposals = agenda_proposals(
        meeting.committee.code, timezone.localtime(meeting.starts_at).date()
    )
    with transaction.atomic():
        meeting = _unconfirmed(meeting)
        added = _add_items(meeting, proposals, None)
        if added:
            audit_record(
                actor=actor, action="meeting.agenda_refreshed", obj=meeting, after={"added": added}
            )
    return added


def agenda_item_add(*, actor: User, meeting: Meeting, title: str, detail: str = "") -> AgendaItem:
    _prepares(actor, meeting.committee)
    if not title.strip():
        raise ValidationFailed(_("Give the item a title."), field="title")
    with transaction.atomic():
        meeting = _unconfirmed(meeting)
        position = (meeting.items.aggregate(m=Max("position"))["m"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            kind="manual",
            title=title.strip()[:300],
            detail=detail.strip(),
            added_by=actor,
        )
        audit_record(
            actor=actor, action="meeting.item_added", obj=item, after={"title": item.title}
        )
    return item


def expert_co_opt(*, actor: User, meeting: Meeting, expert: User, source: str) -> CoOption:
    """R-COM-2: the TC co-opts an expert for this meeting only."""
    _prepares(actor, meeting.committee)
    if meeting.committee.code != CommitteeCode.TC:
        raise RuleViolation(
            _("Only the Technical Committee co-opts experts (Annexure B)."), rule="R-COM-2"
        )
    if source not in ExpertSource.values:
        raise ValidationFailed(_("Choose where the expert comes from."), field="source")
    if not expert.is_active or expert.role in (Role.APPLICANT, Role.ADMIN):
        raise ValidationFailed(
            _("Co-opt an active expert's account, not an applicant's or the administrator's."),
            field="expert",
        )
    with transaction.atomic():
        meeting = _unconfirmed(meeting)
        if CoOption.objects.filter(meeting=meeting, expert=expert).exists():
            raise StateConflict(_("This expert is already co-opted for the meeting."))
        co = CoOption.objects.create(meeting=meeting, expert=expert, source=source, added_by=actor)
        audit_record(
            actor=actor,
            action="meeting.expert_co_opted",
            obj=meeting,
            after={"expert": expert.email, "from": source},
        )
        notify(
            [expert],
            title=_("You are co-opted for %(title)s") % {"title": meeting.title},
            url=meeting.get_absolute_url(),
        )
    return co


def comment_add(*, actor: User, item: AgendaItem, text: str) -> Comment:
    """Members comment on an item before and during the meeting, until the minutes."""
    meeting = item.meeting
    if not selectors.may_comment(actor, meeting):
        raise NotAllowed(_("Only the committee's members and co-opted experts comment here."))
    if not text.strip():
        raise ValidationFailed(_("Write the comment."), field="text")
    with transaction.atomic():
        _unconfirmed(meeting)
        comment = Comment.objects.create(item=item, author=actor, text=text.strip())
        audit_record(
            actor=actor,
            action="meeting.commented",
            obj=item,
            after={"comment": comment.pk, "text": comment.text[:200]},
        )
    return comment


def attendance_record(*, actor: User, meeting: Meeting, present: Iterable[User]) -> Meeting:
    """Who was present: every seat holder on the meeting's day is listed, present or absent,
    with the co-opted experts; the quorum follows from committees.rules."""
    _secretary(actor, meeting)
    day = timezone.localtime(meeting.starts_at).date()
    present_ids = {u.pk for u in present}
    with transaction.atomic():
        meeting = _unconfirmed(meeting)
        terms = selectors.holders_on(meeting.committee, day)
        experts = list(meeting.co_options.select_related("expert"))
        known = {t.holder_id for t in terms} | {c.expert_id for c in experts}
        strangers = present_ids - known
        if strangers:
            raise ValidationFailed(
                _("Only the seat holders on the meeting's day and its co-opted experts attend."),
                field="present",
            )
        Attendance.objects.filter(meeting=meeting).delete()
        Attendance.objects.bulk_create(
            [
                Attendance(
                    meeting=meeting,
                    person=t.holder,
                    seat=t.seat,
                    present=t.holder_id in present_ids,
                )
                for t in terms
            ]
            + [
                Attendance(meeting=meeting, person=c.expert, present=c.expert_id in present_ids)
                for c in experts
            ]
        )
        seats = meeting.committee.seats.count()
        fraction = parameters_in_force(day).decimal(QUORUM_KEY)
        here = [t for t in terms if t.holder_id in present_ids]
        meeting.quorum_required = rules.quorum_size(seats=seats, fraction=fraction)
        meeting.quorum_met = rules.quorum_met(
            seats=seats,
            present=len(here),
            chair_present=any(t.seat.designation == Designation.CHAIR for t in here),
            member_secretary_present=any(
                t.seat.designation == Designation.MEMBER_SECRETARY for t in here
            ),
            fraction=fraction,
        )
        meeting.save(update_fields=["quorum_required", "quorum_met"])
        audit_record(
            actor=actor,
            action="meeting.attendance_recorded",
            obj=meeting,
            after={
                "present": sorted(u.email for u in User.objects.filter(pk__in=present_ids)),
                "seats_present": len(here),
                "quorum_required": meeting.quorum_required,
                "quorum_met": meeting.quorum_met,
            },
        )
    return meeting


def decision_record(
    *, actor: User, item: AgendaItem, text: str, addressed_to: User | None = None
) -> Decision:
    _secretary(actor, item.meeting)
    if not text.strip():
        raise ValidationFailed(_("Write the decision."), field="text")
    with transaction.atomic():
        _unconfirmed(item.meeting)
        decision = Decision.objects.create(
            item=item, text=text.strip(), addressed_to=addressed_to, recorded_by=actor
        )
        audit_record(
            actor=actor,
            action="meeting.decision_recorded",
            obj=item,
            after={
                "decision": decision.pk,
                "text": decision.text[:200],
                "addressed_to": addressed_to.email if addressed_to else None,
            },
        )
    return decision


def action_item_add(
    *, actor: User, item: AgendaItem, description: str, owner: User, due_on: date
) -> ActionItem:
    _secretary(actor, item.meeting)
    if not description.strip():
        raise ValidationFailed(_("Say what must be done."), field="description")
    if not owner.is_active:
        raise ValidationFailed(_("The owner's account is not active."), field="owner")
    if due_on < timezone.localtime(item.meeting.starts_at).date():
        raise ValidationFailed(_("The due date cannot be before the meeting."), field="due_on")
    with transaction.atomic():
        _unconfirmed(item.meeting)
        action = ActionItem.objects.create(
            item=item,
            description=description.strip(),
            owner=owner,
            due_on=due_on,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="meeting.action_added",
            obj=action,
            after={"owner": owner.email, "due_on": due_on, "description": action.description},
        )
    return action


def action_item_close(*, actor: User, action: ActionItem, note: str = "") -> ActionItem:
    """The owner (or the member secretary, or MHI) closes an action item — after the minutes
    are confirmed too: its status is the one thing that still changes."""
    meeting = action.item.meeting
    if not (
        action.owner_id == actor.pk
        or selectors.is_member_secretary(actor, meeting.committee)
        or actor.has_role(Role.MHI)
    ):
        raise NotAllowed(_("Only the owner, the member secretary or MHI closes an action item."))
    with transaction.atomic():
        updated = ActionItem.objects.filter(pk=action.pk, status=ActionStatus.OPEN).update(
            status=ActionStatus.CLOSED,
            closed_at=timezone.now(),
            closed_by=actor,
            closing_note=note.strip(),
        )
        if updated != 1:
            raise StateConflict(_("This action item is already closed."))
        action.refresh_from_db()
        audit_record(
            actor=actor,
            action="meeting.action_closed",
            obj=action,
            before={"status": ActionStatus.OPEN},
            after={"status": ActionStatus.CLOSED, "note": action.closing_note},
        )
    return action


def minutes_confirm(*, actor: User, meeting: Meeting) -> Meeting:
    """The member secretary confirms the minutes (only with quorum); the minutes PDF is issued
    and from then on nothing of the meeting changes. Of two at once, exactly one confirms."""
    _secretary(actor, meeting)
    if meeting.status == MeetingStatus.CONFIRMED:
        raise StateConflict(_("The minutes are already confirmed."))
    if not meeting.quorum_met:
        raise RuleViolation(
            _(
                "The minutes can be confirmed only for a meeting with quorum: record the "
                "attendance first (half the seats, the chair or the member secretary present)."
            ),
            rule="R-COM-1",
        )
    issued_at = timezone.now()
    page = selectors.meeting_page(meeting)
    rendered = letter_render(  # slow (render and sign): before the transaction's locks
        "committees/minutes_pdf.html",
        {"meeting": page, "issued_at": issued_at, "confirmed_by": actor},
    )
    with transaction.atomic():
        locked = _unconfirmed(meeting)
        if not locked.quorum_met:
            raise StateConflict(_("The attendance changed: record it again with quorum."))
        document = letter_store(
            owner=actor,
            pdf=rendered.pdf,
            filename=f"minutes-{locked.committee.code}-{locked.pk}.pdf",
            title=_("Minutes: %(title)s") % {"title": locked.title},
            readers=(Role.MHI,),
            reference=rendered.reference,  # printed on them: /verify/ answers for them
            issued_at=issued_at,
        )
        updated = Meeting.objects.filter(pk=locked.pk, status=MeetingStatus.SCHEDULED).update(
            status=MeetingStatus.CONFIRMED,
            confirmed_at=issued_at,
            confirmed_by=actor,
            minutes_pdf=document,
        )
        if updated != 1:
            raise StateConflict(_("The minutes are already confirmed."))
        locked.refresh_from_db()
        audit_record(
            actor=actor,
            action="meeting.minutes_confirmed",
            obj=locked,
            before={"status": MeetingStatus.SCHEDULED},
            after={"status": MeetingStatus.CONFIRMED, "minutes_pdf": document.pk},
        )
        owners = User.objects.filter(
            Q(committee_actions__item__meeting=locked)
            | Q(committee_decisions__item__meeting=locked)
        ).distinct()
        notify(
            owners,
            title=_("Decisions and action items for you from %(title)s") % {"title": locked.title},
            url=reverse("web:my_actions"),
        )
    return locked
