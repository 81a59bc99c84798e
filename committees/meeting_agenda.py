"""What the portal proposes for a review meeting's agenda (§8.1, §9.1): milestones at risk,
penalty cases awaiting MHI's decision, claims past their service target (R-SLI-10) and the
committee's open action items from earlier meetings. Registered in CommitteesConfig.ready."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from incentives.examination import due_on
from incentives.selectors import open_claims
from milestones.models import CaseStatus, Milestone, MilestoneStatus, PenaltyCase
from repm_portal.parameters.selectors import parameters_in_force

from .agenda import ProposedItem, agenda_proposer
from .selectors import open_actions


@agenda_proposer
def milestones_at_risk(committee: str, on: date) -> Iterable[ProposedItem]:
    horizon = parameters_in_force(on).integer("agenda_milestone_horizon_days")
    for m in Milestone.objects.filter(
        status=MilestoneStatus.PENDING, deadline__lte=on + timedelta(days=horizon)
    ).select_related("beneficiary__user"):
        yield ProposedItem(
            kind="milestone_at_risk",
            title=_("Milestone %(n)s of %(org)s due %(day)s, not yet met")
            % {
                "n": m.number,
                "org": m.beneficiary.user.organisation,
                "day": m.deadline.strftime("%d %b %Y"),
            },
            detail=_("Deadline within %(d)s days of the meeting, or already past.")
            % {"d": horizon},
            url=reverse("web:milestones", args=[m.beneficiary_id]),
            ref=f"milestone:{m.pk}",
        )


@agenda_proposer
def penalty_cases_open(committee: str, on: date) -> Iterable[ProposedItem]:
    for case in PenaltyCase.objects.exclude(status=CaseStatus.DECIDED).select_related(
        "beneficiary__user"
    ):
        yield ProposedItem(
            kind="penalty_case",
            title=_("Penalty case %(n)s of %(org)s awaiting MHI's decision")
            % {"n": case.pk, "org": case.beneficiary.user.organisation},
            detail=case.get_status_display(),
            url=reverse("web:case", args=[case.pk]),
            ref=f"case:{case.pk}",
        )


@agenda_proposer
def claims_past_target(committee: str, on: date) -> Iterable[ProposedItem]:
    for claim in open_claims():
        due = due_on(claim)
        if due is not None and on > due:
            yield ProposedItem(
                kind="claim_overdue",
                title=_("%(claim)s of %(org)s past its service target of %(day)s")
                % {
                    "claim": claim.label(),
                    "org": claim.beneficiary.user.organisation,
                    "day": due.strftime("%d %b %Y"),
                },
                detail=claim.get_status_display(),
                url=claim.get_absolute_url(),
                ref=f"claim:{claim._meta.model_name}:{claim.pk}",
            )


@agenda_proposer
def open_action_items(committee: str, on: date) -> Iterable[ProposedItem]:
    for action in open_actions(committee, on):
        yield ProposedItem(
            kind="action_item",
            title=_("Open action: %(what)s") % {"what": action.description[:200]},
            detail=_("Owner %(owner)s, due %(day)s, from %(meeting)s")
            % {
                "owner": action.owner.full_name,
                "day": action.due_on.strftime("%d %b %Y"),
                "meeting": action.item.meeting.title,
            },
            url=reverse("web:my_actions"),
            ref=f"action:{action.pk}",
        )
