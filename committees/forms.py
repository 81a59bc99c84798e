"""Forms of the committee and meeting pages; the services check everything again."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from repm_portal.accounts.models import Role, User

from .models import Committee, ExpertSource, Seat, SeatTerm


class AppointForm(forms.Form):
    seat = forms.ModelChoiceField(
        label=_("Seat"),
        queryset=Seat.objects.none(),
        help_text=_("The seat of the annexure the person is appointed to."),
    )
    holder = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.filter(
            is_active=True, role__in=[Role.TC, Role.SMC, Role.MHI, Role.PMA]
        ).order_by("full_name"),
        help_text=_("A staff account: a committee member, an MHI officer or the PMA."),
    )
    starts_on = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The first day the person holds the seat."),
    )
    ends_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day; leave empty for an open-ended term."),
    )
    order = forms.CharField(
        label=_("Order of appointment"),
        required=False,
        max_length=200,
        help_text=_("The office order or notification, e.g. MHI O.M. No. 12(06)/2024-PE-XI."),
    )

    def __init__(self, *args: object, committee: Committee, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        seat = self.fields["seat"]
        assert isinstance(seat, forms.ModelChoiceField)
        seat.queryset = committee.seats.all()


class RelieveForm(forms.Form):
    term = forms.ModelChoiceField(queryset=SeatTerm.objects.all(), widget=forms.HiddenInput)
    ends_on = forms.DateField(
        label=_("Last day"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "The last day the person holds the seat; from the next day they have no access."
        ),
    )


class MeetingForm(forms.Form):
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.all(),
        help_text=_("The TC reviews quarterly (§9.1), the SMC periodically (§8.1)."),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=200,
        help_text=_("Leave empty for “Technical Committee quarterly review – FY2026-27-Q2”."),
    )
    starts_at = forms.DateTimeField(
        label=_("Date and time (IST)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("When the meeting starts, Indian Standard Time."),
    )
    venue = forms.CharField(
        label=_("Venue"),
        required=False,
        max_length=200,
        help_text=_("e.g. Conference Room, Udyog Bhawan, New Delhi. A venue or a link is needed."),
    )
    video_link = forms.URLField(
        label=_("Video-conference link"),
        assume_scheme="https",
        required=False,
        help_text=_("https://… for members joining remotely."),
    )
    quarter = forms.CharField(
        label=_("Quarter reviewed"),
        required=False,
        max_length=12,
        help_text=_("Write it as FY2026-27-Q2 (July–September 2026)."),
    )


class ItemForm(forms.Form):
    title = forms.CharField(
        label=_("Item"), max_length=300, help_text=_("What the committee is to consider.")
    )
    detail = forms.CharField(
        label=_("Detail"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Background for the members (optional)."),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Members comment before and during the meeting, until the minutes."),
    )


class CoOptForm(forms.Form):
    expert = forms.ModelChoiceField(
        label=_("Expert"),
        queryset=User.objects.filter(is_active=True)
        .exclude(role__in=[Role.APPLICANT, Role.ADMIN])
        .order_by("full_name"),
        help_text=_("The expert's portal account; they see this meeting only (R-COM-2)."),
    )
    source = forms.ChoiceField(
        label=_("From"), choices=ExpertSource.choices, help_text=_("The expert's organisation.")
    )


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick everyone present; quorum is half the seats with the chair or the member secretary."
        ),
    )

    def __init__(self, *args: object, people: list[User], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        present = self.fields["present"]
        assert isinstance(present, forms.ModelMultipleChoiceField)
        present.queryset = User.objects.filter(pk__in=[p.pk for p in people])


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("Decision"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("As it will read in the minutes."),
    )
    addressed_to = forms.ModelChoiceField(
        label=_("Addressed to"),
        required=False,
        queryset=User.objects.filter(is_active=True).order_by("full_name"),
        help_text=_("A beneficiary or officer who must see this decision (optional)."),
    )


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Action"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What must be done."),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"),
        queryset=User.objects.filter(is_active=True).order_by("full_name"),
        help_text=_("Who does it; it shows on their home page until closed."),
    )
    due_on = forms.DateField(
        label=_("Due on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The day it must be done by."),
    )


class CloseActionForm(forms.Form):
    note = forms.CharField(
        label=_("How it was done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("A line for the committee's next meeting."),
    )
