"""Who is told of each step of a claim's examination, and what (R-SLI-9, R-GOV-2).

One table, keyed by the audited action of the step: ``advance`` calls ``claim_notify`` in the
step's transaction, so the notification exists exactly when the step does, and its e-mail
leaves after the commit. Messages are lazy: each recipient reads them in their own language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from repm_portal.accounts.models import Role, User
from repm_portal.notifications.services import notify

from .models import ExaminedClaim

Audience = Callable[[ExaminedClaim], Iterable[User]]


def _beneficiary(claim: ExaminedClaim) -> Iterable[User]:
    return [claim.beneficiary.user]


def _staff(*roles: str) -> Audience:
    def audience(claim: ExaminedClaim) -> Iterable[User]:
        return User.objects.filter(role__in=roles, is_active=True)

    return audience


def _both(*audiences: Audience) -> Audience:
    def audience(claim: ExaminedClaim) -> Iterable[User]:
        return [u for a in audiences for u in a(claim)]

    return audience


@dataclass(frozen=True)
class Notice:
    audience: Audience
    title: Any
    body: Any = ""


NOTICES: dict[str, Notice] = {
    "claim.clarification_sought": Notice(
        _beneficiary,
        _("Clarification sought on your %(kind)s no. %(n)s"),
        _(
            "Read the question and answer it on the claim's page. The examination's clock "
            "stops until you answer (R-SLI-10)."
        ),
    ),
    "claim.clarified": Notice(
        _staff(Role.PMA),
        _("%(org)s answered the clarification on %(kind)s no. %(n)s"),
        _("The examination goes on from where it stopped."),
    ),
    "claim.held": Notice(
        _beneficiary,
        _("Your %(kind)s no. %(n)s is held until the entire capacity is commissioned"),
        _(
            "The PMA found it in order. It goes to MHI for sanction once the commissioning of "
            "your entire allocated capacity is recorded (R-SLI-7)."
        ),
    ),
    "claim.recommended": Notice(
        _both(_beneficiary, _staff(Role.MHI)),
        _("%(kind)s no. %(n)s of %(org)s recommended for sanction"),
        _("MHI decides on the sanction next."),
    ),
    "claim.released": Notice(
        _both(_beneficiary, _staff(Role.MHI)),
        _("%(kind)s no. %(n)s of %(org)s recommended for sanction"),
        _("The entire capacity is commissioned, so the held claim goes to MHI (R-SLI-7)."),
    ),
    "claim.sanctioned": Notice(
        _both(_beneficiary, _staff(Role.PMA)),
        _("%(kind)s no. %(n)s of %(org)s sanctioned"),
        _("The sanction order is on the claim's page."),
    ),
    "claim.disbursed": Notice(
        _beneficiary,
        _("Your %(kind)s no. %(n)s has been disbursed"),
        _("The payment reference and date are on the claim's page."),
    ),
    "claim.rejected": Notice(
        _beneficiary,
        _("Your %(kind)s no. %(n)s has been rejected"),
        _("The reasons are on the claim's page."),
    ),
    # A claim whose payable is nil is closed without a sanction (another part of the
    # portal takes that step; its action is told here all the same).
    "claim.closed_nil": Notice(
        _beneficiary,
        _("Your %(kind)s no. %(n)s is closed as nil"),
        _("Nothing is payable for it; the computation is on the claim's page."),
    ),
}

KIND_LABEL = {"sli": _("sales-linked incentive claim"), "capital": _("capital subsidy claim")}


def claim_notify(claim: ExaminedClaim, action: str) -> int:
    """Tell the people concerned of a step of the claim; 0 for a step nobody is told of."""
    notice = NOTICES.get(action)
    if notice is None:
        return 0
    return notify(
        notice.audience(claim),
        title=notice.title,
        body=notice.body,
        url=claim.get_absolute_url(),
        params={
            "kind": KIND_LABEL[claim.KIND],
            "n": claim.pk,
            "org": claim.beneficiary.user.organisation,
        },
    )
