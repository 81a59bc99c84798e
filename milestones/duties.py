"""Home-page items for milestones and penalty cases."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from repm_portal.accounts.models import Role, User
from repm_portal.web.duties import Duty, duty_provider

from .models import CaseStatus, Milestone, MilestoneStatus, PenaltyCase

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# What MHI does next in a case, by its status.
MHI_NEXT: dict[str, StrOrPromise] = {
    CaseStatus.RAISED: _("Issue the show-cause notice"),
    CaseStatus.NOTICE_ISSUED: _("Fix and record the hearing"),
    CaseStatus.REPLIED: _("Fix and record the hearing"),
    CaseStatus.HEARD: _("Record the decision"),
}


@duty_provider
def milestone_duties(user: User, today: date) -> Iterable[Duty]:
    if user.has_role(Role.APPLICANT):
        for m in Milestone.objects.filter(
            beneficiary__user=user,
            status=MilestoneStatus.PENDING,
            deadline__lte=today + timedelta(days=365),
        ).only("beneficiary_id", "number", "deadline"):
            yield Duty(
                _("Milestone %(n)s by %(day)s")
                % {"n": m.number, "day": m.deadline.strftime("%d %b %Y")},
                _("Report investment or commissioning as it happens."),
                reverse("web:milestones", args=[m.beneficiary_id]),
                due=m.deadline,
            )
        for case in PenaltyCase.objects.filter(
            beneficiary__user=user, status=CaseStatus.NOTICE_ISSUED
        ).only("description"):
            yield Duty(
                _("Reply to the show-cause notice in case %(n)s") % {"n": case.pk},
                case.description,
                reverse("web:case", args=[case.pk]),
            )
    if user.has_role(Role.MHI):
        for case in (
            PenaltyCase.objects.exclude(status=CaseStatus.DECIDED)
            .select_related("beneficiary__user")
            .only("status", "raised_on", "beneficiary__user__organisation")
        ):
            yield Duty(
                _("Penalty case %(n)s: %(org)s")
                % {"n": case.pk, "org": case.beneficiary.user.organisation},
                MHI_NEXT[case.status],
                reverse("web:case", args=[case.pk]),
                due=case.raised_on,
            )
