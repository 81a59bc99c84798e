"""Home-page items for claims: what each role does next, with the service target of R-SLI-10
as the due date, so items past it show as overdue (to the PMA and to MHI)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from repm_portal.accounts.models import Role, User
from repm_portal.parameters.selectors import parameter_timeline
from repm_portal.web.duties import Duty, duty_provider

from .examination import due_on
from .models import ClaimStatus, ExaminedClaim
from .selectors import claims_for_items

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Who acts next on an open claim, and what they do.
NEXT: dict[str, tuple[str, StrOrPromise]] = {
    ClaimStatus.SUBMITTED: (Role.PMA, _("Start the examination (initial scrutiny).")),
    ClaimStatus.UNDER_EXAMINATION: (Role.PMA, _("Finish the scrutiny and recommend or reject.")),
    ClaimStatus.IE_VERIFICATION: (Role.IE, _("Verify the claim and record your findings.")),
    ClaimStatus.CLARIFICATION: (Role.APPLICANT, _("Answer the clarification sought.")),
    ClaimStatus.RECOMMENDED: (Role.MHI, _("Sanction the claim.")),
    ClaimStatus.SANCTIONED: (Role.MHI, _("Record the disbursement.")),
}


def _mine(user: User, claim: ExaminedClaim, actor: str) -> bool:
    if actor == Role.APPLICANT:
        return claim.beneficiary.user_id == user.pk
    if actor == Role.IE:
        return claim.ie_id == user.pk
    return user.has_role(actor)


def _acted_on_by(user: User) -> Q:
    """The open claims on which ``user`` acts next (all that MHI sees besides are overdue)."""
    statuses = [status for status, (actor, _what) in NEXT.items() if user.has_role(actor)]
    if user.has_role(Role.APPLICANT):
        return Q(status__in=statuses, beneficiary__user=user)
    if user.has_role(Role.IE):
        return Q(status__in=statuses, ie=user)
    return Q(status__in=statuses)


@duty_provider
def claim_duties(user: User, today: date) -> Iterable[Duty]:
    """Each open claim to whoever acts next; MHI also sees every claim past its target."""
    if not user.has_role(Role.PMA, Role.MHI, Role.IE, Role.APPLICANT):
        return
    timeline = parameter_timeline()  # every claim's clock from one read (R-SLI-10)
    rows, register_failed = claims_for_items(
        None if user.has_role(Role.MHI) else _acted_on_by(user),
        register_failed_of=user if user.has_role(Role.APPLICANT) else None,
    )
    for claim in rows:
        actor, what = NEXT.get(claim.status, ("", ""))
        due = due_on(claim, timeline)
        overdue = due is not None and today > due
        if not (_mine(user, claim, actor) or (overdue and user.has_role(Role.MHI))):
            continue
        title = f"{claim.label()}: {claim.beneficiary.user.organisation}"
        if actor != user.role:
            what = _("Past its service target with the %(who)s: %(status)s.") % {
                "who": Role(actor).label,
                "status": claim.get_status_display(),
            }
        yield Duty(title, what, claim.get_absolute_url(), due=due)
    for claim in register_failed:
        yield Duty(
            claim.label(),
            _("The invoice register could not be read: see why, and file it again."),
            claim.get_absolute_url(),
        )
