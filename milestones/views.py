"""Milestone, penalty-case and MCLR pages: thin, over the same services as the API."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bidding.models import Beneficiary
from repm_portal.accounts.models import Role
from repm_portal.accounts.roles import require_role
from repm_portal.errors import DomainError
from repm_portal.exports import export_response
from repm_portal.page_cache import cached_page
from repm_portal.web.forms import add_domain_error, signed_in_user

from . import selectors, services
from .forms import (
    CaseRaiseForm,
    CommissioningForm,
    DecisionForm,
    HearingForm,
    InvestmentLineFormSet,
    InvestmentReportForm,
    MCLRForm,
    NoticeForm,
    RefundForm,
    ReplyForm,
)
from .models import CaseStatus, MCLRRate


def _progress(b: Beneficiary) -> list[dict[str, Any]]:
    invested = selectors.eligible_investment(b)
    commissioned = selectors.commissioned_capacity(b)
    rows = []
    for m in b.milestones.all():
        have = commissioned if m.unit == "MTPA" else invested
        rows.append(
            {
                "m": m,
                "have": have,
                "pct": min(100, int(have * 100 / m.threshold)) if m.threshold else 100,
            }
        )
    return rows


@login_required
def beneficiary_milestones(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    b = selectors.beneficiary_for(user, pk)
    is_owner = b.user_id == user.pk
    report_form = InvestmentReportForm(user=user, prefix="report")
    lines = InvestmentLineFormSet(prefix="lines")
    commissioning_form = CommissioningForm(user=user, prefix="com")
    if request.method == "POST" and is_owner:
        try:
            if request.POST.get("form") == "investment":
                report_form = InvestmentReportForm(request.POST, user=user, prefix="report")
                lines = InvestmentLineFormSet(request.POST, prefix="lines")
                if report_form.is_valid() and lines.is_valid():
                    rows = [row for row in lines.cleaned_data if row]
                    services.investment_report_submit(
                        actor=user, beneficiary=b, lines=rows, **report_form.cleaned_data
                    )
                    messages.success(request, _("Investment report recorded."))
                    return redirect("web:milestones", b.pk)
            elif request.POST.get("form") == "commissioning":
                commissioning_form = CommissioningForm(request.POST, user=user, prefix="com")
                if commissioning_form.is_valid():
                    services.commissioning_record(
                        actor=user, beneficiary=b, **commissioning_form.cleaned_data
                    )
                    messages.success(request, _("Commissioning recorded."))
                    return redirect("web:milestones", b.pk)
        except DomainError as error:
            target = report_form if request.POST.get("form") == "investment" else commissioning_form
            add_domain_error(target, error)
    return render(
        request,
        "milestones/beneficiary.html",
        {
            "b": b,
            "is_owner": is_owner,
            "active": selectors.beneficiary_active(b),
            "progress": _progress(b),
            "invested": selectors.eligible_investment(b),
            "commissioned": selectors.commissioned_capacity(b),
            "full_on": selectors.fully_commissioned_on(b),
            "reports": b.investment_reports.prefetch_related("lines"),
            "records": b.commissioning.all(),
            "report_form": report_form,
            "lines": lines,
            "commissioning_form": commissioning_form,
            "raise_form": CaseRaiseForm(initial={"beneficiary": b.pk}),
            "can_raise": user.has_role(Role.PMA, Role.MHI),
        },
    )


@login_required
@cached_page
def case_list(request: HttpRequest) -> HttpResponseBase:
    user = signed_in_user(request)
    require_role(user, *selectors.MILESTONE_READERS)  # refused before it renders (R-ACL-3)
    cases = selectors.cases_of(user)
    status = request.GET.get("status", "")
    if status in CaseStatus.values:
        cases = cases.filter(status=status)
    if request.method == "POST":
        form = CaseRaiseForm(request.POST)
        if form.is_valid():
            try:
                b = selectors.beneficiary_for(user, form.cleaned_data["beneficiary"])
                case = services.case_raise(
                    actor=user,
                    beneficiary=b,
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                )
                messages.success(request, _("Case raised."))
                return redirect("web:case", case.pk)
            except DomainError as error:
                messages.error(request, error.message)
    export = export_response(
        request,
        "penalty-cases",
        ["id", "beneficiary", "kind", "status", "raised_on", "decisions"],
        (
            [
                c.pk,
                c.beneficiary.user.organisation,
                c.get_kind_display(),
                c.get_status_display(),
                c.raised_on,
                ", ".join(c.decisions),
            ]
            for c in cases
        ),
    )
    if export is not None:
        return export
    return render(
        request,
        "milestones/case_list.html",
        {"cases": cases, "status": status, "statuses": CaseStatus.choices},
    )


CASE_STEPS: dict[str, tuple[type[Form], Any, str]] = {
    "notice": (NoticeForm, services.case_issue_notice, "Show-cause notice issued."),
    "reply": (ReplyForm, services.case_reply, "Your reply is recorded."),
    "hearing": (HearingForm, services.case_record_hearing, "Hearing recorded."),
    "decision": (DecisionForm, services.case_decide, "Decision recorded."),
}


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    case = selectors.case_for(user, pk)
    forms: dict[str, Form] = {
        name: form_class() for name, (form_class, _s, _m) in CASE_STEPS.items()
    }
    forms["refund"] = RefundForm(beneficiary_id=case.beneficiary_id)
    step = request.POST.get("form", "")
    if request.method == "POST" and step in [*CASE_STEPS, "refund"]:
        form: Form
        try:
            if step == "refund":
                form = forms["refund"] = RefundForm(
                    request.POST, beneficiary_id=case.beneficiary_id
                )
                if form.is_valid():
                    services.refund_demand_issue(actor=user, case=case, **form.cleaned_data)
                    messages.success(request, _("Refund demand issued."))
                    return redirect("web:case", case.pk)
            else:
                form_class, service, message = CASE_STEPS[step]
                form = forms[step] = form_class(request.POST)
                if form.is_valid():
                    service(actor=user, case=case, **form.cleaned_data)
                    messages.success(request, _(message))
                    return redirect("web:case", case.pk)
        except DomainError as error:
            add_domain_error(forms[step], error)
    return render(
        request,
        "milestones/case_detail.html",
        {
            "case": case,
            "forms": forms,
            "is_owner": case.beneficiary.user_id == user.pk,
            "is_mhi": user.has_role(Role.MHI),
            "refunds": case.refunds.all(),
        },
    )


@login_required
@cached_page
def mclr_table(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    require_role(user, Role.MHI, Role.PMA, Role.ADMIN, message=_("The MCLR table is kept by MHI."))
    form = MCLRForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mclr_record(actor=user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Rate recorded."))
            return redirect("web:mclr")
    return render(
        request,
        "milestones/mclr.html",
        {"rates": MCLRRate.objects.all(), "form": form, "is_mhi": user.has_role(Role.MHI)},
    )
