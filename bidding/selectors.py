"""Who sees which rounds, bids and beneficiaries (R-ACL-1, R-ACL-3)."""

from __future__ import annotations

from datetime import date

from django.db.models import Min, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from repm_portal.accounts.models import Role, User
from repm_portal.errors import NotFound
from repm_portal.parameters.selectors import parameters_in_force
from repm_portal.periods import today_ist
from repm_portal.term import SchemeTerm, round_starts_provider, term_from

from .models import ApplicantProfile, Beneficiary, Bid, RoundStatus, TenderRound

STAFF_SEEING_BIDS = (Role.MHI, Role.TC, Role.PMA, Role.ADMIN)
STAFF_SEEING_BENEFICIARIES = (Role.MHI, Role.TC, Role.PMA, Role.SMC, Role.ADMIN)


def rounds_visible_to(user: User) -> QuerySet[TenderRound]:
    """Published rounds for everyone signed in; drafts for MHI and the TC members seated."""
    rounds = TenderRound.objects.prefetch_related("seats__member", "rfp_documents")
    if user.has_role(Role.MHI, Role.ADMIN):
        return rounds
    if user.has_role(Role.TC):
        return rounds.filter(~Q(status=RoundStatus.DRAFT) | Q(seats__member=user)).distinct()
    return rounds.exclude(status=RoundStatus.DRAFT)


def round_for(user: User, pk: str | int) -> TenderRound:
    try:
        return rounds_visible_to(user).get(pk=pk)
    except (TenderRound.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such tender round.")) from None


def bids_visible_to(user: User) -> QuerySet[Bid]:
    """An applicant's own bids; all bids for MHI, the TC, the PMA and administrators."""
    bids = Bid.objects.select_related("round", "applicant", "dpr")
    if user.has_role(*STAFF_SEEING_BIDS):
        return bids
    if user.has_role(Role.APPLICANT):
        return bids.filter(applicant=user)
    return bids.none()


def bid_for(user: User, pk: str | int) -> Bid:
    try:
        return bids_visible_to(user).get(pk=pk)
    except (Bid.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such bid.")) from None


def beneficiaries_visible_to(user: User) -> QuerySet[Beneficiary]:
    rows = Beneficiary.objects.select_related(
        "round", "bid", "user", "loi_document", "loa_document"
    )
    if user.has_role(*STAFF_SEEING_BENEFICIARIES):
        return rows
    if user.has_role(Role.APPLICANT):
        return rows.filter(user=user)
    return rows.none()


def beneficiary_for(user: User, pk: str | int) -> Beneficiary:
    try:
        return beneficiaries_visible_to(user).get(pk=pk)
    except (Beneficiary.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such beneficiary.")) from None


# --- The scheme's term (R-PARAM-2, R-SLI-2) -------------------------------------------------


def first_loa_of_round(round_id: int) -> date | None:
    return Beneficiary.objects.filter(round_id=round_id, loa_date__isnull=False).aggregate(
        first=Min("loa_date")
    )["first"]


def scheme_term_of(beneficiary: Beneficiary, *, on: date | None = None) -> SchemeTerm | None:
    """R-PARAM-2: the term of the beneficiary's round by the parameters in force ``on``
    (today): None before any Letter of Award of the round, unless MHI set the start date."""
    params = parameters_in_force(on or today_ist())
    first_loa = first_loa_of_round(beneficiary.round_id) or params.date("scheme_start_date")
    return None if first_loa is None else term_from(params, first_loa=first_loa)


@round_starts_provider
def first_loa_by_round_title() -> dict[str, date]:
    """Each awarded round (by its reference and title) → its first Letter of Award."""
    rows = (
        Beneficiary.objects.filter(loa_date__isnull=False)
        .values("round__reference", "round__title")
        .annotate(first=Min("loa_date"))
    )
    return {f"{r['round__reference']} — {r['round__title']}": r["first"] for r in rows}


def profile_of(user: User) -> ApplicantProfile | None:
    return ApplicantProfile.objects.prefetch_related("members").filter(user=user).first()


def bid_by_receipt(receipt: str) -> Bid:
    try:
        return Bid.objects.select_related("round").get(receipt=receipt.strip().lower())
    except Bid.DoesNotExist:
        raise NotFound(_("No sealed bid has this receipt.")) from None


# --- Timelines (the applicant's view of its bid; R-ACL-4 events, labelled) ------------------

TIMELINE_LABELS = {
    "round.published": gettext_lazy("The round was published"),
    "round.closed": gettext_lazy("The submission deadline passed; the round closed"),
    "round.evaluated": gettext_lazy("Every technical bid was evaluated"),
    "round.opened": gettext_lazy("The financial bids were opened"),
    "round.tie_resolved": gettext_lazy("The TC resolved a tie"),
    "round.ranked": gettext_lazy("The round was ranked"),
    "round.lois_issued": gettext_lazy("Letters of Intent were issued"),
    "round.awarded": gettext_lazy("Every Letter of Award was issued"),
    "bid.submitted": gettext_lazy("Bid submitted and sealed"),
    "bid.replaced": gettext_lazy("Bid replaced by a new one"),
    "bid.withdrawn": gettext_lazy("Bid withdrawn"),
    "bid.evaluated": gettext_lazy("Technical evaluation recorded"),
    "loi.issued": gettext_lazy("Letter of Intent issued"),
    "pbg.submitted": gettext_lazy("Performance Bank Guarantee submitted"),
    "spv.recorded": gettext_lazy("SPV recorded"),
    "loa.issued": gettext_lazy("Letter of Award issued"),
}


def _timeline(query: Q) -> list[dict[str, object]]:
    from repm_portal.audit.models import AuditEvent

    events = AuditEvent.objects.filter(query, action__in=list(TIMELINE_LABELS)).order_by("seq")
    return [{"at": e.at, "label": TIMELINE_LABELS[e.action], "action": e.action} for e in events]


def round_timeline(round_: TenderRound) -> list[dict[str, object]]:
    return _timeline(Q(object_type="bidding.tenderround", object_id=str(round_.pk)))


def bid_timeline(bid: Bid) -> list[dict[str, object]]:
    query = Q(object_type="bidding.tenderround", object_id=str(bid.round_id)) | Q(
        object_type="bidding.bid", object_id=str(bid.pk)
    )
    beneficiary = Beneficiary.objects.filter(bid=bid).first()
    if beneficiary:
        query |= Q(object_type="bidding.beneficiary", object_id=str(beneficiary.pk))
    return _timeline(query)
