"""Committee and meeting pages: thin, over the same services as the API (R-COM-1…3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from repm_portal.accounts.models import Role, User
from repm_portal.errors import DomainError
from repm_portal.exports import export_response
from repm_portal.page_cache import cached_page
from repm_portal.periods import today_ist
from repm_portal.web.forms import add_domain_error, signed_in_user

from . import selectors, services
from .forms import (
    ActionForm,
    AppointForm,
    AttendanceForm,
    CloseActionForm,
    CommentForm,
    CoOptForm,
    DecisionForm,
    ItemForm,
    MeetingForm,
    RelieveForm,
)
from .models import Committee, CommitteeCode, Meeting, MeetingStatus


def _reads_committees(user: User) -> None:
    if not selectors.committees_read_by(user):
        raise Http404


@login_required
def committee_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    _reads_committees(user)
    return render(
        request,
        "committees/committee_list.html",
        {
            "committees": selectors.committees_with_holders(),
            "today": today_ist(),
            "mine": selectors.seats_held(user),
            # A committee's page is linked only for who may open it (R-ACL-3, R-COM-3).
            "readable": selectors.committees_read_by(user)
            | (set(CommitteeCode.values) if user.has_role(Role.PMA) else set()),
        },
    )


@login_required
def committee_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = signed_in_user(request)
    committee = selectors.committee_for(user, code)
    can_appoint = user.has_role(Role.MHI, Role.ADMIN)
    appoint = AppointForm(committee=committee)
    relieve = RelieveForm()
    if request.method == "POST":
        if not can_appoint:
            raise Http404
        step = request.POST.get("form")
        form: Form
        try:
            if step == "appoint":
                form = appoint = AppointForm(request.POST, committee=committee)
                if form.is_valid():
                    services.seat_appoint(actor=user, **form.cleaned_data)
                    messages.success(request, _("Appointment recorded."))
                    return redirect("web:committee", code)
            elif step == "relieve":
                form = relieve = RelieveForm(request.POST)
                if form.is_valid():
                    term = form.cleaned_data["term"]
                    if term.seat.committee_id != committee.pk:
                        raise Http404
                    services.seat_relieve(
                        actor=user, term=term, ends_on=form.cleaned_data["ends_on"]
                    )
                    messages.success(request, _("The member is relieved."))
                    return redirect("web:committee", code)
        except DomainError as error:
            add_domain_error(appoint if step == "appoint" else relieve, error)
            messages.error(request, error.message)
    return render(
        request,
        "committees/committee_detail.html",
        {
            "committee": committee,
            "seats": selectors.seat_history(committee),
            "today": today_ist(),
            "can_appoint": can_appoint,
            "appoint_form": appoint,
            "relieve_form": relieve,
        },
    )


@login_required
@cached_page
def meeting_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in_user(request)
    if not selectors.reads_any_meeting(user):
        raise PermissionDenied
    meetings = selectors.meetings_of(user)
    committee = request.GET.get("committee", "")
    if committee in CommitteeCode.values:
        meetings = meetings.filter(committee__code=committee)
    status = request.GET.get("status", "")
    if status in MeetingStatus.values:
        meetings = meetings.filter(status=status)
    export = export_response(
        request,
        "meetings",
        ["id", "committee", "title", "starts_at", "quarter", "status", "quorum_met"],
        (
            [
                m.pk,
                m.committee.get_code_display(),
                m.title,
                timezone.localtime(m.starts_at).strftime("%Y-%m-%d %H:%M"),
                m.quarter,
                m.get_status_display(),
                m.quorum_met,
            ]
            for m in meetings
        ),
    )
    if export is not None:
        return export
    # Who prepares a committee's meetings follows from its code and the user's own seats: the
    # committees' holders (two more queries) are not read here.
    preparable = [c for c in Committee.objects.all() if selectors.prepares(user, c)]
    form = MeetingForm()
    if request.method == "POST":
        form = MeetingForm(request.POST)
        if form.is_valid():
            if not selectors.prepares(user, form.cleaned_data["committee"]):
                form.add_error("committee", _("You do not prepare this committee's meetings."))
            else:
                try:
                    meeting = services.meeting_schedule(actor=user, **form.cleaned_data)
                    messages.success(request, _("Meeting scheduled with the proposed agenda."))
                    return redirect(meeting.get_absolute_url())
                except DomainError as error:
                    add_domain_error(form, error)
    if preparable:
        committee_field = form.fields["committee"]
        committee_field.queryset = committee_field.queryset.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in preparable]
        )
    return render(
        request,
        "committees/meeting_list.html",
        {
            "meetings": meetings,
            "committee": committee,
            "status": status,
            "committees": CommitteeCode.choices,
            "statuses": MeetingStatus.choices,
            "form": form if preparable else None,
        },
    )


# The meeting page's forms by name; those of ITEM_STEPS belong to one agenda item.
ITEM_STEPS = ("comment", "decision", "action")
STEPS: dict[str, Any] = {
    "item": ItemForm,
    "comment": CommentForm,
    "co_opt": CoOptForm,
    "decision": DecisionForm,
    "action": ActionForm,
}


def _step_save(
    user: User, meeting: Meeting, step: str, data: dict[str, Any], item_key: str
) -> None:
    """Saves a valid form of the meeting page: an agenda item, an expert co-opted, or a comment,
    decision or action on one of the meeting's items."""
    if step == "item":
        services.agenda_item_add(actor=user, meeting=meeting, **data)
    elif step == "co_opt":
        services.expert_co_opt(actor=user, meeting=meeting, **data)
    else:
        item = selectors.item_for(user, item_key)
        if item.meeting_id != meeting.pk:
            raise Http404
        service: Any = {
            "comment": services.comment_add,
            "decision": services.decision_record,
            "action": services.action_item_add,
        }[step]
        service(actor=user, item=item, **data)


def _items_prepare(
    page: Meeting, user: User, forms: dict[str, Form], error_step: str, error_item: str
) -> None:
    """Gives each agenda item of the page its link and its own forms: the one that failed, if it
    was this item's, else blank ones."""
    reads_qrr = user.has_role(Role.PMA, Role.MHI, Role.TC, Role.SMC)  # R-ACL-3, as /qrr/ does
    for item in page.items.all():
        # A link only for someone who may follow it: the QRR's page is for its readers alone.
        item.link = item.url if item.kind != "qrr" or reads_qrr else ""  # type: ignore[attr-defined]
        item.forms = {  # type: ignore[attr-defined]
            step: forms[step]
            if error_step == step and error_item == str(item.pk)
            else STEPS[step](auto_id=f"{step}-{item.pk}-%s")
            for step in ITEM_STEPS
        }


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    meeting = selectors.meeting_for(user, pk)
    day = timezone.localtime(meeting.starts_at).date()
    terms = selectors.holders_on(meeting.committee, day)
    experts = [c.expert for c in meeting.co_options.select_related("expert")]
    people = [t.holder for t in terms] + experts
    step = request.POST.get("form", "")
    error_step, error_item = "", ""
    forms: dict[str, Form] = {}
    if request.method == "POST":
        try:
            if step == "attendance":
                form: Form = AttendanceForm(request.POST, people=people)
                forms[step] = form
                if form.is_valid():
                    services.attendance_record(
                        actor=user, meeting=meeting, present=form.cleaned_data["present"]
                    )
                    messages.success(request, _("Attendance recorded."))
                    return redirect(meeting.get_absolute_url())
            elif step == "confirm":
                services.minutes_confirm(actor=user, meeting=meeting)
                messages.success(request, _("Minutes confirmed and issued."))
                return redirect(meeting.get_absolute_url())
            elif step == "refresh":
                added = services.agenda_refresh(actor=user, meeting=meeting)
                messages.success(request, _("%(n)s items added.") % {"n": added})
                return redirect(meeting.get_absolute_url())
            elif step in STEPS:
                # Per-item forms get ids of their own: a page holds one form per item.
                item_id = request.POST.get("item", "")
                auto_id = f"{step}-{item_id}-%s" if step in ITEM_STEPS else "id_%s"
                form = forms[step] = STEPS[step](request.POST, auto_id=auto_id)
                if form.is_valid():
                    _step_save(user, meeting, step, form.cleaned_data, request.POST.get("item", ""))
                    messages.success(request, _("Saved."))
                    return redirect(meeting.get_absolute_url())
                error_step, error_item = step, request.POST.get("item", "")
        except DomainError as error:
            error_step, error_item = step, request.POST.get("item", "")
            if step in forms:
                add_domain_error(forms[step], error)
            messages.error(request, error.message)
    page = selectors.meeting_page(meeting)
    _items_prepare(page, user, forms, error_step, error_item)
    is_secretary = selectors.is_member_secretary(user, meeting.committee)
    open_ = page.status == MeetingStatus.SCHEDULED
    return render(
        request,
        "committees/meeting_detail.html",
        {
            "meeting": page,
            "open": open_,
            "is_secretary": is_secretary and open_,
            "prepares": selectors.prepares(user, meeting.committee) and open_,
            "may_comment": open_ and selectors.may_comment(user, meeting),
            "attendance_form": forms.get("attendance")
            or AttendanceForm(
                people=people,
                initial={"present": [a.person_id for a in page.attendance.all() if a.present]},
            ),
            "item_form": forms.get("item") or ItemForm(),
            "co_opt_form": forms.get("co_opt") or CoOptForm(),
            "error_step": error_step,
            "error_item": error_item,
            "error_form": forms.get(error_step),
            "terms": terms,
        },
    )


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> FileResponse:
    user = signed_in_user(request)
    meeting = selectors.meeting_for(user, pk)
    if meeting.minutes_pdf is None:
        raise Http404
    return FileResponse(
        meeting.minutes_pdf.file.open("rb"),
        content_type="application/pdf",
        filename=f"minutes-{meeting.committee.code}-{meeting.pk}.pdf",
    )


@login_required
@cached_page
def my_actions(request: HttpRequest) -> HttpResponseBase:
    """The action items and decisions addressed to the user — all a beneficiary sees of a
    meeting (R-ACL-1)."""
    user = signed_in_user(request)
    actions = selectors.actions_of(user)
    if request.method == "POST":
        form = CloseActionForm(request.POST)
        if form.is_valid():
            try:
                action = selectors.action_for(user, request.POST.get("action", ""))
                services.action_item_close(
                    actor=user, action=action, note=form.cleaned_data["note"]
                )
                messages.success(request, _("Action item closed."))
                return redirect("web:my_actions")
            except DomainError as error:
                messages.error(request, error.message)
    export = export_response(
        request,
        "action-items",
        ["id", "meeting", "action", "due_on", "status"],
        (
            [a.pk, a.item.meeting.title, a.description, a.due_on, a.get_status_display()]
            for a in actions
        ),
    )
    if export is not None:
        return export
    return render(
        request,
        "committees/my_actions.html",
        {
            "actions": actions,
            "decisions": selectors.decisions_addressed_to(user),
            "close_form": CloseActionForm(),
            "today": today_ist(),
        },
    )
