"""Reads for quarterly progress reports and the QRR (R-COM-4, R-ACL-1, R-ACL-3).

Every list is a fixed number of queries whatever the number of beneficiaries or reports.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Min, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from bidding.models import Beneficiary, BeneficiaryStatus
from incentives.models import CapitalSubsidyClaim, ClaimStatus, SLIClaim
from milestones.models import CaseStatus, CommissioningRecord, InvestmentLine, PenaltyCase
from repm_portal.accounts.models import Role, User
from repm_portal.errors import NotFound
from repm_portal.parameters.models import ParameterVersion
from repm_portal.parameters.selectors import (
    as_parameters,
    parameters_in_force,
    parameters_of_version,
)
from repm_portal.parameters.values import SchemeParameters
from repm_portal.periods import Quarter
from repm_portal.term import term_from

from . import reports as rules
from .models.reports import (
    ProjectAnalysis,
    QRRStatus,
    QuarterlyReport,
    QuarterlyReviewReport,
    ReportRisk,
    ReportStatus,
)

# Who reads every beneficiary's report: the PMA reviews them, MHI reads everything (R-ACL-2/3).
REVIEWERS = (Role.PMA, Role.MHI)


# --- Who sees what -------------------------------------------------------------------------------


def reports_of(user: User) -> QuerySet[QuarterlyReport]:
    """R-ACL-1: a beneficiary's own reports; for the PMA and MHI every report once submitted (a
    draft is the beneficiary's until then); none otherwise."""
    rows = QuarterlyReport.objects.select_related("beneficiary__user")
    if user.has_role(Role.APPLICANT):
        return rows.filter(beneficiary__user=user)
    if user.has_role(*REVIEWERS):
        return rows.exclude(status=ReportStatus.DRAFT)
    return rows.none()


def report_for(user: User, pk: int | str) -> QuarterlyReport:
    try:
        return reports_of(user).get(pk=pk)
    except (QuarterlyReport.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such quarterly report.")) from None


def qrrs_of(user: User) -> QuerySet[QuarterlyReviewReport]:
    """R-ACL-3: the PMA compiles and MHI reads every QRR; TC and SMC members read issued ones."""
    rows = QuarterlyReviewReport.objects.select_related("compiled_by", "issued_by", "document")
    if user.has_role(*REVIEWERS):
        return rows
    if user.has_role(Role.TC, Role.SMC):
        return rows.filter(status=QRRStatus.ISSUED)
    return rows.none()


def qrr_for(user: User, pk: int | str) -> QuarterlyReviewReport:
    try:
        return qrrs_of(user).get(pk=pk)
    except (QuarterlyReviewReport.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("No such quarterly review report.")) from None


def reporting_beneficiaries(user: User) -> QuerySet[Beneficiary]:
    """The beneficiaries a user files reports for: its own awarded ones."""
    if not user.has_role(Role.APPLICANT):
        return Beneficiary.objects.none()
    return Beneficiary.objects.filter(
        user=user, status=BeneficiaryStatus.AWARDED, loa_date__isnull=False
    ).select_related("user")


# --- The scheme's calendar (R-PARAM-2) -----------------------------------------------------------


def first_loa_by_round() -> dict[int, date]:
    return dict(
        Beneficiary.objects.filter(loa_date__isnull=False)
        .values("round_id")
        .annotate(first=Min("loa_date"))
        .values_list("round_id", "first")
    )


def terminal_date(
    beneficiary: Beneficiary,
    *,
    on: date,
    first_loa: date | None = None,
    params: SchemeParameters | None = None,
) -> date:
    """R-PARAM-2: the scheme's terminal date for the beneficiary's round, by the parameters in
    force ``on``."""
    params = params or parameters_in_force(on)
    if first_loa is None:
        first_loa = first_loa_by_round().get(beneficiary.round_id, beneficiary.loa_date)
    assert first_loa is not None
    return term_from(params, first_loa=first_loa).terminal  # one term rule: repm_portal/term.py


@dataclass(frozen=True)
class DueReport:
    beneficiary: Beneficiary
    quarter: Quarter
    due_on: date
    report: QuarterlyReport | None

    @property
    def state(self) -> str:
        return self.report.status if self.report else "not_started"


def reports_due(quarter: Quarter, *, on: date, brief: bool = False) -> list[DueReport]:
    """R-COM-4: each awarded beneficiary owing a report for ``quarter``, with its report if it
    has one (three queries). ``brief``: read only the beneficiary's name and the report's state,
    for a list of who is late."""
    params = parameters_in_force(on)
    due_on = rules.report_due_on(
        quarter=quarter, due_days=params.integer("quarterly_report_due_days")
    )
    first = first_loa_by_round()
    rows = (
        Beneficiary.objects.filter(status=BeneficiaryStatus.AWARDED, loa_date__isnull=False)
        .select_related("user")
        .order_by("rank", "pk")
    )
    if brief:
        rows = rows.only("round_id", "loa_date", "user__organisation")
    beneficiaries = [
        b
        for b in rows
        if b.loa_date
        and rules.is_reporting_quarter(
            quarter=quarter,
            loa_date=b.loa_date,
            terminal=terminal_date(b, on=on, first_loa=first.get(b.round_id), params=params),
        )
    ]
    reports = QuarterlyReport.objects.filter(
        quarter=quarter.code, beneficiary__in=[b.pk for b in beneficiaries]
    )
    if brief:
        reports = reports.only("beneficiary_id", "status")
    by_beneficiary = {r.beneficiary_id: r for r in reports}
    return [DueReport(b, quarter, due_on, by_beneficiary.get(b.pk)) for b in beneficiaries]


def open_reports_of(user: User, *, today: date) -> list[tuple[Beneficiary, list[DueReport]]]:
    """Each beneficiary the user reports for, with its ended quarters whose report is not yet
    with the PMA or accepted, and the current one (three queries, however many there are)."""
    beneficiaries = list(
        reporting_beneficiaries(user).only("pk", "round_id", "loa_date", "user__organisation")
    )
    if not beneficiaries:
        return []
    params = parameters_in_force(today)
    due_days = params.integer("quarterly_report_due_days")
    first = first_loa_by_round()
    have: dict[int, dict[str, QuarterlyReport]] = defaultdict(dict)
    for report in QuarterlyReport.objects.filter(
        beneficiary__in=[b.pk for b in beneficiaries]
    ).only("pk", "beneficiary_id", "quarter", "status"):
        have[report.beneficiary_id][report.quarter] = report
    found = []
    for b in beneficiaries:
        assert b.loa_date is not None
        terminal = terminal_date(
            b, on=today, first_loa=first.get(b.round_id, b.loa_date), params=params
        )
        rows = []
        for q in rules.reporting_quarters(loa_date=b.loa_date, terminal=terminal):
            if q.start > today:
                break
            filed = have[b.pk].get(q.code)
            if filed is None or filed.status in (ReportStatus.DRAFT, ReportStatus.RETURNED):
                rows.append(
                    DueReport(b, q, rules.report_due_on(quarter=q, due_days=due_days), filed)
                )
        found.append((b, rows))
    return found


# --- Section (a), pre-filled from the milestones app ---------------------------------------------

CENTS = Decimal("0.01")


def _fixed(value: Decimal | int) -> str:
    """Money and MTPA to two places, the same on SQLite and PostgreSQL."""
    return str(Decimal(value).quantize(CENTS))


def _as_of_status(status: str, deadline: date, achieved_on: date | None, as_of: date) -> str:
    if achieved_on is not None and achieved_on <= as_of:
        return "achieved"
    if status != "pending" and deadline < as_of:
        return "missed"
    return "pending"


def milestone_figures(beneficiary: Beneficiary, *, as_of: date) -> dict[str, Any]:
    """R-COM-4 (a): the milestones app's figures at ``as_of`` (the quarter's end): M1–M3 with
    their status then, eligible investment to date against Table 5, capacity commissioned against
    the allocation. Money and capacity as strings, so the JSON keeps them exact."""
    from milestones import selectors as ms

    params = parameters_of_version(beneficiary.parameter_version_id)
    capacity = beneficiary.allocated_capacity_mtpa
    return {
        "as_of": as_of.isoformat(),
        "milestones": [
            {
                "number": m.number,
                "deadline": m.deadline.isoformat(),
                "threshold": str(m.threshold),
                "unit": m.unit,
                "status": _as_of_status(m.status, m.deadline, m.achieved_on, as_of),
                "achieved_on": m.achieved_on.isoformat()
                if m.achieved_on and m.achieved_on <= as_of
                else None,
            }
            for m in beneficiary.milestones.order_by("number")
        ],
        "investment": _fixed(ms.eligible_investment(beneficiary, up_to=as_of)),
        "table5": _fixed(params.crore_row("milestone2_investment_cr", capacity)),
        "commissioned_mtpa": _fixed(ms.commissioned_capacity(beneficiary, up_to=as_of)),
        "allocated_mtpa": str(capacity),
    }


def previous_report(beneficiary: Beneficiary, quarter: Quarter) -> QuarterlyReport | None:
    return (
        QuarterlyReport.objects.filter(beneficiary=beneficiary, quarter_end__lt=quarter.start)
        .order_by("-quarter_end")
        .first()
    )


# --- The QRR's figures (a snapshot taken when compiling) ------------------------------------------


def _sum_by(rows: QuerySet[Any], field: str, **filters: Any) -> dict[int, Decimal]:
    return {
        row["beneficiary_id"]: row["total"] or Decimal(0)
        for row in rows.filter(**filters)
        .values("beneficiary_id")
        .annotate(total=Sum(field))
        .order_by()
    }


def _count_by(rows: QuerySet[Any], **filters: Any) -> dict[int, int]:
    return {
        row["beneficiary_id"]: row["n"]
        for row in rows.filter(**filters)
        .values("beneficiary_id")
        .annotate(n=Count("id"))
        .order_by()
    }


def qrr_figures(quarter: Quarter, *, on: date) -> dict[str, Any]:
    """R-COM-4 (QRR): every project due to report for ``quarter``, from the accepted reports and
    the portal's own data to the quarter's end; the reports not accepted listed as missing.
    A fixed number of queries whatever the number of projects."""
    params = parameters_in_force(on)
    amber_days = params.integer("qrr_amber_days")
    high = params.integer("qrr_high_risk_score")
    end = quarter.end
    due = reports_due(quarter, on=on)
    ids = [d.beneficiary.pk for d in due]
    invested = _sum_by(
        InvestmentLine.objects.filter(beneficiary__in=ids), "eligible_amount", invoice_date__lte=end
    )
    commissioned = _sum_by(
        CommissioningRecord.objects.filter(beneficiary__in=ids),
        "capacity_mtpa",
        commissioned_on__lte=end,
    )
    not_filed = (ClaimStatus.PROCESSING, ClaimStatus.REGISTER_FAILED)
    claims: dict[str, dict[int, Any]] = defaultdict(dict)
    for model in (SLIClaim, CapitalSubsidyClaim):
        rows = model.objects.filter(beneficiary__in=ids)
        for key, values in (
            ("filed", _count_by(rows.exclude(status__in=not_filed), filed_at__date__lte=end)),
            (
                "sanctioned",
                _sum_by(rows, "sanctioned_amount", sanctioned_at__date__lte=end),
            ),
            ("disbursed", _sum_by(rows, "sanctioned_amount", disbursed_on__lte=end)),
        ):
            for pk, value in values.items():
                claims[key][pk] = claims[key].get(pk, 0) + value
    open_cases = _count_by(
        PenaltyCase.objects.filter(beneficiary__in=ids).filter(
            Q(raised_on__lte=end) & ~Q(status=CaseStatus.DECIDED)
        )
    )
    from milestones.models import Milestone

    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for m in Milestone.objects.filter(beneficiary__in=ids).order_by("beneficiary_id", "number"):
        milestones[m.beneficiary_id].append(m)
    accepted = {
        d.beneficiary.pk: d.report
        for d in due
        if d.report is not None and d.report.status == ReportStatus.ACCEPTED
    }
    risks: dict[int, list[ReportRisk]] = defaultdict(list)
    for risk in ReportRisk.objects.filter(report__in=[r.pk for r in accepted.values() if r]):
        risks[risk.report_id].append(risk)
    versions = {
        v.pk: as_parameters(v)
        for v in ParameterVersion.objects.filter(
            pk__in={d.beneficiary.parameter_version_id for d in due}
        )
    }
    table5 = {
        d.beneficiary.pk: versions[d.beneficiary.parameter_version_id].crore_row(
            "milestone2_investment_cr", d.beneficiary.allocated_capacity_mtpa
        )
        for d in due
    }
    projects = []
    missing = []
    for d in due:
        b = d.beneficiary
        report = accepted.get(b.pk)
        if report is None:
            missing.append(
                {
                    "beneficiary": b.pk,
                    "organisation": b.user.organisation,
                    "state": d.state,
                    "report": d.report.pk if d.report else None,
                    "due_on": d.due_on.isoformat(),
                }
            )
        as_of_lights = []
        for m in milestones[b.pk]:
            status = _as_of_status(m.status, m.deadline, m.achieved_on, end)
            as_of_lights.append(
                {
                    "number": m.number,
                    "deadline": m.deadline.isoformat(),
                    "threshold": str(m.threshold),
                    "unit": m.unit,
                    "status": status,
                    "light": rules.traffic_light(
                        status=status, deadline=m.deadline, on=end, amber_days=amber_days
                    ),
                }
            )
        high_risks = [
            {
                "risk": r.risk,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "mitigation": r.mitigation,
                "owner": r.owner,
                "status": r.status,
            }
            for r in (risks[report.pk] if report else [])
            if r.status != "closed"
            and rules.risk_is_high(likelihood=r.likelihood, impact=r.impact, threshold=high)
        ]
        projects.append(
            {
                "beneficiary": b.pk,
                "organisation": b.user.organisation,
                "rank": b.rank,
                "allocated_mtpa": str(b.allocated_capacity_mtpa),
                "loa_date": b.loa_date.isoformat() if b.loa_date else None,
                "report": report.pk if report else None,
                "report_state": d.state,
                "milestones": as_of_lights,
                "investment": _fixed(invested.get(b.pk, Decimal(0))),
                "table5": _fixed(table5[b.pk]),
                "commissioned_mtpa": _fixed(commissioned.get(b.pk, Decimal(0))),
                "claims_filed": int(claims["filed"].get(b.pk, 0)),
                "sanctioned": _fixed(claims["sanctioned"].get(b.pk, Decimal(0))),
                "disbursed": _fixed(claims["disbursed"].get(b.pk, Decimal(0))),
                "penalty_cases_open": open_cases.get(b.pk, 0),
                "produced_kg": str(report.produced_kg) if report else None,
                "sold_kg": str(report.sold_kg) if report else None,
                "exported_kg": str(report.exported_kg) if report else None,
                "irel_oxide_kg": str(report.irel_oxide_kg) if report else None,
                "high_risks": high_risks,
            }
        )
    return {
        "quarter": quarter.code,
        "start": quarter.start.isoformat(),
        "end": end.isoformat(),
        "due_on": due[0].due_on.isoformat()
        if due
        else rules.report_due_on(
            quarter=quarter, due_days=params.integer("quarterly_report_due_days")
        ).isoformat(),
        "amber_days": amber_days,
        "high_risk_score": high,
        "parameter_version": params.version_id,
        "projects": projects,
        "missing": missing,
    }


def analyses_of(qrr: QuarterlyReviewReport) -> dict[int, str]:
    return dict(ProjectAnalysis.objects.filter(qrr=qrr).values_list("beneficiary_id", "analysis"))


# --- The QRR as shown (page, PDF and exports read the snapshot only) ----------------------------


def _dec(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def light_label(light: str) -> str:
    return {
        rules.GREEN: _("Green: met or on track"),
        rules.AMBER: _("Amber: due soon, not yet met"),
        rules.RED: _("Red: missed"),
    }[light]


def qrr_context(
    qrr: QuarterlyReviewReport, *, analyses: dict[int, str] | None = None
) -> dict[str, Any]:
    """The QRR's tables from its snapshot, typed for display; nothing read from live data."""
    figures = qrr.figures
    analyses = analyses_of(qrr) if analyses is None else analyses
    projects = []
    for p in figures.get("projects", []):
        projects.append(
            {
                **p,
                "loa_date": date.fromisoformat(p["loa_date"]) if p["loa_date"] else None,
                "investment": Decimal(p["investment"]),
                "table5": Decimal(p["table5"]),
                "commissioned_mtpa": Decimal(p["commissioned_mtpa"]),
                "allocated_mtpa": Decimal(p["allocated_mtpa"]),
                "sanctioned": Decimal(p["sanctioned"]),
                "disbursed": Decimal(p["disbursed"]),
                "produced_kg": _dec(p["produced_kg"]),
                "sold_kg": _dec(p["sold_kg"]),
                "exported_kg": _dec(p["exported_kg"]),
                "irel_oxide_kg": _dec(p["irel_oxide_kg"]),
                "milestones": [
                    {
                        **m,
                        "deadline": date.fromisoformat(m["deadline"]),
                        "threshold": Decimal(m["threshold"]),
                        "light_label": light_label(m["light"]),
                        "badge": {"green": "success", "amber": "warning", "red": "danger"}[
                            m["light"]
                        ],
                    }
                    for m in p["milestones"]
                ],
                "analysis": analyses.get(p["beneficiary"], ""),
            }
        )
    missing = [
        {**m, "due_on": date.fromisoformat(m["due_on"]), "state_label": state_label(m["state"])}
        for m in figures.get("missing", [])
    ]
    return {
        "qrr": qrr,
        "quarter": qrr.period,
        "due_on": date.fromisoformat(figures["due_on"]) if figures.get("due_on") else None,
        "projects": projects,
        "missing": missing,
        "high_risk_score": figures.get("high_risk_score"),
        "amber_days": figures.get("amber_days"),
    }


def state_label(state: str) -> str:
    if state == "not_started":
        return _("Not started")
    return str(ReportStatus(state).label)


QRR_TABLE_HEADER = [
    "beneficiary",
    "rank",
    "allocated_mtpa",
    "report",
    "m1",
    "m2",
    "m3",
    "investment_inr",
    "table5_inr",
    "commissioned_mtpa",
    "claims_filed",
    "sanctioned_inr",
    "disbursed_inr",
    "penalty_cases_open",
    "produced_kg",
    "sold_kg",
    "exported_kg",
    "irel_oxide_kg",
    "high_risks",
]


def qrr_table_rows(qrr: QuarterlyReviewReport) -> list[list[Any]]:
    """The QRR's project table for CSV/XLSX (values typed: Decimal stays exact)."""
    rows = []
    for p in qrr_context(qrr, analyses={})["projects"]:
        lights = {m["number"]: m["light"] for m in p["milestones"]}
        rows.append(
            [
                p["organisation"],
                p["rank"],
                p["allocated_mtpa"],
                state_label(p["report_state"]),
                lights.get(1, ""),
                lights.get(2, ""),
                lights.get(3, ""),
                p["investment"],
                p["table5"],
                p["commissioned_mtpa"],
                p["claims_filed"],
                p["sanctioned"],
                p["disbursed"],
                p["penalty_cases_open"],
                p["produced_kg"],
                p["sold_kg"],
                p["exported_kg"],
                p["irel_oxide_kg"],
                "; ".join(r["risk"] for r in p["high_risks"]),
            ]
        )
    return rows


def typed_milestone_figures(figures: dict[str, Any]) -> dict[str, Any]:
    """Section (a) as stored, typed for display."""
    if not figures:
        return {}
    return {
        "as_of": date.fromisoformat(figures["as_of"]),
        "milestones": [
            {
                **m,
                "deadline": date.fromisoformat(m["deadline"]),
                "threshold": Decimal(m["threshold"]),
                "achieved_on": date.fromisoformat(m["achieved_on"]) if m["achieved_on"] else None,
            }
            for m in figures["milestones"]
        ],
        "investment": Decimal(figures["investment"]),
        "table5": Decimal(figures["table5"]),
        "commissioned_mtpa": Decimal(figures["commissioned_mtpa"]),
        "allocated_mtpa": Decimal(figures["allocated_mtpa"]),
    }
