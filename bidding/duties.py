"""What the tender asks of each user next, for their home page."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from repm_portal.accounts.models import Role, User
from repm_portal.web.duties import Duty, duty_provider

from .models import (
    Beneficiary,
    BeneficiaryStatus,
    Bid,
    BidStatus,
    RoundSeat,
    RoundStatus,
    TenderRound,
)


def _url(name: str, pk: int) -> str:
    return reverse(name, args=[pk])


@duty_provider
def pbg_expiry_duties(user: User, today: date) -> Iterable[Duty]:
    """A guarantee nearing expiry, for its beneficiary and for MHI (R-BID-10; reminder days
    from the parameters in force, R-MS-4)."""
    from repm_portal.parameters.selectors import parameters_in_force

    from .models import PerformanceBankGuarantee

    if not user.has_role(Role.APPLICANT, Role.MHI):
        return
    horizon = max(parameters_in_force(today).days("milestone_reminder_days"))
    guarantees = (
        PerformanceBankGuarantee.objects.select_related("beneficiary__user")
        .filter(valid_until__lte=today + timedelta(days=horizon))
        .only("number", "valid_until", "beneficiary__user__organisation")
    )
    if user.has_role(Role.APPLICANT):
        guarantees = guarantees.filter(beneficiary__user=user)
    for g in guarantees:
        yield Duty(
            _("Guarantee %(number)s expires on %(day)s")
            % {"number": g.number, "day": g.valid_until.strftime("%d %b %Y")},
            _("%(org)s: extend or renew it before it lapses.")
            % {"org": g.beneficiary.user.organisation},
            _url("web:beneficiary", g.beneficiary_id),
            due=g.valid_until,
        )


@duty_provider
def tender_duties(user: User, today: date) -> Iterable[Duty]:
    if user.has_role(Role.APPLICANT):
        yield from _applicant(user)
    if user.has_role(Role.TC):
        yield from _tc(user, today)
    if user.has_role(Role.MHI):
        yield from _mhi(today)


def _applicant(user: User) -> Iterable[Duty]:
    live = Bid.objects.filter(round=OuterRef("pk"), applicant=user, status=BidStatus.SUBMITTED)
    for round_ in TenderRound.objects.filter(
        ~Exists(live), status=RoundStatus.PUBLISHED, submission_deadline__gt=timezone.now()
    ).only("reference", "submission_deadline"):
        yield Duty(
            _("Bid in %(ref)s") % {"ref": round_.reference},
            _("Submit your technical and financial bids before the deadline."),
            _url("web:round", round_.pk),
            due=timezone.localtime(round_.submission_deadline).date(),
        )
    for b in (
        Beneficiary.objects.filter(user=user)
        .exclude(status=BeneficiaryStatus.AWARDED)
        .only("status", "needs_spv", "spv_cin")
    ):
        if b.status == BeneficiaryStatus.LOI_ISSUED:
            yield Duty(
                _("Submit your Performance Bank Guarantee"),
                _("Required before the Letter of Award (R-BID-10)."),
                _url("web:beneficiary", b.pk),
            )
        if b.needs_spv and not b.spv_cin:
            yield Duty(
                _("Form and record your SPV"),
                _("Required before the Letter of Award (R-BID-3)."),
                _url("web:beneficiary", b.pk),
            )


def _tc(user: User, today: date) -> Iterable[Duty]:
    # One query for every round the member holds a seat in, its bids yet to evaluate counted.
    seats = (
        RoundSeat.objects.filter(member=user)
        .select_related("round")
        .only("ready_at", "round__reference", "round__status")
        .annotate(
            pending=Count(
                "round__bids",
                filter=Q(
                    round__bids__status=BidStatus.SUBMITTED, round__bids__qualified__isnull=True
                ),
            )
        )
        .order_by("-round__created_at")
    )
    for seat in seats:
        round_ = seat.round
        if round_.status == RoundStatus.DRAFT and not seat.ready_at:
            yield Duty(
                _("Set your passphrase for %(ref)s") % {"ref": round_.reference},
                _("Your share of the opening key is sealed to it."),
                _url("web:round", round_.pk),
            )
        elif round_.status == RoundStatus.CLOSED:
            pending = seat.pending
            yield Duty(
                _("Evaluate the technical bids of %(ref)s") % {"ref": round_.reference},
                ngettext(
                    "%(n)s bid is not evaluated yet.", "%(n)s bids are not evaluated yet.", pending
                )
                % {"n": pending},
                _url("web:round", round_.pk),
            )
        elif round_.status == RoundStatus.EVALUATED:
            yield Duty(
                _("Open the financial bids of %(ref)s") % {"ref": round_.reference},
                _("Meet the other members for the opening ceremony."),
                _url("web:round", round_.pk),
                due=today,
            )
        elif round_.status == RoundStatus.OPENED:
            yield Duty(
                _("Rank %(ref)s") % {"ref": round_.reference},
                _("Resolve any tie, then rank L1…L5."),
                _url("web:round", round_.pk),
            )


def _mhi(today: date) -> Iterable[Duty]:
    rounds = (
        TenderRound.objects.exclude(status=RoundStatus.AWARDED)
        .only("reference", "status", "submission_deadline")
        .annotate(
            unready=Exists(RoundSeat.objects.filter(round=OuterRef("pk"), ready_at__isnull=True))
        )
    )
    for round_ in rounds:
        if round_.status == RoundStatus.DRAFT and not round_.unready:
            yield Duty(
                _("Publish %(ref)s") % {"ref": round_.reference},
                _("Every TC member has set a passphrase."),
                _url("web:round", round_.pk),
            )
        elif round_.status == RoundStatus.PUBLISHED and round_.submission_deadline < timezone.now():
            yield Duty(
                _("Close %(ref)s") % {"ref": round_.reference},
                _("The submission deadline has passed."),
                _url("web:round", round_.pk),
                due=timezone.localtime(round_.submission_deadline).date(),
            )
        elif round_.status == RoundStatus.RANKED:
            yield Duty(
                _("Issue the Letters of Intent of %(ref)s") % {"ref": round_.reference},
                _("The round is ranked."),
                _url("web:round", round_.pk),
            )
    for b in (
        Beneficiary.objects.filter(status=BeneficiaryStatus.PBG_RECEIVED)
        .select_related("user")
        .only("user__organisation")
    ):
        yield Duty(
            _("Issue the Letter of Award to %(org)s") % {"org": b.user.organisation},
            _("Its guarantee is in."),
            _url("web:beneficiary", b.pk),
        )
