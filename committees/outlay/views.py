"""The outlay dashboard's pages (R-OUT-2): the dashboard with its forecast and charts, a cell's
claims, a beneficiary's figures, the exports, and MHI's records of expenses and recoveries.

Who (R-ACL-3, policy page): MHI, SMC members and the PMA read and export; MHI alone records.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from bidding.models import Beneficiary
from repm_portal.accounts.models import Role, User
from repm_portal.audit.selectors import audit_head
from repm_portal.cache import cached, code_version
from repm_portal.errors import DomainError, NotAllowed, NotFound
from repm_portal.page_cache import cached_page
from repm_portal.periods import today_ist
from repm_portal.web.forms import add_domain_error, signed_in_user

from ..models import AdminExpense, RefundRecovery
from . import charts, exports, selectors, services
from .forms import AdminExpenseForm, OutlayQueryForm, RefundRecoveryForm

READERS = (Role.MHI, Role.SMC, Role.PMA)


def _reader(request: HttpRequest) -> User:
    user = signed_in_user(request)
    if not user.has_role(*READERS):
        raise NotAllowed(_("The outlay dashboard is for MHI, the SMC and the PMA."))
    return user


def _query(request: HttpRequest) -> tuple[OutlayQueryForm, dict[str, Any]]:
    """The question asked; a field that does not parse falls back to its default and says so."""
    form = OutlayQueryForm(request.GET)
    form.is_valid()
    data = getattr(form, "cleaned_data", {})
    return form, {
        "as_of": data.get("as_of") or today_ist(),
        "view": data.get("view") or "scheme",
        "utilisation": data.get("utilisation"),
        "price": data.get("price"),
    }


def _qs(q: dict[str, Any], **extra: Any) -> str:
    params = {"as_of": q["as_of"].isoformat(), "view": q["view"]}
    if q.get("utilisation") is not None:
        params["utilisation"] = str(q["utilisation"])
    if q.get("price") is not None:
        params["price"] = str(q["price"])
    return urlencode({**params, **{k: v for k, v in extra.items() if v is not None}})


def _compute(q: dict[str, Any]) -> tuple[selectors.Dashboard, selectors.Forecast]:
    d = selectors.outlay_dashboard(as_of=q["as_of"], view=q["view"])
    f = selectors.outlay_forecast(
        as_of=q["as_of"], utilisation=q["utilisation"], price_per_kg=q["price"]
    )
    return d, f


# A state of the data rarely lasts this long on a working day; a later one has keys of its own.
FIGURES_SECONDS = 6 * 3600


def _figures_key(q: dict[str, Any]) -> str:
    """Everything the dashboard's figures and their rendering depend on.

    The data: the audit trail's last entry, since every write that moves a figure appends one in
    its own transaction (claims, sanctions, disbursements, awards, penalty decisions, refunds,
    recoveries, expenses, commissioning, parameter amendments; the beneficiaries' names too).
    It is read before the figures are computed: a change committed in between is then shown
    early under the older entry, never kept stale under the newer one. Then the question, the
    language, the URL prefix, and the release (``code_version``).
    """
    seq, digest = audit_head()
    question = ":".join(
        str(q[name]) for name in ("as_of", "view", "utilisation", "price")
    )  # the what-if as typed: the page repeats it
    return (
        f"outlay:{code_version()}:{seq}:{digest[:32]}:{question}:"
        f"{translation.get_language()}:{get_script_prefix()}"
    )


def _figures(q: dict[str, Any]) -> tuple[str, str]:
    """The dashboard's introduction and its figures, tables and charts, rendered."""
    d, f = _compute(q)
    context = {
        "d": d,
        "f": f,
        "charts": [(c, mark_safe(charts.chart_svg(c))) for c in charts.dashboard_charts(d, f)],  # noqa: S308 (escaped in chart_svg)
        "components": selectors.COMPONENTS,
        "measures": selectors.MEASURES,
        "qs": _qs(q),
    }
    return (
        render_to_string("committees/outlay/_intro.html", context),
        render_to_string("committees/outlay/_figures.html", context),
    )


@login_required
@cached_page
def outlay_dashboard(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    form, q = _query(request)
    intro, figures = cached(_figures_key(q), lambda: _figures(q), timeout=FIGURES_SECONDS)
    return render(
        request,
        "committees/outlay/dashboard.html",
        {
            "form": form,
            "as_of": q["as_of"],
            "view": q["view"],
            "intro": mark_safe(intro),  # noqa: S308 (rendered by the templates above)
            "figures": mark_safe(figures),  # noqa: S308 (rendered by the templates above)
            "qs": _qs(q),
            "can_record": user.has_role(Role.MHI),
        },
    )


@login_required
def outlay_cell(request: HttpRequest) -> HttpResponse:
    """The beneficiaries and claims behind one cell of the dashboard."""
    user = _reader(request)
    _form, q = _query(request)
    component = request.GET.get("component", "")
    measure = request.GET.get("measure", "")
    if component not in selectors.COMPONENT_LABELS or measure not in (
        "refunds",
        *selectors.MEASURE_LABELS,
    ):
        raise NotFound(_("No such cell: choose a component and a figure from the dashboard."))
    d = selectors.outlay_dashboard(as_of=q["as_of"], view=q["view"])
    try:
        key = int(request.GET.get("key", ""))
    except ValueError:
        raise NotFound(_("No such year on the dashboard.")) from None
    bucket = selectors.bucket_of_view(d, key)
    context: dict[str, Any] = {
        "d": d,
        "bucket": bucket,
        "bucket_label": d.bucket_label(key),
        "component": component,
        "component_label": selectors.COMPONENT_LABELS[component],
        "measure": measure,
        "measure_label": selectors.MEASURE_LABELS.get(measure, _("Refunds (§11.2)")),
        "cell": d.rows[component][key],
        "qs": _qs(q),
        "links": user.has_role(Role.MHI, Role.PMA),
    }
    if measure == "refunds":
        context.update(selectors.cell_refunds(bucket_key=key, as_of=q["as_of"], buckets=d.buckets))
    elif component == "admin":
        context["expenses"] = selectors.cell_expenses(
            bucket_key=key, as_of=q["as_of"], buckets=d.buckets
        )
    elif measure in selectors.CLAIM_EVENT:
        context["claims"] = list(
            selectors.cell_claims(
                component=component,
                measure=measure,
                bucket_key=key,
                as_of=q["as_of"],
                buckets=d.buckets,
            )
        )
    else:
        context["lines"] = d.beneficiaries
    return render(request, "committees/outlay/cell.html", context)


@login_required
def outlay_beneficiary(request: HttpRequest, pk: int) -> HttpResponse:
    """One beneficiary: its caps, what it committed, claimed, was sanctioned and paid, and its
    forecast."""
    user = _reader(request)
    form, q = _query(request)
    d = selectors.outlay_dashboard(as_of=q["as_of"], view="scheme")
    line = next((x for x in d.beneficiaries if x.beneficiary.pk == pk), None)
    if line is None:
        if not Beneficiary.objects.filter(pk=pk).exists():
            raise NotFound(_("No such beneficiary."))
        raise NotFound(_("This beneficiary held no Letter of Award on that date."))
    f = selectors.outlay_forecast(
        as_of=q["as_of"], utilisation=q["utilisation"], price_per_kg=q["price"], only=pk
    )
    claims = selectors.beneficiary_claims(beneficiary_id=pk, as_of=q["as_of"])
    return render(
        request,
        "committees/outlay/beneficiary.html",
        {
            "form": form,
            "d": d,
            "line": line,
            "f": f,
            "row": f.rows[0] if f.rows else None,
            "claims": claims,
            "qs": _qs(q),
            "links": user.has_role(Role.MHI, Role.PMA),
        },
    )


@login_required
def outlay_export(request: HttpRequest, fmt: str) -> HttpResponseBase:
    """CSV, XLSX or PDF of the same figures (R-OUT-2), stamped with their issue time (R-GOV-4)."""
    _reader(request)
    _form, q = _query(request)
    d, f = _compute(q)
    issued_at = timezone.now()
    if fmt == "csv":
        return exports.csv_export(d)
    if fmt == "xlsx":
        return exports.xlsx_export(d, f, issued_at)
    if fmt == "pdf":
        return exports.pdf_export(d, f, issued_at)
    raise NotFound(_("Exports are CSV, XLSX or PDF."))


@login_required
def outlay_records(request: HttpRequest) -> HttpResponseBase:
    """Administration expenses (§7) and money recovered against refund demands (§11.2)."""
    user = _reader(request)
    is_mhi = user.has_role(Role.MHI)
    expense_form = AdminExpenseForm(prefix="e")
    recovery_form = RefundRecoveryForm(prefix="r")
    if request.method == "POST":
        if not is_mhi:
            raise NotAllowed(_("Only MHI records the scheme's expenses and recoveries."))
        if "e-head" in request.POST:
            expense_form = AdminExpenseForm(request.POST, prefix="e")
            if expense_form.is_valid():
                try:
                    services.admin_expense_record(actor=user, **expense_form.cleaned_data)
                except DomainError as error:
                    add_domain_error(expense_form, error)
                else:
                    messages.success(request, _("Expense recorded."))
                    return redirect("web:outlay_records")
        else:
            recovery_form = RefundRecoveryForm(request.POST, prefix="r")
            if recovery_form.is_valid():
                try:
                    services.refund_recovery_record(actor=user, **recovery_form.cleaned_data)
                except DomainError as error:
                    add_domain_error(recovery_form, error)
                else:
                    messages.success(request, _("Recovery recorded."))
                    return redirect("web:outlay_records")
    return render(
        request,
        "committees/outlay/records.html",
        {
            "expenses": AdminExpense.objects.select_related("recorded_by")[:200],
            "recoveries": RefundRecovery.objects.select_related(
                "demand__case__beneficiary__user", "recorded_by"
            )[:200],
            "expense_form": expense_form,
            "recovery_form": recovery_form,
            "is_mhi": is_mhi,
        },
    )
