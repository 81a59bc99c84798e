"""What the portal proposes for a review meeting's agenda (§8.1, §9.1): milestones at risk,
penalty cases awaiting MHI's decision, claims past their service target (R-SLI-10) and the
committee's open action items from earlier meetings; for the SMC, the scheme years whose SLI
forecast passes Table 6 (R-OUT-2). Registered in CommitteesConfig.ready."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.urls import reverse
from django.utils.translation import gettext as _

from incentives.examination import due_on
from incentives.selectors import open_claims
from milestones.models import CaseStatus, Milestone, MilestoneStatus, PenaltyCase
from repm_portal.money import format_crore
from repm_portal.parameters.selectors import parameter_timeline, parameters_in_force

from .agenda import ProposedItem, agenda_proposer
from .outlay import selectors as outlay
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
    timeline = parameter_timeline()
    for claim in open_claims():
        due = due_on(claim, timeline)
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


@agenda_proposer
def outlay_years_over_table6(committee: str, on: date) -> Iterable[ProposedItem]:
    """§8.1, R-OUT-2: for the SMC, each remaining scheme year whose SLI already sanctioned plus
    the forecast (at the assumptions in force) passes Table 6's indicative SLI outlay."""
    if committee != "smc" or outlay.as_of_problem(on) is not None:
        return
    forecast = outlay.outlay_forecast(as_of=on)
    for year in forecast.year_list:
        if not year["over"]:
            continue
        bucket = year["bucket"]
        yield ProposedItem(
            kind="outlay_over_table6",
            title=_("Scheme year %(k)s: SLI expected %(expected)s passes Table 6's %(table)s")
            % {
                "k": bucket.key,
                "expected": format_crore(year["expected"]),
                "table": format_crore(year["indicative"]),
            },
            detail=_(
                "%(start)s to %(end)s: sanctioned so far %(sanctioned)s, forecast %(forecast)s "
                "at %(utilisation)s utilisation. Consider re-phasing or seeking approval."
            )
            % {
                "start": bucket.start.strftime("%d %b %Y"),
                "end": bucket.end.strftime("%d %b %Y"),
                "sanctioned": format_crore(year["sanctioned"]),
                "forecast": format_crore(year["forecast"]),
                "utilisation": f"{forecast.assumptions.utilisation * 100:.0f} %",
            },
            url=reverse("web:outlay"),
            ref=f"outlay:year-{bucket.key}",
        )
