"""Role-aware navigation: what each role finds in the menu, grouped by task.

Each item names its group (``GROUPS``); the menu shows a group of one item as a plain link
and a larger group as a drop-down, so a role's menu stays on one line at 1,366 px however
many items other parts of the portal add. An item without a group goes under "More".
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from repm_portal.accounts.models import Role

ALL = frozenset(Role.values)
STAFF = ALL - {Role.APPLICANT}


# The menu's groups, in the order they appear: (key, label).
GROUPS: tuple[tuple[str, Promise], ...] = (
    ("start", _("Home")),
    ("bids", _("Tenders")),
    ("incentives", _("Incentives")),
    ("compliance", _("Compliance")),
    ("oversight", _("Oversight")),
    ("mine", _("My account")),
    ("reference", _("Reference")),
    ("more", _("More")),
)


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    roles: frozenset[str]
    public: bool = False  # shown to visitors who have not signed in
    group: str = "more"


@dataclass(frozen=True)
class NavGroup:
    key: str
    label: Promise
    items: tuple[NavItem, ...]


NAV: tuple[NavItem, ...] = (
    NavItem(_("Home"), "web:home", ALL, group="start"),
    NavItem(
        _("Tenders"),
        "web:rounds",
        frozenset({Role.APPLICANT, Role.TC, Role.MHI, Role.PMA, Role.ADMIN, Role.SMC}),
        group="bids",
    ),
    NavItem(_("My profile"), "web:profile", frozenset({Role.APPLICANT}), group="mine"),
    NavItem(
        _("My documents"), "web:documents", frozenset({Role.APPLICANT, Role.MHI}), group="mine"
    ),
    NavItem(
        _("Penalty cases"),
        "web:cases",
        frozenset({Role.APPLICANT, Role.MHI, Role.PMA, Role.TC, Role.SMC, Role.ADMIN}),
        group="compliance",
    ),
    NavItem(
        _("Claims"),
        "web:claims",
        frozenset({Role.APPLICANT, Role.PMA, Role.MHI, Role.IE, Role.ADMIN}),
        group="incentives",
    ),
    NavItem(
        _("Ledgers"),
        "web:ledgers",
        frozenset({Role.APPLICANT, Role.MHI, Role.ADMIN}),
        group="incentives",
    ),
    # Quarterly progress reports and the QRR (R-COM-4)
    NavItem(
        _("Quarterly reports"),
        "web:quarterly_reports",
        frozenset({Role.APPLICANT, Role.PMA, Role.MHI}),
        group="compliance",
    ),
    NavItem(
        _("QRR"), "web:qrrs", frozenset({Role.PMA, Role.MHI, Role.TC, Role.SMC}), group="oversight"
    ),
    NavItem(_("MCLR"), "web:mclr", frozenset({Role.MHI, Role.PMA, Role.ADMIN}), group="compliance"),
    NavItem(
        _("Outlay"), "web:outlay", frozenset({Role.MHI, Role.SMC, Role.PMA}), group="oversight"
    ),  # R-OUT-2
    NavItem(
        _("Meetings"),
        "web:meetings",
        frozenset({Role.TC, Role.SMC, Role.MHI, Role.PMA, Role.ADMIN}),
        group="oversight",
    ),
    # Anyone may own an action item of a committee's meeting (R-COM-4 reviews).
    NavItem(_("Action items"), "web:my_actions", ALL, group="mine"),
    NavItem(_("API tokens"), "web:api_tokens", ALL, group="mine"),  # issue 14.5
    NavItem(_("Scheme parameters"), "web:parameters", ALL, public=True, group="reference"),
    NavItem(
        _("Audit trail"),
        "web:audit",
        frozenset({Role.MHI, Role.PMA, Role.ADMIN}),
        group="oversight",
    ),
    NavItem(
        _("Feedback received"),
        "web:feedback_list",
        frozenset({Role.PMA, Role.ADMIN}),
        group="oversight",
    ),
    NavItem(_("Policy decisions"), "web:policy", ALL, public=True, group="reference"),
    NavItem(_("Check a receipt"), "web:receipt", ALL, public=True, group="bids"),
    # signed letters (issue 14.4)
    NavItem(_("Check a letter"), "web:verify", ALL, public=True, group="reference"),
    NavItem(_("API"), "api-docs", ALL, public=True, group="reference"),
)


def nav_for(role: str | None) -> list[NavItem]:
    if role is None:
        return [item for item in NAV if item.public]
    return [item for item in NAV if role in item.roles]


def nav_groups(role: str | None, items: list[NavItem] | None = None) -> list[NavGroup]:
    """The role's menu (or ``items`` of it), grouped by task in ``GROUPS`` order; empty groups
    left out."""
    items = nav_for(role) if items is None else items
    known = {key for key, _label in GROUPS}
    groups = []
    for key, label in GROUPS:
        mine = tuple(i for i in items if i.group == key or (key == "more" and i.group not in known))
        if mine:
            groups.append(NavGroup(key, label, mine))
    return groups
