"""The SMC and the TC, their seats and who holds them when, co-opted experts, and review
meetings with agenda, comments, attendance, decisions, action items and minutes (R-COM-1…3).

Once a meeting's minutes are confirmed nothing of the meeting changes: the services refuse
it, and on PostgreSQL a trigger (migration 0001_initial) refuses any UPDATE, INSERT or DELETE of
its rows — except an action item's status, which its owner closes later.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class CommitteeCode(models.TextChoices):
    SMC = "smc", _("Scheme Monitoring Committee")
    TC = "tc", _("Technical Committee")


class Designation(models.TextChoices):
    CHAIR = "chair", _("Chairman")
    MEMBER = "member", _("Member")
    MEMBER_SECRETARY = "member_secretary", _("Member Secretary")


class Committee(models.Model):
    """One of the scheme's two committees (§8.1 Annexure A, §9.1 Annexure B)."""

    code = models.CharField(_("code"), max_length=8, choices=CommitteeCode.choices, unique=True)
    name = models.CharField(_("name"), max_length=120)
    annexure = models.CharField(_("annexure"), max_length=4)

    class Meta:
        ordering = ["code"]
        verbose_name = _("committee")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("web:committee", args=[self.code])


class Seat(models.Model):
    """A seat of the annexure: its serial number, particulars and designation."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="seats")
    number = models.PositiveSmallIntegerField(_("serial number"))
    particulars = models.CharField(_("particulars"), max_length=200)
    designation = models.CharField(_("designation"), max_length=20, choices=Designation.choices)

    class Meta:
        ordering = ["committee", "number"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="seat_number_once"),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(designation="chair"),
                name="seat_one_chair",
            ),
            models.UniqueConstraint(
                fields=["committee"],
                condition=Q(designation="member_secretary"),
                name="seat_one_member_secretary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.get_code_display()} {self.number}. {self.particulars}"


class SeatTerm(models.Model):
    """A person holding a seat from a day to a day (inclusive; open-ended while ``ends_on`` is
    empty). Terms of one seat never overlap: an exclusion constraint on PostgreSQL, a service
    check under the seat's row lock elsewhere, and at most one open term per seat everywhere."""

    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="terms")
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="seat_terms"
    )
    starts_on = models.DateField(_("holds the seat from"))
    ends_on = models.DateField(_("holds the seat until"), null=True, blank=True)
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    order = models.CharField(
        _("order of appointment"),
        max_length=200,
        blank=True,
        help_text=_("The office order or notification appointing the person."),
    )

    class Meta:
        ordering = ["seat", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="seat_term_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["seat"], condition=Q(ends_on__isnull=True), name="seat_one_open_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat}: {self.holder.full_name}"

    def current_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CONFIRMED = "confirmed", _("Minutes confirmed")


class Meeting(models.Model):
    """A review meeting: the TC's quarterly review (§9.1) or the SMC's periodic review (§8.1)."""

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("date and time"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    video_link = models.URLField(_("video-conference link"), blank=True)
    quarter = models.CharField(
        _("quarter reviewed"),
        max_length=12,
        blank=True,
        help_text=_("The financial-year quarter under review, e.g. FY2026-27-Q2."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    scheduled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Filled when attendance is recorded; the quorum rule is committees.rules.quorum_met.
    quorum_required = models.PositiveSmallIntegerField(_("quorum required"), null=True)
    quorum_met = models.BooleanField(_("quorum met"), null=True)
    confirmed_at = models.DateTimeField(_("minutes confirmed at"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    minutes_pdf = models.ForeignKey(
        "documents.Document", on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["-starts_at", "-pk"]
        indexes = [models.Index(fields=["committee", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="scheduled", confirmed_at__isnull=True)
                | Q(status="confirmed", confirmed_at__isnull=False, quorum_met=True),
                name="meeting_confirmed_with_quorum",
            ),
            models.CheckConstraint(
                condition=~Q(venue="", video_link=""), name="meeting_has_venue_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("web:meeting", args=[self.pk])

    @property
    def confirmed(self) -> bool:
        return self.status == MeetingStatus.CONFIRMED


class ExpertSource(models.TextChoices):
    IREL = "irel", _("IREL (India) Ltd")
    DMRL = "dmrl", _("DMRL")
    BARC = "barc", _("BARC")
    NFTDC = "nftdc", _("NFTDC")
    BHEL = "bhel", _("BHEL")
    INDUSTRY = "industry", _("Industry")
    ACADEMIA = "academia", _("Academia")


class CoOption(models.Model):
    """An expert co-opted by the TC for one meeting only (R-COM-2): sees that meeting alone."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="co_options")
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="co_options"
    )
    source = models.CharField(_("from"), max_length=12, choices=ExpertSource.choices)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "expert"], name="co_opted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} ({self.source}) for {self.meeting}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    position = models.PositiveSmallIntegerField(_("item number"))
    kind = models.CharField(_("kind"), max_length=24, default="manual")
    title = models.CharField(_("title"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    ref = models.CharField(_("reference"), max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="item_position_once"),
            models.UniqueConstraint(
                fields=["meeting", "ref"], condition=~Q(ref=""), name="item_ref_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Comment(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Attendance(models.Model):
    """Who was present: a seat holder (``seat`` set) or a co-opted expert (``seat`` empty)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="+", null=True)
    present = models.BooleanField(_("present"))

    class Meta:
        ordering = ["meeting", "seat__number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once"),
            models.UniqueConstraint(
                fields=["meeting", "seat"],
                condition=Q(seat__isnull=False),
                name="seat_attends_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}: {'present' if self.present else 'absent'}"


class Decision(models.Model):
    """A decision on an agenda item. ``addressed_to`` (a beneficiary's user, say) may read it."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="decisions")
    text = models.TextField(_("decision"))
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="committee_decisions",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ActionItem(models.Model):
    """Something a person must do by a day, decided at a meeting. Open ones show on the owner's
    home page and carry into the committee's next agenda."""

    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_actions"
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    closing_note = models.TextField(_("how it was done"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="action_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]
