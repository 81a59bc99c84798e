"""Home-page items about the audit trail, for administrators and MHI."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from repm_portal.accounts.models import Role, User
from repm_portal.periods import IST
from repm_portal.web.duties import Duty, duty_provider

from .models import AuditCheck


@duty_provider
def audit_chain_duties(user: User, today: date) -> Iterable[Duty]:
    if not user.has_role(Role.ADMIN, Role.MHI):
        return []
    last = AuditCheck.objects.order_by("-checked_at").first()
    url = reverse("web:audit")
    if last is None:
        return [
            Duty(_("Check the audit chain"), _("The chain has never been checked."), url, due=today)
        ]
    checked_on = last.checked_at.astimezone(IST).date()
    if not last.ok:
        return [
            Duty(
                _("The audit chain is broken"),
                _("Entry %(seq)s: %(reason)s")
                % {"seq": last.first_broken_seq, "reason": last.reason}
                if last.first_broken_seq is not None
                else last.reason,
                url,
                due=checked_on,
            )
        ]
    if checked_on < today - timedelta(days=1):
        return [
            Duty(
                _("Check the audit chain"),
                _("Last checked on %(day)s.") % {"day": checked_on.strftime("%d %b %Y")},
                url,
                due=checked_on + timedelta(days=1),
            )
        ]
    return []
