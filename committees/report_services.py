"""Every write of quarterly progress reports and the QRR (R-COM-4): one transaction each, each
state change through ``transition`` (audited) and told to the people who act next (``notify``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bidding.models import Beneficiary, BeneficiaryStatus
from milestones.models import ReminderLog
from repm_portal.accounts.models import Role, User
from repm_portal.audit.services import audit_record
from repm_portal.documents.letters import letter_render, letter_store
from repm_portal.errors import NotAllowed, RuleViolation, StateConflict, ValidationFailed
from repm_portal.lifecycle import transition
from repm_portal.notifications.services import notify
from repm_portal.parameters.selectors import parameters_in_force
from repm_portal.periods import Quarter, today_ist

from . import report_selectors as selectors
from . import reports as rules
from .models.reports import (
    EDITABLE,
    WITH_PMA,
    ProcessStage,
    ProjectAnalysis,
    QRRStatus,
    QuarterlyReport,
    QuarterlyReviewReport,
    ReportRisk,
    ReportStatus,
)
from .seating import holders_q

SYSTEM = "quarterly report reminders"


@dataclass(frozen=True)
class Step:
    allowed_from: tuple[str, ...]
    to: str
    role: str
    action: str


# R-COM-4: the report's lifecycle. The beneficiary submits (or resubmits after a return); the
# PMA returns it with reasons or accepts it.
TRANSITIONS: dict[str, Step] = {
    "submit": Step(
        (ReportStatus.DRAFT,), ReportStatus.SUBMITTED, Role.APPLICANT, "quarterly_report.submitted"
    ),
    "resubmit": Step(
        (ReportStatus.RETURNED,),
        ReportStatus.RESUBMITTED,
        Role.APPLICANT,
        "quarterly_report.resubmitted",
    ),
    "return": Step(WITH_PMA, ReportStatus.RETURNED, Role.PMA, "quarterly_report.returned"),
    "accept": Step(WITH_PMA, ReportStatus.ACCEPTED, Role.PMA, "quarterly_report.accepted"),
}

# Editable fields of a report (sections b–e and production), with their kind.
DECIMAL_FIELDS = (
    "land_pct",
    "buildings_pct",
    "utilities_pct",
    "equipment_ordered_pct",
    "equipment_installed_pct",
    "yield_pct",
    "rnd_spend",
    "produced_kg",
    "sold_kg",
    "exported_kg",
    "irel_oxide_kg",
)
SHARE_FIELDS = DECIMAL_FIELDS[:6]
INTEGER_FIELDS = (
    "headcount_managerial",
    "headcount_technical",
    "headcount_skilled",
    "headcount_other",
    "women",
    "trained",
)
TEXT_FIELDS = (
    "phases_narrative",
    "infrastructure_narrative",
    "technology_source",
    "grades_produced",
    "technology_narrative",
    "hr_narrative",
    "risk_narrative",
)
RISK_FIELDS = ("risk", "likelihood", "impact", "mitigation", "owner", "status")


def _problem_message(kind: str) -> str:
    return {
        "share": _("A share is a percentage: enter a number from 0 to 100."),
        "negative": _("This cannot be negative: enter 0 or more."),
        "women": _("Women cannot outnumber the total headcount of the four categories."),
        "trained": _("Staff trained cannot outnumber the total headcount."),
        "exported": _("Magnets exported cannot exceed magnets sold in the quarter."),
        "installed": _("Equipment installed cannot exceed equipment ordered (as shares of value)."),
    }[kind]


def _pma_users() -> Any:
    return User.objects.filter(role=Role.PMA, is_active=True)


def _report_url(report: QuarterlyReport) -> str:
    return reverse("web:quarterly_report", args=[report.pk])


def _qrr_url(qrr: QuarterlyReviewReport) -> str:
    return reverse("web:qrr", args=[qrr.pk])


# --- The beneficiary's report --------------------------------------------------------------------


def quarterly_report_start(
    *, actor: User, beneficiary: Beneficiary, quarter: Quarter, today: date | None = None
) -> QuarterlyReport:
    """A draft for ``quarter``: section (a) pre-filled from the milestones app, the risk register
    carried forward from the last quarter's report (risks not closed)."""
    today = today or today_ist()
    if beneficiary.user_id != actor.pk:
        raise NotAllowed(_("Only the beneficiary files its own quarterly report."))
    if beneficiary.status != BeneficiaryStatus.AWARDED or beneficiary.loa_date is None:
        raise StateConflict(_("Only a beneficiary holding a Letter of Award files reports."))
    terminal = selectors.terminal_date(beneficiary, on=today)
    if not rules.is_reporting_quarter(
        quarter=quarter, loa_date=beneficiary.loa_date, terminal=terminal
    ):
        raise RuleViolation(
            _(
                "No report is due for %(q)s: reports run from the quarter of the Letter of Award "
                "(%(loa)s) to the scheme's terminal date (%(end)s)."
            )
            % {
                "q": quarter.code,
                "loa": Quarter.containing(beneficiary.loa_date).code,
                "end": terminal.strftime("%d %b %Y"),
            },
            rule="R-COM-4",
            field="quarter",
        )
    if quarter.start > today:
        raise RuleViolation(
            _("%(q)s has not begun: a report can be started from %(day)s.")
            % {"q": quarter.code, "day": quarter.start.strftime("%d %b %Y")},
            rule="R-COM-4",
            field="quarter",
        )
    params = parameters_in_force(today)
    previous = selectors.previous_report(beneficiary, quarter)
    try:
        with transaction.atomic():
            report = QuarterlyReport.objects.create(
                beneficiary=beneficiary,
                quarter=quarter.code,
                quarter_end=quarter.end,
                due_on=rules.report_due_on(
                    quarter=quarter, due_days=params.integer("quarterly_report_due_days")
                ),
                parameter_version_id=params.version_id,
                milestone_figures=selectors.milestone_figures(
                    beneficiary, as_of=min(quarter.end, today)
                ),
                created_by=actor,
            )
            if previous is not None:
                ReportRisk.objects.bulk_create(
                    ReportRisk(report=report, **{f: getattr(r, f) for f in RISK_FIELDS})
                    for r in previous.risks.exclude(status="closed")
                )
            audit_record(
                actor=actor,
                action="quarterly_report.started",
                obj=report,
                after={"quarter": quarter.code, "carried_from": previous.pk if previous else None},
            )
    except IntegrityError:
        raise StateConflict(
            _("A report for %(q)s already exists: open it from the list.") % {"q": quarter.code},
            field="quarter",
        ) from None
    return report


def _numbers(fields: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The report's decimal and whole-number figures read, and what could not be read or is
    negative, by field."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    for name in DECIMAL_FIELDS:
        raw = fields.get(name)
        if raw in (None, ""):
            values[name] = None if name in SHARE_FIELDS else Decimal(0)
            continue
        try:
            values[name] = Decimal(str(raw))
        except ArithmeticError:
            errors[name] = [_("Enter a number, such as 42.5.")]
            continue
        if not values[name].is_finite():
            errors[name] = [_("Enter a number, such as 42.5.")]
    for name in INTEGER_FIELDS:
        raw = fields.get(name)
        try:
            values[name] = int(raw or 0)
        except (TypeError, ValueError):
            errors[name] = [_("Enter a whole number.")]
            continue
        if values[name] < 0:
            errors[name] = [_problem_message("negative")]
    return values, errors


def _clean(fields: Mapping[str, Any], risks: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The report's figures checked (R-COM-4): shares 0–100 %, women and trained within the
    headcount, exported within sold, nothing negative."""
    values, errors = _numbers(fields)
    for name in TEXT_FIELDS:
        values[name] = str(fields.get(name) or "").strip()
    stages = list(fields.get("process_stages") or [])
    unknown = [s for s in stages if s not in ProcessStage.values]
    if unknown:
        errors["process_stages"] = [
            _("Unknown process stage: %(s)s.") % {"s": ", ".join(map(str, unknown))}
        ]
    values["process_stages"] = [s for s in ProcessStage.values if s in stages]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], fields=errors)
    headcount = sum(values[n] for n in INTEGER_FIELDS[:4])
    problems = rules.figure_problems(
        rules.Figures(
            shares={n: values[n] for n in SHARE_FIELDS},
            headcount=headcount,
            women=values["women"],
            trained=values["trained"],
            produced_kg=values["produced_kg"],
            sold_kg=values["sold_kg"],
            exported_kg=values["exported_kg"],
            irel_oxide_kg=values["irel_oxide_kg"],
            rnd_spend=values["rnd_spend"],
            equipment_ordered_pct=values["equipment_ordered_pct"],
            equipment_installed_pct=values["equipment_installed_pct"],
        )
    )
    for number, risk in enumerate(risks, start=1):
        if not str(risk.get("risk") or "").strip():
            errors["risks"] = [
                _("Risk %(n)s: describe the risk, or remove the line.") % {"n": number}
            ]
        elif int(risk.get("likelihood") or 0) not in (1, 2, 3) or int(
            risk.get("impact") or 0
        ) not in (1, 2, 3):
            errors["risks"] = [
                _("Risk %(n)s: rate likelihood and impact low, medium or high.") % {"n": number}
            ]
    for field, kind in problems.items():
        errors[field] = [_problem_message(kind)]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ValidationFailed(first, fields=errors, code="invalid")
    return values


def _editable_by(actor: User, report: QuarterlyReport) -> None:
    if report.beneficiary.user_id != actor.pk:
        raise NotAllowed(_("Only the beneficiary edits its own quarterly report."))
    if report.status not in EDITABLE:
        raise StateConflict(
            _("This report is %(status)s: it can be changed only as a draft or when returned.")
            % {"status": report.get_status_display()}
        )


def quarterly_report_save(
    *,
    actor: User,
    report: QuarterlyReport,
    fields: Mapping[str, Any],
    risks: Sequence[Mapping[str, Any]],
) -> QuarterlyReport:
    """The beneficiary's figures and narratives for sections (b)–(e) and production; section (a)
    is refreshed from the milestones app."""
    _editable_by(actor, report)
    values = _clean(fields, risks)
    with transaction.atomic():
        locked = QuarterlyReport.objects.select_for_update().get(pk=report.pk)
        if locked.status not in EDITABLE:
            raise StateConflict(_("This report was submitted meanwhile: reload the page."))
        before = {n: str(getattr(locked, n)) for n in values}
        for name, value in values.items():
            setattr(locked, name, value)
        locked.milestone_figures = selectors.milestone_figures(
            locked.beneficiary, as_of=min(locked.quarter_end, today_ist())
        )
        locked.save()
        locked.risks.all().delete()
        ReportRisk.objects.bulk_create(
            ReportRisk(
                report=locked,
                risk=str(r["risk"]).strip(),
                likelihood=int(r["likelihood"]),
                impact=int(r["impact"]),
                mitigation=str(r.get("mitigation") or ""),
                owner=str(r.get("owner") or ""),
                status=str(r.get("status") or "open"),
            )
            for r in risks
        )
        audit_record(
            actor=actor,
            action="quarterly_report.saved",
            obj=locked,
            before=before,
            after={n: str(v) for n, v in values.items()} | {"risks": len(risks)},
        )
    return locked


def quarterly_report_submit(*, actor: User, report: QuarterlyReport) -> QuarterlyReport:
    """Submit a draft, or resubmit a returned report; section (a) is frozen as it stands."""
    step = TRANSITIONS["resubmit" if report.status == ReportStatus.RETURNED else "submit"]
    if report.beneficiary.user_id != actor.pk or not actor.has_role(step.role):
        raise NotAllowed(_("Only the beneficiary submits its own quarterly report."))
    with transaction.atomic():
        transition(
            report,
            allowed_from=step.allowed_from,
            to=step.to,
            actor=actor,
            action=step.action,
            also={
                "submitted_at": timezone.now(),
                "milestone_figures": selectors.milestone_figures(
                    report.beneficiary, as_of=min(report.quarter_end, today_ist())
                ),
            },
        )
        notify(
            _pma_users(),
            title=_("Quarterly report %(q)s from %(org)s to review")
            % {"q": report.quarter, "org": report.beneficiary.user.organisation},
            url=_report_url(report),
        )
    return report


def _review(actor: User, report: QuarterlyReport, name: str, **also: Any) -> None:
    step = TRANSITIONS[name]
    if not actor.has_role(step.role):
        raise NotAllowed(_("Only the PMA returns or accepts a quarterly report."))
    transition(
        report,
        allowed_from=step.allowed_from,
        to=step.to,
        actor=actor,
        action=step.action,
        also={"reviewed_by_id": actor.pk, "reviewed_at": timezone.now(), **also},
    )


def quarterly_report_return(
    *, actor: User, report: QuarterlyReport, reasons: str
) -> QuarterlyReport:
    """The PMA sends the report back for revision, saying what to correct."""
    if not reasons.strip():
        raise ValidationFailed(
            _("Say what the beneficiary must correct before resubmitting."), field="reasons"
        )
    with transaction.atomic():
        _review(actor, report, "return", return_reasons=reasons.strip())
        notify(
            [report.beneficiary.user],
            title=_("Quarterly report %(q)s returned for revision") % {"q": report.quarter},
            body=reasons.strip(),
            url=_report_url(report),
        )
    return report


def quarterly_report_accept(*, actor: User, report: QuarterlyReport) -> QuarterlyReport:
    with transaction.atomic():
        _review(actor, report, "accept")
        notify(
            [report.beneficiary.user],
            title=_("Quarterly report %(q)s accepted") % {"q": report.quarter},
            url=_report_url(report),
        )
    return report


# --- Reminders (daily, beat) ---------------------------------------------------------------------


def quarterly_report_reminders(*, today: date) -> int:
    """R-COM-4: remind each beneficiary ``quarterly_report_reminder_days`` before its report is
    due, unless already submitted. Running twice (or twice at once) sends each reminder once: a
    ``ReminderLog`` row per beneficiary, quarter and day-count decides."""
    params = parameters_in_force(today)
    days = set(params.days("quarterly_report_reminder_days"))
    quarter = rules.last_ended_quarter(today)
    sent = 0
    for candidate in (quarter, quarter.next()):
        due_on = rules.report_due_on(
            quarter=candidate, due_days=params.integer("quarterly_report_due_days")
        )
        left = (due_on - today).days
        if left not in days:
            continue
        for due in selectors.reports_due(candidate, on=today):
            if due.report is not None and due.report.status not in EDITABLE:
                continue
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(
                        beneficiary=due.beneficiary,
                        subject=f"qreport-{candidate.code}",
                        days_before=left,
                        sent_on=today,
                    )
                    notify(
                        [due.beneficiary.user],
                        title=_("Quarterly report %(q)s is due in %(d)s days (%(day)s)")
                        % {"q": candidate.code, "d": left, "day": due_on.strftime("%d %b %Y")},
                        url=reverse("web:quarterly_reports"),
                    )
            except IntegrityError:
                continue
            sent += 1
    return sent


# --- The QRR -------------------------------------------------------------------------------------


def _pma_only(actor: User) -> None:
    if not actor.has_role(Role.PMA):
        raise NotAllowed(_("Only the PMA compiles the quarterly review report."))


def qrr_compile(
    *, actor: User, quarter: Quarter, today: date | None = None
) -> QuarterlyReviewReport:
    """The QRR of an ended quarter, assembled from the accepted reports and the portal's data as
    a snapshot; compiling a draft again refreshes it; an issued QRR never changes."""
    _pma_only(actor)
    today = today or today_ist()
    if quarter.end >= today:
        raise RuleViolation(
            _("%(q)s ends on %(day)s: its QRR is compiled after the quarter ends.")
            % {"q": quarter.code, "day": quarter.end.strftime("%d %b %Y")},
            rule="R-COM-4",
            field="quarter",
        )
    figures = selectors.qrr_figures(quarter, on=today)
    with transaction.atomic():
        qrr = QuarterlyReviewReport.objects.select_for_update().filter(quarter=quarter.code).first()
        if qrr is not None and qrr.status == QRRStatus.ISSUED:
            raise StateConflict(
                _("The QRR for %(q)s was issued on %(day)s: it cannot be compiled again.")
                % {"q": quarter.code, "day": timezone.localtime(qrr.issued_at).strftime("%d %b %Y")}
                if qrr.issued_at
                else _("The QRR for %(q)s is issued.") % {"q": quarter.code}
            )
        if qrr is None:
            try:
                with transaction.atomic():
                    qrr = QuarterlyReviewReport.objects.create(
                        quarter=quarter.code,
                        quarter_end=quarter.end,
                        figures=figures,
                        compiled_at=timezone.now(),
                        compiled_by=actor,
                        parameter_version_id=figures["parameter_version"],
                    )
            except IntegrityError:
                raise StateConflict(
                    _("Someone compiled this QRR a moment ago: reload the page.")
                ) from None
        else:
            QuarterlyReviewReport.objects.filter(pk=qrr.pk).update(
                figures=figures,
                compiled_at=timezone.now(),
                compiled_by=actor,
                parameter_version_id=figures["parameter_version"],
            )
            qrr.refresh_from_db()
        audit_record(
            actor=actor,
            action="qrr.compiled",
            obj=qrr,
            after={
                "quarter": quarter.code,
                "projects": len(figures["projects"]),
                "missing": [m["beneficiary"] for m in figures["missing"]],
            },
        )
    return qrr


def qrr_update(
    *,
    actor: User,
    qrr: QuarterlyReviewReport,
    recommendations: str,
    analyses: Mapping[int, str],
) -> QuarterlyReviewReport:
    """The PMA's analysis of each project (§10.1.viii) and its recommendations (§10.1.x)."""
    _pma_only(actor)
    known = {p["beneficiary"] for p in qrr.figures.get("projects", [])}
    unknown = [pk for pk in analyses if pk not in known]
    if unknown:
        raise ValidationFailed(_("Analyses can only be written for the projects in this QRR."))
    with transaction.atomic():
        locked = QuarterlyReviewReport.objects.select_for_update().get(pk=qrr.pk)
        if locked.status != QRRStatus.DRAFT:
            raise StateConflict(_("An issued QRR cannot be changed."))
        before = {"recommendations": locked.recommendations}
        locked.recommendations = recommendations.strip()
        locked.save(update_fields=["recommendations"])
        for pk, text in analyses.items():
            if text.strip():
                ProjectAnalysis.objects.update_or_create(
                    qrr=locked, beneficiary_id=pk, defaults={"analysis": text.strip()}
                )
            else:
                ProjectAnalysis.objects.filter(qrr=locked, beneficiary_id=pk).delete()
        audit_record(
            actor=actor,
            action="qrr.analysis_saved",
            obj=locked,
            before=before,
            after={"recommendations": locked.recommendations, "analyses": sorted(analyses)},
        )
    return locked


def qrr_readers_today(today: date) -> Any:
    """Who is told of an issued QRR (R-COM-3, R-COM-4): the people who hold a TC or SMC seat on
    ``today`` (whatever their ``role`` field says: the PMA holds the TC's member-secretary seat)
    and MHI. A member whose seat has ended is not told."""
    return (
        User.objects.filter(is_active=True)
        .filter(Q(role=Role.MHI) | holders_q(Role.TC, today) | holders_q(Role.SMC, today))
        .distinct()
    )


def qrr_issue(*, actor: User, qrr: QuarterlyReviewReport) -> QuarterlyReviewReport:
    """Issue the QRR: its figures frozen, its PDF (tagged, with the issue date) stored and sent to
    the TC, the SMC and MHI (R-COM-4, R-GOV-1, R-GOV-4)."""
    _pma_only(actor)
    qrr.refresh_from_db()  # the analysis and figures as saved, not as the caller last saw them
    if qrr.status != QRRStatus.DRAFT:
        raise StateConflict(_("This QRR is already issued."))
    analyses = selectors.analyses_of(qrr)
    lacking = [
        p["organisation"]
        for p in qrr.figures.get("projects", [])
        if p["beneficiary"] not in analyses
    ]
    if lacking:
        raise RuleViolation(
            _("Write the PMA's analysis (§10.1.viii) of every project before issuing: %(list)s.")
            % {"list": ", ".join(lacking)},
            rule="R-COM-4",
            field="analyses",
        )
    if not qrr.recommendations.strip():
        raise RuleViolation(
            _("Write the PMA's recommendations (§10.1.x) before issuing."),
            rule="R-COM-4",
            field="recommendations",
        )
    issued_at = timezone.now()
    rendered = letter_render(  # slow (render and sign): before the transaction's locks
        "committees/reports/qrr_pdf.html",
        selectors.qrr_context(qrr, analyses=analyses)
        | {"issued_at": issued_at, "issued_by": actor},
    )
    with transaction.atomic():
        document = letter_store(
            owner=actor,
            pdf=rendered.pdf,
            filename=f"QRR-{qrr.quarter}.pdf",
            title=f"Quarterly Review Report {qrr.quarter}",
            readers=(Role.PMA, Role.MHI, Role.TC, Role.SMC),
            reference=rendered.reference,  # printed on it: /verify/ answers for it
            subject=f"qrr:{qrr.quarter}",
            issued_at=issued_at,
        )
        transition(
            qrr,
            allowed_from=[QRRStatus.DRAFT],
            to=QRRStatus.ISSUED,
            actor=actor,
            action="qrr.issued",
            also={"issued_at": issued_at, "issued_by_id": actor.pk, "document_id": document.pk},
        )
        notify(
            qrr_readers_today(today_ist()),
            title=_("Quarterly review report %(q)s issued") % {"q": qrr.quarter},
            url=_qrr_url(qrr),
        )
    return qrr
