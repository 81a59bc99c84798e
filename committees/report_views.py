"""Quarterly report and QRR pages (R-COM-4): thin, over the same services as the API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bidding.models import Beneficiary
from repm_portal.accounts.models import Role, User
from repm_portal.errors import DomainError, NotAllowed
from repm_portal.exports import export_response
from repm_portal.page_cache import cached_page
from repm_portal.periods import Quarter, today_ist
from repm_portal.web.forms import add_domain_error, signed_in_user

from . import report_selectors as selectors
from . import report_services as services
from . import reports as rules
from .models.reports import WITH_PMA, ProcessStage, QRRStatus, QuarterlyReport
from .report_forms import (
    SECTIONS,
    QRRAnalysisForm,
    QRRCompileForm,
    ReportFilterForm,
    ReportForm,
    ReportStartForm,
    ReturnForm,
    RiskFormSet,
)

REPORT_READERS = (Role.APPLICANT, Role.PMA, Role.MHI)
QRR_READERS = (Role.PMA, Role.MHI, Role.TC, Role.SMC)


def _require(user: User, roles: tuple[str, ...]) -> None:
    if not user.has_role(*roles):
        raise NotAllowed(_("Your role does not give access to this page."))


def _start_choices(
    open_reports: list[tuple[Beneficiary, list[selectors.DueReport]]],
) -> list[tuple[int, str, list[str]]]:
    return [
        (b.pk, b.user.organisation, [d.quarter.code for d in owed if not d.report])
        for b, owed in open_reports
    ]


def _filtered(user: User, request: HttpRequest) -> tuple[Any, ReportFilterForm]:
    rows = selectors.reports_of(user)
    form = ReportFilterForm(request.GET)
    if form.is_valid():
        data = form.cleaned_data
        if data["quarter"]:
            rows = rows.filter(quarter=data["quarter"].strip().upper())
        if data["beneficiary"]:
            rows = rows.filter(beneficiary__user__organisation__icontains=data["beneficiary"])
        if data["status"]:
            rows = rows.filter(status=data["status"])
    return rows, form


@login_required
@cached_page
def report_list(request: HttpRequest) -> HttpResponseBase:
    """Reports: a beneficiary's own, with the quarters it owes; every report for PMA and MHI."""
    user = signed_in_user(request)
    _require(user, REPORT_READERS)
    rows, filters = _filtered(user, request)
    # The list and its export read these of a report, not its sections' text.
    rows = rows.only(
        "quarter",
        "due_on",
        "status",
        "submitted_at",
        "produced_kg",
        "beneficiary__user__organisation",
    )
    export = export_response(
        request,
        "quarterly-reports",
        ["id", "beneficiary", "quarter", "due_on", "status", "submitted_at", "produced_kg"],
        (
            [
                r.pk,
                r.beneficiary.user.organisation,
                r.quarter,
                r.due_on,
                r.get_status_display(),
                r.submitted_at,
                r.produced_kg,
            ]
            for r in rows
        ),
    )
    if export is not None:
        return export
    today = today_ist()
    open_reports = selectors.open_reports_of(user, today=today)
    choices = _start_choices(open_reports)
    start_form = ReportStartForm(choices=choices, prefix="start")
    if request.method == "POST":
        start_form = ReportStartForm(request.POST, choices=choices, prefix="start")
        if start_form.is_valid():
            try:
                b = selectors.reporting_beneficiaries(user).get(
                    pk=start_form.cleaned_data["beneficiary"]
                )
                report = services.quarterly_report_start(
                    actor=user,
                    beneficiary=b,
                    quarter=Quarter.parse(start_form.cleaned_data["quarter"]),
                )
            except DomainError as error:
                add_domain_error(start_form, error)
            else:
                messages.success(request, _("Draft started: fill in each section and submit."))
                return redirect("web:quarterly_report", report.pk)
    owed = [d for _b, owed in open_reports for d in owed]
    return render(
        request,
        "committees/reports/report_list.html",
        {
            "reports": rows,
            "filters": filters,
            "start_form": start_form,
            "can_start": any(qs for _pk, _l, qs in choices),
            "owed": owed,
            "today": today,
            "query": request.GET.urlencode(),
        },
    )


def _errors_onto(form: ReportForm, error: DomainError) -> None:
    """The service's errors on the form: each on its field, or on the form when it has none."""
    for field, problems in error.fields.items():
        target = field if field in form.fields else None
        for problem in problems:
            form.add_error(target, problem)
    if not error.fields:
        add_domain_error(form, error)  # type: ignore[arg-type]


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    _require(user, REPORT_READERS)
    report = selectors.report_for(user, pk)
    is_owner = report.beneficiary.user_id == user.pk
    form = ReportForm(instance=report, prefix="r")
    risks = RiskFormSet(
        prefix="risks",
        initial=[
            {
                "risk": r.risk,
                "likelihood": r.likelihood,
                "impact": r.impact,
                "mitigation": r.mitigation,
                "owner": r.owner,
                "status": r.status,
            }
            for r in report.risks.all()
        ],
    )
    if request.method == "POST" and is_owner:
        form = ReportForm(request.POST, instance=QuarterlyReport(), prefix="r")
        risks = RiskFormSet(request.POST, prefix="risks")
        if form.is_valid() and risks.is_valid():
            fields = {n: form.cleaned_data.get(n) for n in form.fields}
            rows = [row for row in risks.cleaned_data if row and (row.get("risk") or "").strip()]
            try:
                services.quarterly_report_save(actor=user, report=report, fields=fields, risks=rows)
            except DomainError as error:
                _errors_onto(form, error)
            else:
                if request.POST.get("then") == "submit":
                    try:
                        services.quarterly_report_submit(actor=user, report=report)
                    except DomainError as error:
                        messages.error(request, error.message)
                    else:
                        messages.success(request, _("Report submitted to the PMA."))
                else:
                    messages.success(request, _("Report saved."))
                return redirect("web:quarterly_report", report.pk)
    figures = report.milestone_figures
    return render(
        request,
        "committees/reports/report_detail.html",
        {
            "report": report,
            "is_owner": is_owner,
            "can_edit": is_owner and report.editable,
            "can_review": user.has_role(Role.PMA) and report.status in WITH_PMA,
            "form": form,
            "sections": [(title, [form[name] for name in names]) for title, names in SECTIONS],
            "risks": risks,
            "risk_rows": report.risks.all(),
            "return_form": ReturnForm(),
            "a": selectors.typed_milestone_figures(figures),
            "stages": [str(ProcessStage(s).label) for s in report.process_stages],
        },
    )


@require_POST
@login_required
def report_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = signed_in_user(request)
    report = selectors.report_for(user, pk)
    try:
        if step == "submit":
            services.quarterly_report_submit(actor=user, report=report)
        elif step == "return":
            form = ReturnForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Say what the beneficiary must correct."))
                return redirect("web:quarterly_report", report.pk)
            services.quarterly_report_return(
                actor=user, report=report, reasons=form.cleaned_data["reasons"]
            )
        elif step == "accept":
            services.quarterly_report_accept(actor=user, report=report)
        else:
            messages.error(request, _("That step is not available."))
            return redirect("web:quarterly_report", report.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        report.refresh_from_db(fields=["status"])
        messages.success(
            request, _("Done: the report is now “%(s)s”.") % {"s": report.get_status_display()}
        )
    return redirect("web:quarterly_report", report.pk)


# --- The QRR -------------------------------------------------------------------------------------


@login_required
@cached_page
def qrr_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in_user(request)
    _require(user, QRR_READERS)
    rows = selectors.qrrs_of(user)
    status = request.GET.get("status", "")
    if status in QRRStatus.values:
        rows = rows.filter(status=status)
    export = export_response(
        request,
        "qrrs",
        ["id", "quarter", "status", "compiled_at", "issued_at"],
        ([q.pk, q.quarter, q.get_status_display(), q.compiled_at, q.issued_at] for q in rows),
    )
    if export is not None:
        return export
    last = rules.last_ended_quarter(today_ist())
    form = QRRCompileForm(initial={"quarter": last.code})
    if request.method == "POST":
        form = QRRCompileForm(request.POST)
        if form.is_valid():
            try:
                qrr = services.qrr_compile(actor=user, quarter=form.cleaned_data["quarter"])
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("QRR compiled: write the analysis and issue it."))
                return redirect("web:qrr", qrr.pk)
    return render(
        request,
        "committees/reports/qrr_list.html",
        {
            "qrrs": rows,
            "form": form,
            "can_compile": user.has_role(Role.PMA),
            "status": status,
            "statuses": QRRStatus.choices,
        },
    )


@login_required
def qrr_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = signed_in_user(request)
    _require(user, QRR_READERS)
    qrr = selectors.qrr_for(user, pk)
    export = export_response(
        request, f"qrr-{qrr.quarter}", selectors.QRR_TABLE_HEADER, selectors.qrr_table_rows(qrr)
    )
    if export is not None:
        return export
    context = selectors.qrr_context(qrr)
    can_edit = user.has_role(Role.PMA) and qrr.status == QRRStatus.DRAFT
    initial = {f"analysis_{p['beneficiary']}": p["analysis"] for p in context["projects"]}
    form = QRRAnalysisForm(
        initial={**initial, "recommendations": qrr.recommendations},
        projects=context["projects"],
    )
    if request.method == "POST" and can_edit:
        form = QRRAnalysisForm(request.POST, projects=context["projects"])
        if form.is_valid():
            try:
                services.qrr_update(
                    actor=user,
                    qrr=qrr,
                    recommendations=form.cleaned_data["recommendations"],
                    analyses=form.analyses(),
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("Analysis saved."))
                return redirect("web:qrr", qrr.pk)
    return render(
        request,
        "committees/reports/qrr_detail.html",
        context | {"form": form, "can_edit": can_edit},
    )


@require_POST
@login_required
def qrr_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = signed_in_user(request)
    qrr = selectors.qrr_for(user, pk)
    try:
        if step == "recompile":
            services.qrr_compile(actor=user, quarter=qrr.period)
            messages.success(request, _("Figures compiled again from today's data."))
        elif step == "issue":
            services.qrr_issue(actor=user, qrr=qrr)
            messages.success(request, _("QRR issued to the TC, the SMC and MHI."))
        else:
            messages.error(request, _("That step is not available."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("web:qrr", qrr.pk)
