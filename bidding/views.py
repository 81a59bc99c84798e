"""Tender pages: thin views over the same services as the API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from repm_portal.accounts.models import Role, User
from repm_portal.accounts.roles import require_role
from repm_portal.errors import DomainError, NotFound, ValidationFailed
from repm_portal.exports import export_response
from repm_portal.page_cache import cached_page
from repm_portal.web.forms import add_domain_error, signed_in_user

from . import sealing, selectors, services
from .forms import (
    AwardForm,
    BidForm,
    EvaluationForm,
    MemberFormSet,
    PassphraseForm,
    PBGForm,
    ProfileForm,
    RoundForm,
    SPVForm,
    TieForm,
)
from .models import Bid, BidStatus, RoundStatus
from .rules import MemberShare


def _done(request: HttpRequest, message: str, to: str, *args: Any) -> HttpResponse:
    messages.success(request, message)
    return redirect(to, *args)


@login_required
@cached_page
def round_list(request: HttpRequest) -> HttpResponseBase:
    rounds = selectors.rounds_visible_to(signed_in_user(request)).order_by("-submission_deadline")
    status = request.GET.get("status", "")
    if status in RoundStatus.values:
        rounds = rounds.filter(status=status)
    export = export_response(
        request,
        "tender-rounds",
        ["reference", "title", "status", "deadline", "published_at"],
        (
            [
                r.reference,
                r.title,
                r.get_status_display(),
                r.submission_deadline.isoformat(),
                r.published_at,
            ]
            for r in rounds
        ),
    )
    if export is not None:
        return export
    return render(
        request,
        "bidding/round_list.html",
        {"rounds": rounds, "status": status, "statuses": RoundStatus.choices},
    )


@login_required
def round_create(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    # Refused before the form renders: it lists the TC members' names and e-mail addresses.
    require_role(user, Role.MHI, message=_("Only an MHI officer creates tender rounds."))
    form = RoundForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _done(
                request,
                _("Round created. Each TC member now sets a passphrase."),
                "web:round",
                round_.pk,
            )
    return render(request, "bidding/round_form.html", {"form": form})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    round_ = selectors.round_for(user, pk)
    seat = round_.seats.filter(member=user).first()
    bids = selectors.bids_visible_to(user).filter(round=round_).order_by("rank", "submitted_at")
    live = bids.filter(status=BidStatus.SUBMITTED)
    my_bid = live.filter(applicant=user).first() if user.has_role(Role.APPLICANT) else None
    return render(
        request,
        "bidding/round_detail.html",
        {
            "round": round_,
            "seat": seat,
            "bids": live,
            "my_bid": my_bid,
            "is_seated": seat is not None,
            "is_mhi": user.has_role(Role.MHI),
            # An applicant sees the selected beneficiaries but opens only its own (R-ACL-1).
            "may_see_beneficiaries": user.has_role(*selectors.STAFF_SEEING_BENEFICIARIES),
            "passphrase_form": PassphraseForm(),
            "evaluation_form": EvaluationForm(),
            "tie_form": TieForm(),
            "seats": round_.seats.select_related("member"),
            "beneficiaries": round_.beneficiaries.select_related("user"),
            "ties": round_.ties.all(),
            "timeline": selectors.round_timeline(round_),
        },
    )


def _round_action(request: HttpRequest, pk: int, run: Any, message: str) -> HttpResponse:
    user = signed_in_user(request)
    round_ = selectors.round_for(user, pk)
    try:
        run(user, round_)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, message)
    return redirect("web:round", round_.pk)


def _round_step(service: Any, message: Any) -> Any:
    """A page action that runs one round service and reports back on the round's page."""

    @require_POST
    @login_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _round_action(request, pk, lambda u, r: service(actor=u, round_=r), message)

    return view


round_publish = _round_step(
    services.round_publish, gettext_lazy("Published: applicants can bid until the deadline.")
)
round_close = _round_step(
    services.round_close, gettext_lazy("Closed: the TC can evaluate the technical bids.")
)
round_rank = _round_step(
    services.round_rank, gettext_lazy("Ranked: L1…L5 and their entitlements are recorded.")
)
round_issue_lois = _round_step(services.lois_issue, gettext_lazy("Letters of Intent issued."))


@sensitive_post_parameters("passphrase", "passphrase_again")
@require_POST
@login_required
def seat_passphrase(request: HttpRequest, pk: int) -> HttpResponse:
    form = PassphraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("web:round", pk)
    return _round_action(
        request,
        pk,
        lambda u, r: services.seat_set_passphrase(
            actor=u, round_=r, passphrase=form.cleaned_data["passphrase"]
        ),
        _("Your passphrase is set. Remember it: you will type it at the opening."),
    )


@sensitive_post_parameters()
@require_POST
@login_required
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The opening ceremony: each member present types their passphrase on this one form."""
    user = signed_in_user(request)
    round_ = selectors.round_for(user, pk)
    presented = [
        (seat.member, request.POST.get(f"passphrase_{seat.member_id}", ""))
        for seat in round_.seats.select_related("member")
    ]
    return _round_action(
        request,
        pk,
        lambda u, r: services.round_open(
            actor=u, round_=r, presented=[(m, p) for m, p in presented if p]
        ),
        _("The financial bids are opened and every receipt checked."),
    )


@require_POST
@login_required
def round_tie(request: HttpRequest, pk: int) -> HttpResponse:
    form = TieForm(request.POST)
    user = signed_in_user(request)
    round_ = selectors.round_for(user, pk)

    def run(u: User, r: Any) -> None:
        if not form.is_valid():
            raise ValidationFailed(_("Give the bids in order and how the tie was resolved."))
        references = [x.strip() for x in form.cleaned_data["bid_order"].split(",") if x.strip()]
        by_ref = dict(r.bids.filter(reference__in=references).values_list("reference", "pk"))
        if len(by_ref) != len(references):
            raise ValidationFailed(_("Use the bid references shown in the table."))
        services.tie_resolve(
            actor=u,
            round_=r,
            bid_order=[by_ref[x] for x in references],
            method=form.cleaned_data["method"],
        )

    return _round_action(request, round_.pk, run, _("Tie resolution recorded."))


@require_POST
@login_required
def bid_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    bid = selectors.bid_for(user, pk)
    form = EvaluationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose qualified or not, and give the reasons."))
    else:
        try:
            services.bid_evaluate(actor=user, bid=bid, **form.cleaned_data)
            messages.success(request, _("Evaluation of %(ref)s recorded.") % {"ref": bid.reference})
        except DomainError as error:
            messages.error(request, error.message)
    return redirect("web:round", bid.round_id)


@login_required
@cached_page
def profile_edit(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if not user.has_role(Role.APPLICANT):
        raise NotFound(_("Only applicants keep an applicant profile."))
    profile = selectors.profile_of(user)
    initial = {}
    members_initial: list[dict[str, Any]] = []
    if profile:
        initial = {
            f: getattr(profile, f)
            for f in (
                "name",
                "entity_type",
                "country",
                "cin",
                "pan",
                "gstin",
                "net_worth",
                "net_worth_as_of",
                "net_worth_certificate",
            )
        }
        members_initial = [
            {
                "name": m.name,
                "country": m.country,
                "shareholding_pct": m.shareholding_pct,
                "is_lead": m.is_lead,
            }
            for m in profile.members.all()
        ]
    form = ProfileForm(request.POST or None, user=user, initial=initial)
    members = MemberFormSet(request.POST or None, initial=members_initial, prefix="members")
    if request.method == "POST" and form.is_valid() and members.is_valid():
        shares = [
            MemberShare(m["name"], m["shareholding_pct"], m.get("is_lead", False), m["country"])
            for m in members.cleaned_data
            if m and not m.get("DELETE")
        ]
        try:
            services.profile_save(actor=user, members=shares, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _done(request, _("Profile saved."), "web:profile")
    return render(
        request, "bidding/profile.html", {"form": form, "members": members, "profile": profile}
    )


@sensitive_post_parameters("amount")
@login_required
def bid_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    # Refused before the form renders: only applicants bid (R-ACL-1).
    require_role(user, Role.APPLICANT, message=_("Only an applicant bids."))
    round_ = selectors.round_for(user, pk)
    current = Bid.objects.filter(round=round_, applicant=user, status=BidStatus.SUBMITTED).first()
    form = BidForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            if current:
                bid = services.bid_replace(actor=user, bid=current, **form.cleaned_data)
            else:
                bid = services.bid_submit(actor=user, round_=round_, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return _done(
                request, _("Your bid is sealed. Keep the receipt below."), "web:bid", bid.pk
            )
    return render(
        request, "bidding/bid_form.html", {"form": form, "round": round_, "current": current}
    )


@login_required
def bid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    bid = selectors.bid_for(user, pk)
    return render(
        request,
        "bidding/bid_detail.html",
        {
            "bid": bid,
            "is_owner": bid.applicant_id == user.pk,
            "timeline": selectors.bid_timeline(bid),
        },
    )


@require_POST
@login_required
def bid_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    bid = selectors.bid_for(user, pk)
    try:
        services.bid_withdraw(actor=user, bid=bid)
        messages.success(
            request, _("Your bid is withdrawn. You may bid again before the deadline.")
        )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:bid", bid.pk)


@login_required
def beneficiary_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    beneficiary = selectors.beneficiary_for(user, pk)
    forms: dict[str, Form] = {"pbg": PBGForm(user=user), "spv": SPVForm(), "award": AwardForm()}
    if request.method == "POST":
        which = request.POST.get("form", "")
        try:
            form: Form
            if which == "pbg":
                form = forms["pbg"] = PBGForm(request.POST, user=user)
                if form.is_valid():
                    services.pbg_submit(actor=user, beneficiary=beneficiary, **form.cleaned_data)
                    return _done(request, _("Guarantee recorded."), "web:beneficiary", pk)
            elif which == "spv":
                form = forms["spv"] = SPVForm(request.POST)
                if form.is_valid():
                    services.spv_record(actor=user, beneficiary=beneficiary, **form.cleaned_data)
                    return _done(request, _("SPV recorded."), "web:beneficiary", pk)
            elif which == "award":
                form = forms["award"] = AwardForm(request.POST)
                if form.is_valid():
                    services.loa_issue(actor=user, beneficiary=beneficiary, **form.cleaned_data)
                    return _done(request, _("Letter of Award issued."), "web:beneficiary", pk)
        except DomainError as error:
            add_domain_error(forms[which], error)
    return render(
        request,
        "bidding/beneficiary_detail.html",
        {
            "b": beneficiary,
            "forms": forms,
            "is_owner": beneficiary.user_id == user.pk,
            "is_mhi": user.has_role(Role.MHI),
        },
    )


def receipt_check(request: HttpRequest) -> HttpResponse:
    """Public: anyone checks a receipt; after the opening it shows what rebuilds it."""
    receipt = request.GET.get("receipt", "").strip()
    found = recomputed = error = None
    if receipt:
        try:
            found = selectors.bid_by_receipt(receipt)
        except DomainError as exc:
            error = exc.message
        if found is not None and found.opened_amount is not None:
            recomputed = sealing.receipt_of(found.reference, found.opened_amount, found.opened_salt)
    return render(
        request,
        "bidding/receipt.html",
        {"receipt": receipt, "bid": found, "recomputed": recomputed, "error": error},
    )
