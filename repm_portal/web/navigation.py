"""Role-aware navigation: what each role finds in the menu."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from repm_portal.accounts.models import Role

ALL = frozenset(Role.values)
STAFF = ALL - {Role.APPLICANT}


@dataclass(frozen=True)
class NavItem:
    label: Promise
    url_name: str
    roles: frozenset[str]
    public: bool = False  # shown to visitors who have not signed in


NAV: tuple[NavItem, ...] = (
    NavItem(_("Home"), "web:home", ALL),
    NavItem(
        _("Tenders"),
        "web:rounds",
        frozenset({Role.APPLICANT, Role.TC, Role.MHI, Role.PMA, Role.ADMIN, Role.SMC}),
    ),
    NavItem(_("My profile"), "web:profile", frozenset({Role.APPLICANT})),
    NavItem(_("My documents"), "web:documents", frozenset({Role.APPLICANT, Role.MHI})),
    NavItem(
        _("Penalty cases"),
        "web:cases",
        frozenset({Role.APPLICANT, Role.MHI, Role.PMA, Role.TC, Role.SMC, Role.ADMIN}),
    ),
    NavItem(
        _("Claims"),
        "web:claims",
        frozenset({Role.APPLICANT, Role.PMA, Role.MHI, Role.IE, Role.ADMIN}),
    ),
    NavItem(_("Ledgers"), "web:ledgers", frozenset({Role.APPLICANT, Role.MHI, Role.ADMIN})),
    # Quarterly progress reports and the QRR (R-COM-4)
    NavItem(
        _("Quarterly reports"),
        "web:quarterly_reports",
        frozenset({Role.APPLICANT, Role.PMA, Role.MHI}),
    ),
    NavItem(_("QRR"), "web:qrrs", frozenset({Role.PMA, Role.MHI, Role.TC, Role.SMC})),
    NavItem(_("MCLR"), "web:mclr", frozenset({Role.MHI, Role.PMA, Role.ADMIN})),
    NavItem(_("Outlay"), "web:outlay", frozenset({Role.MHI, Role.SMC, Role.PMA})),  # R-OUT-2
    NavItem(
        _("Meetings"),
        "web:meetings",
        frozenset({Role.TC, Role.SMC, Role.MHI, Role.PMA, Role.ADMIN}),
    ),
    NavItem(_("Action items"), "web:my_actions", frozenset({Role.APPLICANT})),
    NavItem(_("Scheme parameters"), "web:parameters", ALL, public=True),
    NavItem(_("Audit trail"), "web:audit", frozenset({Role.MHI, Role.PMA, Role.ADMIN})),
    NavItem(_("Policy decisions"), "web:policy", ALL, public=True),
    NavItem(_("Check a receipt"), "web:receipt", ALL, public=True),
    NavItem(_("Check a letter"), "web:verify", ALL, public=True),  # signed letters (issue 14.4)
    NavItem(_("API"), "api-docs", ALL, public=True),
)


def nav_for(role: str | None) -> list[NavItem]:
    if role is None:
        return [item for item in NAV if item.public]
    return [item for item in NAV if role in item.roles]
