"""Every write of the tender: one transaction each, audited (R-BID-1…12, R-ACL-3, R-ACL-4).

A financial bid's amount exists in plaintext only inside ``bid_submit``/``bid_replace`` (until
it is sealed) and after ``round_open``; it is never logged, audited or returned before that.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from repm_portal import hooks
from repm_portal.accounts.models import Role, User
from repm_portal.accounts.roles import require_role
from repm_portal.audit.services import audit_record
from repm_portal.documents.letters import Draft, LetterStale, letters_issue
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.services import documents_share_with_roles
from repm_portal.errors import NotAllowed, RuleViolation, StateConflict, ValidationFailed
from repm_portal.lifecycle import transition
from repm_portal.middleware import received_at
from repm_portal.money import crore, format_crore
from repm_portal.notifications.services import notify
from repm_portal.parameters.selectors import parameters_in_force, parameters_of_version
from repm_portal.parameters.values import SchemeParameters
from repm_portal.periods import today_ist

from . import rules, sealing
from .letters import beneficiary_draft, beneficiary_letter_store
from .models import (
    ApplicantProfile,
    Beneficiary,
    BeneficiaryStatus,
    Bid,
    BidStatus,
    Member,
    OpeningRecord,
    PerformanceBankGuarantee,
    RoundSeat,
    RoundStatus,
    TenderRound,
    TieResolution,
)
from .validators import validate_cin, validate_gstin, validate_pan, validate_pan_matches_gstin

# Who reads a round's RFP once it is published (every signed-in role), and a bid's DPR.
RFP_READERS: tuple[str, ...] = tuple(Role.values)
DPR_READERS: tuple[str, ...] = (Role.TC, Role.PMA, Role.MHI)

MIN_PASSPHRASE = 12


def _stored(value: bytes | memoryview | None) -> bytes:
    """A binary column's value as bytes (keys and shares are set before they are read)."""
    if value is None:
        raise StateConflict(_("The round's keys are not set up: publish the round first."))
    return bytes(value)


def _round_params(round_: TenderRound) -> SchemeParameters:
    """The parameter version the round was published under: the RFP's terms (R-PARAM-1)."""
    if round_.parameter_version_id is None:
        raise StateConflict(_("The round is not published."))
    return parameters_of_version(round_.parameter_version_id)


def _locked_round(round_: TenderRound) -> TenderRound:
    return TenderRound.objects.select_for_update().get(pk=round_.pk)


# --- Rounds ------------------------------------------------------------------------------------


def round_create(
    *,
    actor: User,
    reference: str,
    title: str,
    submission_deadline: datetime,
    opening_quorum: int,
    tc_members: Sequence[User],
    description: str = "",
    rfp_documents: Sequence[Document] = (),
) -> TenderRound:
    require_role(actor, Role.MHI, message=_("Only an MHI officer creates tender rounds."))
    if submission_deadline <= timezone.now():
        raise ValidationFailed(
            _("The submission deadline must be in the future."), field="submission_deadline"
        )
    members = list(dict.fromkeys(tc_members))
    # The roster: members who hold a TC seat today (has_role asks the committees, R-COM-3).
    outside = [m.full_name for m in members if not m.has_role(Role.TC)]
    if outside:
        raise ValidationFailed(
            _("Assign only members who hold a Technical Committee seat today; %(names)s do not.")
            % {"names": ", ".join(outside)},
            field="tc_members",
        )
    if any(d.owner_id != actor.pk for d in rfp_documents):
        # As the page offers: only the caller's own documents, never another user's private one.
        raise ValidationFailed(
            _("Attach as RFP documents only documents you uploaded."), field="rfp_documents"
        )
    if not 1 <= opening_quorum <= len(members):
        raise ValidationFailed(
            _("The opening quorum must be between 1 and the %(n)s TC members assigned.")
            % {"n": len(members)},
            field="opening_quorum",
        )
    with transaction.atomic():
        if TenderRound.objects.filter(reference=reference.strip()).exists():
            raise ValidationFailed(_("A round with this RFP reference exists."), field="reference")
        round_ = TenderRound.objects.create(
            reference=reference.strip(),
            title=title.strip(),
            description=description,
            submission_deadline=submission_deadline,
            opening_quorum=opening_quorum,
            created_by=actor,
        )
        round_.rfp_documents.set(rfp_documents)
        # Who sees the draft reads its RFP: MHI and the TC (R-ACL-3); all, once published.
        documents_share_with_roles(rfp_documents, (Role.MHI, Role.TC), actor=actor)
        RoundSeat.objects.bulk_create(RoundSeat(round=round_, member=m) for m in members)
        audit_record(
            actor=actor,
            action="round.created",
            obj=round_,
            after={
                "reference": round_.reference,
                "deadline": submission_deadline,
                "quorum": opening_quorum,
                "tc_members": [m.email for m in members],
            },
        )
    return round_


def seat_set_passphrase(*, actor: User, round_: TenderRound, passphrase: str) -> RoundSeat:
    """A TC member's custody key for their share; only its public half is kept."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ValidationFailed(
            _(
                "Choose a passphrase of at least %(n)s characters; you will type it at the "
                "opening, and no one can recover it for you."
            )
            % {"n": MIN_PASSPHRASE},
            field="passphrase",
        )
    with transaction.atomic():
        round_ = _locked_round(round_)
        seat = RoundSeat.objects.filter(round=round_, member=actor).first()
        if seat is None:
            raise NotAllowed(_("You are not assigned to this round."))
        if round_.status != RoundStatus.DRAFT:
            raise StateConflict(_("Passphrases are set before the round is published."))
        salt = os.urandom(sealing.CUSTODY_SALT_BYTES)
        seat.custody_salt = salt
        seat.custody_public_key = sealing.custody_public_key(passphrase, salt)
        seat.ready_at = timezone.now()
        seat.save(update_fields=["custody_salt", "custody_public_key", "ready_at"])
        audit_record(
            actor=actor, action="round.seat_ready", obj=round_, after={"member": actor.email}
        )
    return seat


def round_publish(*, actor: User, round_: TenderRound) -> TenderRound:
    """Generate the round's key, hand its shares to the seats, open the round for bids."""
    require_role(actor, Role.MHI, message=_("Only an MHI officer publishes a round."))
    with transaction.atomic():
        round_ = _locked_round(round_)
        seats = list(round_.seats.select_related("member"))
        waiting = [s.member.full_name for s in seats if not s.custody_public_key]
        if waiting:
            raise StateConflict(
                _("These TC members have not set their passphrase yet: %(names)s.")
                % {"names": ", ".join(waiting)}
            )
        if round_.submission_deadline <= timezone.now():
            raise StateConflict(_("The deadline has passed; set a new one before publishing."))
        keys = sealing.round_keys()
        shares = sealing.split_key(
            keys.private, threshold=round_.opening_quorum, holders=len(seats)
        )
        for seat, (index, share) in zip(seats, shares, strict=True):
            seat.share_index = index
            seat.sealed_share = sealing.seal_share(
                index, share, custody_public=_stored(seat.custody_public_key)
            )
            seat.save(update_fields=["share_index", "sealed_share"])
        TenderRound.objects.filter(pk=round_.pk).update(public_key=keys.public)
        del keys, shares  # the private key now exists only as the sealed shares
        transition(
            round_,
            allowed_from=[RoundStatus.DRAFT],
            to=RoundStatus.PUBLISHED,
            actor=actor,
            action="round.published",
            also={
                "published_at": timezone.now(),
                "parameter_version_id": parameters_in_force(today_ist()).version_id,
            },
        )
        # The RFP is public to every signed-in user, applicants first (R-ACL-1…3).
        documents_share_with_roles(round_.rfp_documents.all(), RFP_READERS, actor=actor)
        notify(
            User.objects.filter(role=Role.APPLICANT, is_active=True),
            title=_("New tender: %(ref)s") % {"ref": round_.reference},
            body=_("%(title)s. Bids close on %(when)s IST.")
            % {
                "title": round_.title,
                "when": timezone.localtime(round_.submission_deadline).strftime("%d %b %Y %H:%M"),
            },
            url=reverse("web:round", args=[round_.pk]),
        )
    round_.refresh_from_db()
    return round_


def round_close(*, actor: User, round_: TenderRound) -> TenderRound:
    """After the deadline no bid changes (R-BID-7); the technical evaluation can start."""
    require_role(
        actor, Role.MHI, Role.TC, Role.ADMIN, message=_("Only MHI or the TC closes a round.")
    )
    with transaction.atomic():
        round_ = _locked_round(round_)
        if timezone.now() <= round_.submission_deadline:
            raise StateConflict(
                _("The round closes after its deadline, %(when)s.")
                % {
                    "when": timezone.localtime(round_.submission_deadline).strftime(
                        "%d %b %Y %H:%M IST"
                    )
                }
            )
        transition(
            round_,
            allowed_from=[RoundStatus.PUBLISHED],
            to=RoundStatus.CLOSED,
            actor=actor,
            action="round.closed",
        )
        notify(
            [s.member for s in round_.seats.select_related("member")],
            title=_("Evaluate the technical bids of %(ref)s") % {"ref": round_.reference},
            url=reverse("web:round", args=[round_.pk]),
        )
    return round_


# --- Applicant profile ---------------------------------------------------------------------


def profile_save(
    *,
    actor: User,
    name: str,
    entity_type: str,
    country: str,
    cin: str,
    pan: str,
    gstin: str,
    net_worth: Decimal,
    net_worth_as_of: date,
    net_worth_certificate: Document | None,
    members: Sequence[rules.MemberShare],
) -> ApplicantProfile:
    """Create or update the applicant's profile and members (R-BID-1, R-BID-2, R-BID-3)."""
    require_role(actor, Role.APPLICANT, message=_("Only applicants keep an applicant profile."))
    rules.check_members(parameters_in_force(today_ist()), entity_type, members)
    indian = country.upper() == "IN"
    if indian:
        if entity_type == rules.EntityType.COMPANY and not cin:
            raise ValidationFailed(_("An Indian company gives its CIN."), field="cin")
        cin = validate_cin(cin) if cin else ""
        pan = validate_pan(pan)
        gstin = validate_gstin(gstin) if gstin else ""
        if gstin:
            validate_pan_matches_gstin(pan, gstin)
    if net_worth <= 0:
        raise ValidationFailed(_("Enter the certified net worth in rupees."), field="net_worth")
    if net_worth_certificate is not None and (
        net_worth_certificate.owner_id != actor.pk
        or net_worth_certificate.kind != DocumentKind.CERTIFICATE
    ):
        raise ValidationFailed(
            _("Choose a certificate you uploaded."), field="net_worth_certificate"
        )
    with transaction.atomic():
        profile, created = ApplicantProfile.objects.select_for_update().get_or_create(
            user=actor,
            defaults={
                "name": name,
                "entity_type": entity_type,
                "net_worth": net_worth,
                "net_worth_as_of": net_worth_as_of,
            },
        )
        before = (
            None
            if created
            else {
                "name": profile.name,
                "entity_type": profile.entity_type,
                "net_worth": profile.net_worth,
            }
        )
        for attr, value in {
            "name": name.strip(),
            "entity_type": entity_type,
            "country": country.upper(),
            "cin": cin,
            "pan": pan,
            "gstin": gstin,
            "net_worth": net_worth,
            "net_worth_as_of": net_worth_as_of,
            "net_worth_certificate": net_worth_certificate,
        }.items():
            setattr(profile, attr, value)
        profile.save()
        profile.members.all().delete()
        Member.objects.bulk_create(
            Member(
                profile=profile,
                name=m.name,
                shareholding_pct=m.shareholding_pct,
                is_lead=m.is_lead,
                country=m.country.upper(),
            )
            for m in members
        )
        audit_record(
            actor=actor,
            action="profile.saved",
            obj=profile,
            before=before,
            after={
                "name": profile.name,
                "entity_type": entity_type,
                "net_worth": net_worth,
                "members": [(m.name, m.shareholding_pct, m.is_lead, m.country) for m in members],
            },
        )
    return profile


def member_shares(profile: ApplicantProfile) -> list[rules.MemberShare]:
    return [
        rules.MemberShare(m.name, m.shareholding_pct, m.is_lead, m.country)
        for m in profile.members.all()
    ]


# --- Bids (R-BID-4…7) ----------------------------------------------------------------------


def _in_time(round_: TenderRound, at: datetime) -> bool:
    """R-BID-7: a bid's time is the moment its request reached the portal (``received_at``,
    read once): a request that arrived by the deadline is in time however long it then waits
    for the round's lock or the sealing, and one that arrived after it is not."""
    return round_.status == RoundStatus.PUBLISHED and at <= round_.submission_deadline


def _check_bid(
    actor: User,
    round_: TenderRound,
    capacity_mtpa: int,
    dpr: Document,
    amount: Decimal,
    at: datetime,
) -> tuple[ApplicantProfile, int]:
    if not _in_time(round_, at):
        raise StateConflict(
            _("This round is not open for bids: its deadline has passed or it is not published.")
        )
    profile = ApplicantProfile.objects.filter(user=actor).first()
    if profile is None:
        raise ValidationFailed(
            _("Complete your applicant profile (entity, members, net worth) before bidding.")
        )
    rules.check_members(_round_params(round_), profile.entity_type, member_shares(profile))
    params = _round_params(round_)
    rules.check_capacity(params, capacity_mtpa)
    rules.check_net_worth(params, capacity_mtpa, profile.net_worth)
    rules.check_quote(params, amount)
    if dpr.owner_id != actor.pk or dpr.kind != DocumentKind.DPR:
        raise ValidationFailed(
            _("Choose a Detailed Project Report (PDF) you uploaded."), field="dpr"
        )
    return profile, params.version_id


def _seal_and_create(
    actor: User,
    round_: TenderRound,
    capacity_mtpa: int,
    dpr: Document,
    amount: Decimal,
    profile: ApplicantProfile,
    version: int,
    at: datetime,
) -> Bid:
    reference = f"{round_.reference}/{secrets.token_hex(5).upper()}"
    ciphertext, receipt = sealing.seal_bid(
        amount, reference=reference, round_public=_stored(round_.public_key)
    )
    try:
        with transaction.atomic():
            bid = Bid.objects.create(
                reference=reference,
                round=round_,
                applicant=actor,
                capacity_mtpa=capacity_mtpa,
                dpr=dpr,
                net_worth=profile.net_worth,
                parameter_version_id=version,
                submitted_at=at,
                sealed_amount=ciphertext,
                receipt=receipt,
            )
    except IntegrityError:
        raise StateConflict(
            _("You already have a live bid in this round: replace or withdraw it.")
        ) from None
    # The TC evaluates the DPR, the PMA compiles and MHI decides (R-ACL-2/3): they read it.
    documents_share_with_roles([dpr], DPR_READERS, actor=actor)
    # The audit keeps the receipt, never the amount.
    audit_record(
        actor=actor,
        action="bid.submitted",
        obj=bid,
        after={"capacity_mtpa": capacity_mtpa, "dpr": dpr.pk, "receipt": receipt},
    )
    notify(
        [actor],
        title=_("Bid %(ref)s sealed") % {"ref": reference},
        body=_("Your receipt: %(receipt)s. Keep it to check the opened amount later.")
        % {"receipt": receipt},
        url=reverse("web:bid", args=[bid.pk]),
    )
    return bid


def bid_submit(
    *, actor: User, round_: TenderRound, capacity_mtpa: int, dpr: Document, amount: Decimal
) -> Bid:
    require_role(actor, Role.APPLICANT, message=_("Only applicants submit bids."))
    at = received_at()
    with transaction.atomic():
        round_ = TenderRound.objects.select_for_update().get(pk=round_.pk)  # serialise with close
        profile, version = _check_bid(actor, round_, capacity_mtpa, dpr, amount, at)
        if Bid.objects.filter(round=round_, applicant=actor, status=BidStatus.SUBMITTED).exists():
            raise StateConflict(
                _("You already have a live bid in this round: replace or withdraw it.")
            )
        return _seal_and_create(actor, round_, capacity_mtpa, dpr, amount, profile, version, at)


def bid_replace(
    *, actor: User, bid: Bid, capacity_mtpa: int, dpr: Document, amount: Decimal
) -> Bid:
    """Before the deadline: the old bid is marked replaced and a new one sealed (R-BID-7)."""
    at = received_at()
    with transaction.atomic():
        round_ = TenderRound.objects.select_for_update().get(pk=bid.round_id)
        if bid.applicant_id != actor.pk:
            raise NotAllowed(_("You can replace only your own bid."))
        profile, version = _check_bid(actor, round_, capacity_mtpa, dpr, amount, at)
        transition(
            bid,
            allowed_from=[BidStatus.SUBMITTED],
            to=BidStatus.REPLACED,
            actor=actor,
            action="bid.replaced",
            also={"withdrawn_at": at},
        )
        return _seal_and_create(actor, round_, capacity_mtpa, dpr, amount, profile, version, at)


def bid_withdraw(*, actor: User, bid: Bid) -> Bid:
    at = received_at()
    with transaction.atomic():
        round_ = TenderRound.objects.select_for_update().get(pk=bid.round_id)
        if bid.applicant_id != actor.pk:
            raise NotAllowed(_("You can withdraw only your own bid."))
        if not _in_time(round_, at):
            raise StateConflict(_("Bids are final after the deadline (R-BID-7)."))
        transition(
            bid,
            allowed_from=[BidStatus.SUBMITTED],
            to=BidStatus.WITHDRAWN,
            actor=actor,
            action="bid.withdrawn",
            also={"withdrawn_at": at},
        )
        notify(
            [actor],
            title=_("Bid %(ref)s withdrawn") % {"ref": bid.reference},
            url=reverse("web:bid", args=[bid.pk]),
        )
    return bid


# --- Technical evaluation, opening, ranking (R-BID-7, R-BID-8) -----------------------------


def _require_seat(actor: User, round_: TenderRound) -> None:
    message = _("Only the TC members assigned to this round may do this.")
    require_role(actor, Role.TC, message=message)
    if not round_.seats.filter(member=actor).exists():
        raise NotAllowed(message)


def bid_evaluate(*, actor: User, bid: Bid, qualified: bool, reasons: str) -> Bid:
    with transaction.atomic():
        round_ = _locked_round(bid.round)
        _require_seat(actor, round_)
        if round_.status not in (RoundStatus.CLOSED, RoundStatus.EVALUATED):
            raise StateConflict(
                _(
                    "Technical bids are evaluated after the round closes and "
                    "before the financial bids are opened."
                )
            )
        bid = Bid.objects.select_for_update().get(pk=bid.pk)
        if bid.status != BidStatus.SUBMITTED:
            raise StateConflict(_("Only live bids are evaluated."))
        if not reasons.strip():
            raise ValidationFailed(_("Record the reasons for the evaluation."), field="reasons")
        before = {"qualified": bid.qualified}
        bid.qualified, bid.evaluation_reasons = qualified, reasons.strip()
        bid.evaluated_by, bid.evaluated_at = actor, timezone.now()
        bid.save(update_fields=["qualified", "evaluation_reasons", "evaluated_by", "evaluated_at"])
        audit_record(
            actor=actor,
            action="bid.evaluated",
            obj=bid,
            before=before,
            after={"qualified": qualified, "reasons": bid.evaluation_reasons},
        )
        notify(
            [bid.applicant],
            title=_("Technical evaluation of bid %(ref)s recorded") % {"ref": bid.reference},
            body=bid.evaluation_reasons,
            url=reverse("web:bid", args=[bid.pk]),
        )
        live = round_.bids.filter(status=BidStatus.SUBMITTED)
        if round_.status == RoundStatus.CLOSED and not live.filter(qualified__isnull=True).exists():
            transition(
                round_,
                allowed_from=[RoundStatus.CLOSED],
                to=RoundStatus.EVALUATED,
                actor=actor,
                action="round.evaluated",
            )
            notify(
                [s.member for s in round_.seats.select_related("member")],
                title=_("%(ref)s is ready for the opening") % {"ref": round_.reference},
                url=reverse("web:round", args=[round_.pk]),
            )
    return bid


def _presenters(
    seats: dict[int, RoundSeat], presented: Sequence[tuple[User, str]]
) -> dict[int, str]:
    """Passphrases by member id, each from a member seated on the round who holds a TC seat."""
    present = {}
    for member, passphrase in presented:
        if member.pk not in seats:
            raise NotAllowed(
                _("%(name)s is not assigned to this round.") % {"name": member.full_name}
            )
        if not member.has_role(Role.TC):
            raise NotAllowed(
                _("%(name)s no longer holds a Technical Committee seat and cannot open bids.")
                % {"name": member.full_name}
            )
        present[member.pk] = passphrase
    return present


def round_open(
    *, actor: User, round_: TenderRound, presented: Sequence[tuple[User, str]]
) -> OpeningRecord:
    """The opening ceremony: M assigned members present their shares; the key is rebuilt in
    memory only; qualified bids alone are decrypted and their receipts checked. All or nothing."""
    with transaction.atomic():
        round_ = _locked_round(round_)
        _require_seat(actor, round_)
        if round_.status != RoundStatus.EVALUATED or timezone.now() <= round_.submission_deadline:
            raise StateConflict(
                _(
                    "Financial bids are opened only after the deadline and after "
                    "every technical bid is evaluated."
                )
            )
        seats = {s.member_id: s for s in round_.seats.select_related("member")}
        present = _presenters(seats, presented)
        if actor.pk not in present:
            raise ValidationFailed(_("You must present your own share to open the bids."))
        if len(present) < round_.opening_quorum:
            raise RuleViolation(
                _("%(m)s TC members must present their shares; %(n)s did.")
                % {"m": round_.opening_quorum, "n": len(present)},
                rule="R-BID-7",
            )
        shares = []
        for member_id, passphrase in present.items():
            seat = seats[member_id]
            try:
                shares.append(
                    sealing.unseal_share(
                        _stored(seat.sealed_share),
                        passphrase=passphrase,
                        salt=_stored(seat.custody_salt),
                    )
                )
            except sealing.SealingError:
                raise ValidationFailed(
                    _("The passphrase given for %(name)s does not open their share.")
                    % {"name": seat.member.full_name},
                    field="passphrases",
                ) from None
        try:
            private = sealing.combine_shares(shares, expected_public=_stored(round_.public_key))
        except sealing.SealingError:
            raise ValidationFailed(
                _("The shares presented do not rebuild the round's key.")
            ) from None
        qualified = list(
            round_.bids.select_for_update().filter(status=BidStatus.SUBMITTED, qualified=True)
        )
        for bid in qualified:
            opened = sealing.open_bid(_stored(bid.sealed_amount), round_private=private)
            if (
                opened.reference != bid.reference
                or sealing.receipt_of(opened.reference, opened.amount, opened.salt) != bid.receipt
            ):
                raise StateConflict(
                    _(
                        "Bid %(ref)s does not match its receipt: the opening is "
                        "stopped and nothing is recorded."
                    )
                    % {"ref": bid.reference}
                )
            bid.opened_amount, bid.opened_salt = opened.amount, opened.salt
            bid.save(update_fields=["opened_amount", "opened_salt"])
        del private
        now = timezone.now()
        record = OpeningRecord.objects.create(
            round=round_,
            opened_at=now,
            bids_opened=len(qualified),
            receipts_verified=len(qualified),
        )
        record.members_present.set(list(present))
        transition(
            round_,
            allowed_from=[RoundStatus.EVALUATED],
            to=RoundStatus.OPENED,
            actor=actor,
            action="round.opened",
            also={"opened_at": now},
        )
        notify(
            [b.applicant for b in round_.bids.filter(status=BidStatus.SUBMITTED)],
            title=_("Financial bids of %(ref)s opened") % {"ref": round_.reference},
            body=_("Check your receipt against the opened amount on the receipt page."),
            url=reverse("web:receipt"),
        )
        audit_record(
            actor=actor,
            action="bids.opened",
            obj=round_,
            after={
                "members_present": sorted(seats[m].member.email for m in present),
                "opened": {b.reference: b.opened_amount for b in qualified},
            },
        )
    return record


def _opened(bid: Bid) -> Decimal:
    if bid.opened_amount is None:
        raise StateConflict(_("Bid %(ref)s is not opened.") % {"ref": bid.reference})
    return bid.opened_amount


def tie_resolve(
    *, actor: User, round_: TenderRound, bid_order: Sequence[int], method: str
) -> TieResolution:
    """R-BID-8: the TC's recorded decision on bids with equal quotes."""
    with transaction.atomic():
        round_ = _locked_round(round_)
        _require_seat(actor, round_)
        if round_.status != RoundStatus.OPENED:
            raise StateConflict(_("Ties are resolved after the opening and before ranking."))
        bids = {
            b.pk: b
            for b in round_.bids.filter(
                pk__in=bid_order, qualified=True, status=BidStatus.SUBMITTED
            )
        }
        amounts = {b.opened_amount for b in bids.values()}
        if len(bids) != len(bid_order) or len(bid_order) < 2 or len(amounts) != 1:
            raise ValidationFailed(
                _("List two or more opened bids that quote the same amount, in the order decided."),
                field="bid_order",
            )
        if not method.strip():
            raise ValidationFailed(
                _(
                    "Say how the tie was resolved (for example, a draw of "
                    "lots on 12 May 2026 in the TC meeting)."
                ),
                field="method",
            )
        tie = TieResolution.objects.create(
            round=round_, bid_order=list(bid_order), method=method.strip(), recorded_by=actor
        )
        audit_record(
            actor=actor,
            action="round.tie_resolved",
            obj=round_,
            after={"bid_order": list(bid_order), "method": tie.method},
        )
    return tie


def round_rank(*, actor: User, round_: TenderRound) -> list[Beneficiary]:
    """L1…Ln (R-BID-8), allocation within the total (R-BID-9), entitlements (Tables 2–4, §4.4)."""
    with transaction.atomic():
        round_ = _locked_round(round_)
        _require_seat(actor, round_)
        if round_.status != RoundStatus.OPENED:
            raise StateConflict(_("The round is ranked once, after the opening."))
        params = _round_params(round_)
        bids = {
            b.pk: b
            for b in round_.bids.filter(status=BidStatus.SUBMITTED, qualified=True).select_related(
                "applicant"
            )
        }
        tie_order = [i for tie in round_.ties.order_by("recorded_at") for i in tie.bid_order]
        ranking = rules.rank(
            [rules.Quote(b.pk, _opened(b), b.capacity_mtpa) for b in bids.values()],
            params,
            tie_order,
        )
        if ranking.unresolved_ties:
            refs = "; ".join(
                ", ".join(bids[i].reference for i in group) for group in ranking.unresolved_ties
            )
            raise RuleViolation(
                _("Equal quotes must be resolved by the TC first: %(refs)s.") % {"refs": refs},
                rule="R-BID-8",
            )
        beneficiaries = []
        for entry in ranking.entries:
            bid = bids[entry.bid_id]
            bid.rank, bid.selected, bid.selection_reason = (
                entry.position,
                entry.selected,
                entry.reason,
            )
            bid.save(update_fields=["rank", "selected", "selection_reason"])
            if not entry.selected:
                continue
            due = rules.entitlements(params, capacity_mtpa=bid.capacity_mtpa, rank=entry.position)
            profile = ApplicantProfile.objects.get(user=bid.applicant)
            beneficiaries.append(
                Beneficiary.objects.create(
                    bid=bid,
                    round=round_,
                    user=bid.applicant,
                    rank=entry.position,
                    allocated_capacity_mtpa=bid.capacity_mtpa,
                    quoted_rate=_opened(bid),
                    pbg_due=due.pbg,
                    sli_cap=due.sli_cap,
                    capital_subsidy_cap=due.capital_subsidy_cap,
                    irel_oxide_mtpa=due.irel_oxide_mtpa,
                    oxide_needed_mtpa=due.oxide_needed_mtpa,
                    own_oxide_mtpa=due.own_oxide_mtpa,
                    needs_spv=rules.needs_spv(profile.entity_type, member_shares(profile)),
                    parameter_version_id=params.version_id,
                )
            )
        transition(
            round_,
            allowed_from=[RoundStatus.OPENED],
            to=RoundStatus.RANKED,
            actor=actor,
            action="round.ranked",
            also={},
        )
        notify(
            [b.applicant for b in bids.values()],
            title=_("%(ref)s is ranked") % {"ref": round_.reference},
            body=_("See your bid's rank and whether it is selected."),
            url=reverse("web:round", args=[round_.pk]),
        )
        audit_record(
            actor=actor,
            action="round.ranking",
            obj=round_,
            after={
                "ranking": [
                    (e.position, bids[e.bid_id].reference, e.amount, e.selected)
                    for e in ranking.entries
                ]
            },
        )
    return beneficiaries


# --- Award (R-BID-10, R-BID-11, R-BID-3) -----------------------------------------------------


def _award_terms(beneficiary: Beneficiary) -> dict[str, object]:
    """The scheme's terms quoted in the letters, from the beneficiary's parameter version."""
    p = parameters_of_version(beneficiary.parameter_version_id)
    hundred = Decimal(100)
    return {
        "sli_pct": (p.decimal("sli_turnover_cap_fraction") * hundred).normalize(),
        "capital_pct": (p.decimal("capital_subsidy_rate") * hundred).normalize(),
        "m1": crore(p.decimal("milestone1_investment_cr")),
        "m1_years": p.integer("milestone1_years"),
        "m2": p.crore_row("milestone2_investment_cr", beneficiary.allocated_capacity_mtpa),
        "m2_years": p.integer("milestone2_years"),
        "m3_pct": (p.decimal("milestone3_commissioned_fraction") * hundred).normalize(),
        "m3_years": p.integer("milestone3_years"),
    }


def lois_issue(*, actor: User, round_: TenderRound) -> list[Beneficiary]:
    """A Letter of Intent (PDF) to each selected applicant (§3.5).

    The letters are rendered before the round is locked (``letters_issue``); under the lock the
    round must still be ranked (else refused) and its beneficiaries the ones the letters name
    (else rendered again): ranking fixes them, so in practice only the status can move.
    """
    require_role(actor, Role.MHI, message=_("Only an MHI officer issues Letters of Intent."))

    def check(status: str) -> None:
        if status != RoundStatus.RANKED:
            raise StateConflict(_("Letters of Intent go out once the round is ranked."))

    def selected(r: TenderRound) -> list[Beneficiary]:
        return list(r.beneficiaries.select_related("user", "bid", "round").order_by("pk"))

    def prepare() -> list[Draft]:
        current = TenderRound.objects.get(pk=round_.pk)
        check(current.status)
        return [
            beneficiary_draft(
                beneficiary=b,
                template="bidding/letters/loi.html",
                context={},
                facts=b.pk,
                subject=f"beneficiary:{b.pk}:loi",
            )
            for b in selected(current)
        ]

    def commit(drafts: list[Draft]) -> list[Beneficiary]:
        locked = _locked_round(round_)
        check(locked.status)
        beneficiaries = selected(locked)
        if [b.pk for b in beneficiaries] != [d.facts for d in drafts]:
            raise LetterStale
        now = timezone.now()
        for beneficiary, draft in zip(beneficiaries, drafts, strict=True):
            document = beneficiary_letter_store(
                beneficiary=beneficiary, draft=draft, title="Letter of Intent"
            )
            transition(
                beneficiary,
                allowed_from=[BeneficiaryStatus.SELECTED],
                to=BeneficiaryStatus.LOI_ISSUED,
                actor=actor,
                action="loi.issued",
                also={"loi_document_id": document.pk, "loi_issued_at": now},
            )
            notify(
                [beneficiary.user],
                title=_("Letter of Intent issued"),
                body=_("Submit a Performance Bank Guarantee of at least %(due)s.")
                % {"due": format_crore(beneficiary.pbg_due)},
                url=reverse("web:beneficiary", args=[beneficiary.pk]),
            )
        transition(
            locked,
            allowed_from=[RoundStatus.RANKED],
            to=RoundStatus.LOIS_ISSUED,
            actor=actor,
            action="round.lois_issued",
        )
        return beneficiaries

    return letters_issue(prepare=prepare, commit=commit)


def pbg_submit(
    *,
    actor: User,
    beneficiary: Beneficiary,
    bank: str,
    number: str,
    amount: Decimal,
    issued_on: date,
    valid_until: date,
    document: Document,
) -> Beneficiary:
    """The selected applicant records its Performance Bank Guarantee (R-BID-10, §3.6)."""
    if beneficiary.user_id != actor.pk:
        raise NotAllowed(_("Only the selected applicant submits its guarantee."))
    rules.check_pbg_amount(
        parameters_of_version(beneficiary.parameter_version_id),
        beneficiary.allocated_capacity_mtpa,
        amount,
    )
    if valid_until <= issued_on or valid_until <= today_ist():
        raise ValidationFailed(
            _("The guarantee must be valid after today and after its date of issue."),
            field="valid_until",
        )
    if document.owner_id != actor.pk:
        raise ValidationFailed(_("Attach the scanned guarantee you uploaded."), field="document")
    with transaction.atomic():
        try:
            with transaction.atomic():
                PerformanceBankGuarantee.objects.create(
                    beneficiary=beneficiary,
                    bank=bank.strip(),
                    number=number.strip(),
                    amount=amount,
                    issued_on=issued_on,
                    valid_until=valid_until,
                    document=document,
                    recorded_by=actor,
                )
        except IntegrityError:
            raise ValidationFailed(
                _("This bank's guarantee number is already recorded."), field="number"
            ) from None
        transition(
            beneficiary,
            allowed_from=[BeneficiaryStatus.LOI_ISSUED],
            to=BeneficiaryStatus.PBG_RECEIVED,
            actor=actor,
            action="pbg.submitted",
        )
        notify(
            User.objects.filter(role=Role.MHI, is_active=True),
            title=_("Guarantee received from %(org)s") % {"org": beneficiary.user.organisation},
            body=_("The Letter of Award can now be issued."),
            url=reverse("web:beneficiary", args=[beneficiary.pk]),
        )
    return beneficiary


def spv_record(
    *, actor: User, beneficiary: Beneficiary, name: str, cin: str, incorporated_on: date
) -> Beneficiary:
    """R-BID-3: the SPV under the Companies Act, 2013, which becomes the Beneficiary."""
    if beneficiary.user_id != actor.pk:
        raise NotAllowed(_("Only the selected applicant records its SPV."))
    if not beneficiary.needs_spv:
        raise ValidationFailed(_("This beneficiary does not need to form an SPV."))
    cin = validate_cin(cin)
    with transaction.atomic():
        b = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
        if b.status == BeneficiaryStatus.AWARDED:
            raise StateConflict(_("The SPV is recorded before the Letter of Award."))
        before = {"spv_name": b.spv_name, "spv_cin": b.spv_cin}
        b.spv_name, b.spv_cin, b.spv_incorporated_on = name.strip(), cin, incorporated_on
        b.save(update_fields=["spv_name", "spv_cin", "spv_incorporated_on"])
        audit_record(
            actor=actor,
            action="spv.recorded",
            obj=b,
            before=before,
            after={"spv_name": b.spv_name, "spv_cin": cin},
        )
    return b


def loa_issue(*, actor: User, beneficiary: Beneficiary, loa_date: date) -> Beneficiary:
    """R-BID-11: after the PBG (and the SPV where R-BID-3 applies); its date starts the clocks.

    The letter is rendered before the beneficiary is locked (``letters_issue``); under the
    lock the checks run again (refused if they fail) and, if the SPV or the guarantee the
    letter names changed meanwhile (``spv_record`` runs until the award), it is rendered again.
    """
    require_role(actor, Role.MHI, message=_("Only an MHI officer issues a Letter of Award."))

    def check(b: Beneficiary) -> None:
        if b.needs_spv and not b.spv_cin:
            raise RuleViolation(
                _("The SPV must be formed and recorded before the Letter of Award (R-BID-3)."),
                rule="R-BID-3",
            )
        if b.status != BeneficiaryStatus.PBG_RECEIVED:
            raise StateConflict(_("The Letter of Award follows the Performance Bank Guarantee."))

    def facts(b: Beneficiary, pbg: PerformanceBankGuarantee | None) -> tuple[object, ...]:
        return (b.spv_name, b.spv_cin, b.spv_incorporated_on, pbg.pk if pbg else None)

    def prepare() -> list[Draft]:
        b = Beneficiary.objects.select_related("user", "bid", "round").get(pk=beneficiary.pk)
        check(b)
        b.loa_date = loa_date
        pbg = b.pbgs.first()
        context = {"pbg": pbg, "terms": _award_terms(b)}
        return [
            beneficiary_draft(
                beneficiary=b,
                template="bidding/letters/loa.html",
                context=context,
                facts=facts(b, pbg),
                subject=f"beneficiary:{b.pk}:loa",
            )
        ]

    def commit(drafts: list[Draft]) -> Beneficiary:
        b = (
            Beneficiary.objects.select_for_update()
            .select_related("user", "bid", "round")
            .get(pk=beneficiary.pk)
        )
        check(b)
        drafts[0].confirm(facts(b, b.pbgs.first()))
        b.loa_date = loa_date
        document = beneficiary_letter_store(beneficiary=b, draft=drafts[0], title="Letter of Award")
        transition(
            b,
            allowed_from=[BeneficiaryStatus.PBG_RECEIVED],
            to=BeneficiaryStatus.AWARDED,
            actor=actor,
            action="loa.issued",
            also={"loa_document_id": document.pk, "loa_date": loa_date},
        )
        notify(
            [b.user],
            title=_("Letter of Award issued"),
            body=_("Your milestone clocks start on %(day)s.")
            % {"day": loa_date.strftime("%d %b %Y")},
            url=reverse("web:beneficiary", args=[b.pk]),
        )
        # Milestones start the clocks (a receiver in this transaction: R-BID-11, R-MS-1…3).
        hooks.beneficiary_awarded.send(sender=Beneficiary, beneficiary=b)
        round_ = _locked_round(b.round)
        if not round_.beneficiaries.exclude(status=BeneficiaryStatus.AWARDED).exists():
            transition(
                round_,
                allowed_from=[RoundStatus.LOIS_ISSUED],
                to=RoundStatus.AWARDED,
                actor=actor,
                action="round.awarded",
            )
        return b

    return letters_issue(prepare=prepare, commit=commit)
