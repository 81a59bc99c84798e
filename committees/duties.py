"""Home-page items of the committees: action items until closed (their owners), minutes to
confirm (the member secretary), meetings coming up (members), and tender rounds whose key
holders on the TC have fallen to the threshold M (MHI)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from repm_portal.accounts.models import Role, User
from repm_portal.web.duties import Duty, duty_provider

from . import selectors
from .models import ActionStatus, Meeting, MeetingStatus

UPCOMING_DAYS = 30  # how far ahead the home page lists meetings (a display choice)


@duty_provider
def committee_duties(user: User, today: date) -> Iterable[Duty]:
    for action in (
        selectors.actions_of(user)
        .filter(status=ActionStatus.OPEN)
        .select_related(None)
        .select_related("item__meeting")
        .only("description", "due_on", "item__meeting__title")
    ):
        yield Duty(
            _("Action from %(meeting)s") % {"meeting": action.item.meeting.title},
            action.description,
            reverse("web:my_actions"),
            due=action.due_on,
        )
    for meeting in selectors.unconfirmed_past_meetings(user, today):
        yield Duty(
            _("Confirm the minutes of %(title)s") % {"title": meeting.title},
            _("Record the attendance, decisions and action items, then confirm."),
            meeting.get_absolute_url(),
            due=timezone.localtime(meeting.starts_at).date(),
        )
    codes = selectors.committee_codes_of(user)
    if codes:
        for meeting in Meeting.objects.filter(
            committee__code__in=codes,
            status=MeetingStatus.SCHEDULED,
            starts_at__date__gte=today,
            starts_at__date__lte=today + timedelta(days=UPCOMING_DAYS),
        ).only("title", "starts_at"):
            yield Duty(
                meeting.title,
                _("Read the agenda and comment on its items before the meeting."),
                meeting.get_absolute_url(),
                due=timezone.localtime(meeting.starts_at).date(),
            )
    if user.has_role(Role.MHI):
        for round_ in selectors.rounds_at_risk(today):
            yield Duty(
                _("Round %(ref)s: key holders still on the TC %(n)s, threshold %(m)s")
                % {
                    "ref": round_.reference,
                    "n": round_.holders,  # type: ignore[attr-defined]
                    "m": round_.opening_quorum,
                },
                _("Appoint TC members before the opening: departed members cannot open bids."),
                reverse("web:round", args=[round_.pk]),
            )
