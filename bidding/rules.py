"""The bidding rules of the notification (§2–§4), as pure functions: no ORM, no I/O.

Every number comes from the scheme parameters in force (``SchemeParameters``); the rule ids are
those of repm_portal/rules_catalogue.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from repm_portal.errors import RuleViolation, ValidationFailed
from repm_portal.money import format_crore, format_inr
from repm_portal.parameters.values import SchemeParameters

HUNDRED = Decimal(100)


class EntityType:
    COMPANY = "company"
    INTERNATIONAL = "international"
    CONSORTIUM = "consortium"


@dataclass(frozen=True)
class MemberShare:
    name: str
    shareholding_pct: Decimal
    is_lead: bool
    country: str = "IN"  # ISO 3166 alpha-2 of incorporation

    @property
    def is_foreign(self) -> bool:
        return self.country.upper() != "IN"


def check_capacity(params: SchemeParameters, capacity_mtpa: int) -> None:
    """R-BID-4: 600–1,200 MTPA in multiples of 100."""
    low = params.integer("bid_capacity_min_mtpa")
    high = params.integer("bid_capacity_max_mtpa")
    step = params.integer("bid_capacity_step_mtpa")
    if not low <= capacity_mtpa <= high or (capacity_mtpa - low) % step:
        raise RuleViolation(
            _(
                "Bid capacity must be %(low)s to %(high)s MTPA in steps of %(step)s; "
                "%(capacity)s MTPA is not."
            )
            % {"low": low, "high": high, "step": step, "capacity": capacity_mtpa},
            field="capacity_mtpa",
            rule="R-BID-4",
        )


def minimum_net_worth(params: SchemeParameters, capacity_mtpa: int) -> Decimal:
    """R-BID-5 (Table 1), in rupees."""
    return params.crore_row("min_net_worth_cr", capacity_mtpa)


def check_net_worth(params: SchemeParameters, capacity_mtpa: int, net_worth: Decimal) -> None:
    """R-BID-5: the applicant's or Lead Partner's net worth meets Table 1 for the capacity."""
    needed = minimum_net_worth(params, capacity_mtpa)
    if net_worth < needed:
        raise RuleViolation(
            _(
                "A bid for %(capacity)s MTPA needs a net worth of at least %(needed)s (Table 1); "
                "the certified net worth is %(have)s. Bid for a smaller capacity, or update the "
                "net worth certificate."
            )
            % {
                "capacity": capacity_mtpa,
                "needed": format_crore(needed),
                "have": format_crore(net_worth),
            },
            field="capacity_mtpa",
            rule="R-BID-5",
        )


def check_quote(params: SchemeParameters, amount: Decimal) -> Decimal:
    """R-BID-6: more than ₹0 and at most the ceiling (₹2,150.00/kg as notified), to the paisa.

    The message never repeats the amount: it is sealed, and errors are logged.
    """
    ceiling = params.decimal("financial_bid_ceiling_per_kg")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationFailed(
            _("Quote the incentive in rupees and paise (two decimals at most)."), field="amount"
        )
    if amount <= 0 or amount > ceiling:
        raise RuleViolation(
            _("The incentive sought must be more than ₹0 and at most %(ceiling)s per kg.")
            % {"ceiling": format_inr(ceiling)},
            field="amount",
            rule="R-BID-6",
        )
    return amount


def check_members(
    params: SchemeParameters, entity_type: str, members: Sequence[MemberShare]
) -> None:
    """R-BID-1, R-BID-2: a company or international entity is its own sole member; a consortium
    names exactly one Lead Partner holding at least 51 %, and the holdings add up to 100 %."""
    if entity_type not in (EntityType.COMPANY, EntityType.INTERNATIONAL, EntityType.CONSORTIUM):
        raise ValidationFailed(
            _("Choose company, international entity or consortium."), field="entity_type"
        )
    total = sum((m.shareholding_pct for m in members), Decimal(0))
    leads = [m for m in members if m.is_lead]
    if entity_type != EntityType.CONSORTIUM:
        if len(members) != 1 or members[0].shareholding_pct != HUNDRED or not members[0].is_lead:
            raise RuleViolation(
                _(
                    "A single company or international entity is its own only member, holding "
                    "100 %. Choose “consortium” to add partners."
                ),
                field="members",
                rule="R-BID-1",
            )
        return
    if len(members) < 2:
        raise RuleViolation(
            _("A consortium has at least two members."), field="members", rule="R-BID-1"
        )
    if any(m.shareholding_pct <= 0 for m in members):
        raise RuleViolation(_("Every member holds more than 0 %."), field="members", rule="R-BID-2")
    if total != HUNDRED:
        raise RuleViolation(
            _(
                "The members' shareholdings add up to %(total)s %%; they must add up to exactly "
                "100 %%."
            )
            % {"total": total.normalize()},
            field="members",
            rule="R-BID-2",
        )
    if len(leads) != 1:
        raise RuleViolation(
            _("Name exactly one Lead Partner; %(n)s are named.") % {"n": len(leads)},
            field="members",
            rule="R-BID-2",
        )
    minimum = params.decimal("lead_partner_min_share") * HUNDRED
    if leads[0].shareholding_pct < minimum:
        raise RuleViolation(
            _(
                "The Lead Partner must hold at least %(min)s %% of the Beneficiary; %(name)s "
                "holds %(pct)s %%."
            )
            % {
                "min": minimum.normalize(),
                "name": leads[0].name,
                "pct": leads[0].shareholding_pct.normalize(),
            },
            field="members",
            rule="R-BID-2",
        )


def needs_spv(entity_type: str, members: Sequence[MemberShare]) -> bool:
    """R-BID-3: a consortium, or an applicant with a foreign member, forms an SPV before the LoA."""
    return entity_type == EntityType.CONSORTIUM or any(m.is_foreign for m in members)


# --- Ranking and selection (R-BID-8, R-BID-9) ---------------------------------------------------


@dataclass(frozen=True)
class Quote:
    bid_id: int
    amount: Decimal
    capacity_mtpa: int


@dataclass(frozen=True)
class Ranked:
    bid_id: int
    amount: Decimal
    capacity_mtpa: int
    position: int  # 1 = lowest quote, after ties are resolved
    tied_with: tuple[int, ...] = ()  # other bids with the same quote
    selected: bool = False
    reason: str = ""


@dataclass
class Ranking:
    entries: list[Ranked] = field(default_factory=list)
    unresolved_ties: list[tuple[int, ...]] = field(default_factory=list)

    @property
    def selected(self) -> list[Ranked]:
        return [e for e in self.entries if e.selected]


def _in_tie_order(group: list[Quote], order: dict[int, int]) -> tuple[list[Quote], bool]:
    """Equal quotes in the TC's recorded order; without a full one, in bid id order and unresolved."""
    if len(group) > 1 and not all(q.bid_id in order for q in group):
        return sorted(group, key=lambda q: q.bid_id), True
    if len(group) > 1:
        return sorted(group, key=lambda q: order[q.bid_id]), False
    return group, False


def rank(
    quotes: Sequence[Quote], params: SchemeParameters, tie_order: Sequence[int] = ()
) -> Ranking:
    """L1…Ln by quote ascending (R-BID-8); equal quotes are flagged and ordered only by the TC's
    recorded resolution ``tie_order`` (bid ids, first = better). Selection stops at
    ``beneficiaries_max`` and never lets the total exceed ``total_capacity_mtpa`` (R-BID-9): a bid
    that would is passed over, with the reason recorded.

    A tie matters only if selection is still open when its quote is reached: one lying wholly
    below the places (every place taken by lower quotes) cannot change L1…Ln and needs no
    resolution. Walking an unresolved tie, its bids are taken in id order as if selected where
    places and capacity allow, so a later tie is flagged whenever any order could reach it.
    """
    groups: dict[Decimal, list[Quote]] = {}
    for quote in quotes:
        groups.setdefault(quote.amount, []).append(quote)
    order = {bid_id: i for i, bid_id in enumerate(tie_order)}
    places = params.integer("beneficiaries_max")
    ranking = Ranking()
    room = params.integer("total_capacity_mtpa")
    chosen = 0  # bids selected, or that could be (past an unresolved tie)
    rows: list[tuple[Quote, tuple[int, ...], str]] = []  # quote, tied with, why not selected
    for amount in sorted(groups):
        group, unresolved = _in_tie_order(groups[amount], order)
        ids = tuple(sorted(q.bid_id for q in group))
        if unresolved and chosen < places:  # selection still open: the order decides who is in
            ranking.unresolved_ties.append(ids)
        for quote in group:
            reason = ""
            if chosen >= places:
                reason = _("Not among the %(n)s lowest quotes.") % {"n": places}
            elif quote.capacity_mtpa > room:
                reason = _(
                    "Its capacity would take the total allocation beyond the scheme's capacity."
                )
            else:
                chosen, room = chosen + 1, room - quote.capacity_mtpa
            rows.append((quote, tuple(i for i in ids if i != quote.bid_id), reason))

    for position, (quote, tied, reason) in enumerate(rows, start=1):
        selected = not reason and not ranking.unresolved_ties
        if ranking.unresolved_ties:
            reason = _("Ranking waits for the TC to resolve the tie.")
        ranking.entries.append(
            Ranked(
                quote.bid_id, quote.amount, quote.capacity_mtpa, position, tied, selected, reason
            )
        )
    return ranking


# --- What a selected applicant is entitled to and owes (Tables 2–4, §4.4) ------------------


@dataclass(frozen=True)
class Entitlements:
    rank: int
    capacity_mtpa: int
    pbg: Decimal  # R-BID-10, rupees
    sli_cap: Decimal  # R-SLI-5 (Table 3), rupees
    capital_subsidy_cap: Decimal  # R-CAP-4 (Table 4), rupees
    irel_oxide_mtpa: Decimal  # R-BID-12
    oxide_needed_mtpa: Decimal
    own_oxide_mtpa: Decimal
    parameter_version: int


def entitlements(params: SchemeParameters, *, capacity_mtpa: int, rank: int) -> Entitlements:
    """R-BID-10, R-BID-12, R-SLI-5, R-CAP-4 for an allocation. Oxide is to 2 decimals (MTPA)."""
    irel = params.table("irel_oxide_mtpa").get(rank, Decimal(0))
    needed = (Decimal(capacity_mtpa) / params.decimal("oxide_to_magnet_ratio")).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return Entitlements(
        rank=rank,
        capacity_mtpa=capacity_mtpa,
        pbg=params.crore_row("pbg_cr", capacity_mtpa),
        sli_cap=params.crore_row("sli_cap_cr", capacity_mtpa),
        capital_subsidy_cap=params.crore_row("capital_subsidy_cap_cr", capacity_mtpa),
        irel_oxide_mtpa=irel,
        oxide_needed_mtpa=needed,
        own_oxide_mtpa=max(Decimal(0), needed - irel),
        parameter_version=params.version_id,
    )


def check_pbg_amount(params: SchemeParameters, capacity_mtpa: int, amount: Decimal) -> None:
    """R-BID-10: a PBG of at least Table 2's amount for the allocated capacity."""
    due = params.crore_row("pbg_cr", capacity_mtpa)
    if amount < due:
        raise RuleViolation(
            _("The guarantee is for %(have)s; %(capacity)s MTPA needs %(due)s (Table 2).")
            % {"have": format_inr(amount), "capacity": capacity_mtpa, "due": format_crore(due)},
            field="amount",
            rule="R-BID-10",
        )
