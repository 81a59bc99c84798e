"""Claim pages: file, watch the register being checked, examine, sanction; the capital subsidy
claim; the ledger of each beneficiary against its caps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bidding.selectors import scheme_term_of
from milestones.models import CommissioningRecord
from milestones.selectors import beneficiary_active, beneficiary_for, fully_commissioned_on
from repm_portal.accounts.models import Role, User
from repm_portal.accounts.roles import require_role
from repm_portal.errors import DomainError, NotAllowed
from repm_portal.exports import export_response
from repm_portal.money import format_number
from repm_portal.page_cache import cached_page
from repm_portal.parameters.selectors import parameter_timeline
from repm_portal.periods import today_ist
from repm_portal.web.forms import add_domain_error, signed_in_user

from . import examination, selectors, services
from .forms import CapitalClaimForm, ClaimForm, StepForm
from .models import ClaimStatus, ExaminedClaim, SLIClaim


@dataclass(frozen=True)
class ClaimRow:
    claim: ExaminedClaim
    due: date | None
    overdue: bool


KINDS = [
    ("sli", gettext_lazy("Sales-linked incentive")),
    ("capital", gettext_lazy("Capital subsidy")),
]


@login_required
@cached_page
def claim_list(request: HttpRequest) -> HttpResponseBase:
    """Both kinds of claim, filterable by kind and status, with the R-SLI-10 clock."""
    user = signed_in_user(request)
    require_role(user, *selectors.CLAIM_READERS)  # refused before it renders (R-ACL-3)
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    claims: list[ExaminedClaim] = []
    for name, rows in (
        ("sli", selectors.claims_of(user)),
        ("capital", selectors.capital_claims_of(user)),
    ):
        if kind in ("", name):
            if status in ClaimStatus.values:
                rows = rows.filter(status=status)
            # The list shows neither the notes nor the register the claim pages read with them.
            claims.extend(
                rows.select_related(None).select_related("beneficiary__user").prefetch_related(None)
            )
    claims.sort(key=lambda c: c.filed_at, reverse=True)
    timeline = parameter_timeline()  # one query for every row's clock (R-SLI-10)
    today = today_ist()
    rows_out = []
    for c in claims:
        due = examination.due_on(c, timeline)
        rows_out.append(ClaimRow(c, due, due is not None and today > due))
    export = export_response(
        request,
        "claims",
        [
            "id",
            "kind",
            "beneficiary",
            "claim",
            "status",
            "days_with_pma",
            "target",
            "payable",
            "sanctioned",
            "payment_reference",
            "disbursed_on",
        ],
        (
            [
                r.claim.pk,
                r.claim.KIND,
                r.claim.beneficiary.user.organisation,
                r.claim.label(),
                r.claim.get_status_display(),
                r.claim.days_with_pma(),
                r.due,
                r.claim.payable,
                r.claim.sanctioned_amount,
                r.claim.payment_reference,
                r.claim.disbursed_on,
            ]
            for r in rows_out
        ),
    )
    if export is not None:
        return export
    return render(
        request,
        "incentives/claim_list.html",
        {
            "rows": rows_out,
            "status": status,
            "statuses": ClaimStatus.choices,
            "kind": kind,
            "kinds": KINDS,
        },
    )


def _own_beneficiary(user: User, pk: int) -> Any:
    b = beneficiary_for(user, pk)
    if b.user_id != user.pk:
        raise NotAllowed(_("Only the beneficiary files its claims."))
    return b


def _filed_message(claim: SLIClaim) -> tuple[int, str]:
    """What the beneficiary is told after filing: where the register's check stands now."""
    claim.refresh_from_db(fields=["status", "rows_total", "rows_rejected", "register_error"])
    if claim.status == ClaimStatus.PROCESSING:
        return messages.SUCCESS, _(
            "Claim filed. Its invoice register is being checked: this page shows the progress "
            "and the computation when the check ends."
        )
    if claim.status == ClaimStatus.REGISTER_FAILED:
        return messages.ERROR, _(
            "Claim filed, but its invoice register could not be read: %(e)s"
        ) % {"e": claim.register_error}
    return messages.SUCCESS, _(
        "Claim filed and its invoice register checked: %(n)s rows, %(r)s rejected."
    ) % {"n": format_number(claim.rows_total), "r": format_number(claim.rows_rejected)}


@login_required
def claim_file(request: HttpRequest, beneficiary: int) -> HttpResponse:
    user = signed_in_user(request)
    b = _own_beneficiary(user, beneficiary)
    form = ClaimForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.sli_claim_file(
                actor=user,
                beneficiary=b,
                period=form.cleaned_data["period"],
                declaration=form.cleaned_data["declaration"],
                register_document=form.cleaned_data["register_document"],
                evidence=list(form.cleaned_data["evidence"]),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.add_message(request, *_filed_message(claim))
            return redirect("web:claim", claim.pk)
    return render(
        request,
        "incentives/claim_form.html",
        # R-SLI-2, R-PARAM-3: the form says till when sales count, and that it is today in IST.
        {"form": form, "b": b, "term": scheme_term_of(b), "today": today_ist()},
    )


@login_required
def capital_claim_file(request: HttpRequest, beneficiary: int) -> HttpResponse:
    """The capital subsidy as it would be filed — every investment line with its exclusions,
    the rate, the Table 4 cap — and the form to file it (R-CAP-1…5)."""
    user = signed_in_user(request)
    b = _own_beneficiary(user, beneficiary)
    form = CapitalClaimForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.capital_subsidy_file(
                actor=user,
                beneficiary=b,
                auditor_certificate=form.cleaned_data["auditor_certificate"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("Capital subsidy claim filed: the PMA examines it next."))
            return redirect("web:capital_claim", claim.pk)
    return render(
        request,
        "incentives/capital_claim_form.html",
        {
            "form": form,
            "b": b,
            "preview": selectors.capital_subsidy_preview(b),
            "commissioning": CommissioningRecord.objects.filter(beneficiary=b),
        },
    )


def _detail_context(user: User, claim: ExaminedClaim) -> dict[str, Any]:
    steps = _steps_for(user, claim)
    due = examination.due_on(claim)
    return {
        # R-SLI-7: the PMA is told before Recommend holds the claim instead.
        "held_if_recommended": any(name == "recommend" for name, _label in steps)
        and fully_commissioned_on(claim.beneficiary) is None,
        "claim": claim,
        "b": claim.beneficiary,
        "form": StepForm(),
        "is_owner": claim.beneficiary.user_id == user.pk,
        "steps": steps,
        "due": due,
        "overdue": due is not None and today_ist() > due,
        "step_url": f"web:{'claim' if claim.KIND == 'sli' else 'capital_claim'}_step",
        # A link only for who may follow it (R-ACL-1…3): not the PMA nor the IE.
        "may_see_ledger": selectors.ledger_readable_by(user, claim.beneficiary),
    }


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    claim = selectors.claim_for(user, pk)
    # HTMX polls the live part while the register is checked (templates/incentives/_claim_live).
    template = "incentives/_claim_live.html" if request.htmx else "incentives/claim_detail.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {**_detail_context(user, claim), "rejected": claim.rejected.all()[:50]},
    )


@login_required
def capital_claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    claim = selectors.capital_claim_for(user, pk)
    return render(
        request,
        "incentives/capital_claim_detail.html",
        {
            **_detail_context(user, claim),
            "lines": claim.lines.all(),
            "commissioning": CommissioningRecord.objects.filter(beneficiary=claim.beneficiary),
        },
    )


# Which steps each role may take, in which status (R-SLI-9, R-ACL-2/3); the services check
# the same again, this only decides which buttons to show.
STEP_RULES: list[tuple[str, Any, set[str], set[str]]] = [
    ("examine", gettext_lazy("Start the examination"), {Role.PMA}, {ClaimStatus.SUBMITTED}),
    (
        "clarify",
        gettext_lazy("Seek a clarification"),
        {Role.PMA, Role.MHI},
        {ClaimStatus.UNDER_EXAMINATION, ClaimStatus.IE_VERIFICATION},
    ),
    (
        "answer",
        gettext_lazy("Answer the clarification"),
        {Role.APPLICANT},
        {ClaimStatus.CLARIFICATION},
    ),
    (
        "assign_ie",
        gettext_lazy("Send to an Independent Engineer"),
        {Role.PMA},
        {ClaimStatus.UNDER_EXAMINATION},
    ),
    ("verify", gettext_lazy("Record the verification"), {Role.IE}, {ClaimStatus.IE_VERIFICATION}),
    ("recommend", gettext_lazy("Recommend"), {Role.PMA}, {ClaimStatus.UNDER_EXAMINATION}),
    ("sanction", gettext_lazy("Sanction"), {Role.MHI}, {ClaimStatus.RECOMMENDED}),
    ("disburse", gettext_lazy("Record the disbursement"), {Role.MHI}, {ClaimStatus.SANCTIONED}),
    ("reject", gettext_lazy("Reject"), {Role.PMA, Role.MHI}, set(examination.REJECTABLE)),
]


def _steps_for(user: User, claim: ExaminedClaim) -> list[tuple[str, Any]]:
    return [
        (name, label)
        for name, label, roles, states in STEP_RULES
        if user.role in roles
        and claim.status in states
        and (name != "answer" or claim.beneficiary.user_id == user.pk)
        and (name != "verify" or claim.ie_id == user.pk)
    ]


STEPS: dict[str, Callable[[User, Any, dict[str, Any]], Any]] = {
    "examine": lambda u, c, d: examination.claim_examine(actor=u, claim=c),
    "clarify": lambda u, c, d: examination.claim_seek_clarification(
        actor=u, claim=c, question=d["text"]
    ),
    "answer": lambda u, c, d: examination.claim_answer(actor=u, claim=c, answer=d["text"]),
    "assign_ie": lambda u, c, d: examination.claim_assign_ie(actor=u, claim=c, ie=d["ie"]),
    "verify": lambda u, c, d: examination.claim_verify(actor=u, claim=c, report=d["text"]),
    "recommend": lambda u, c, d: examination.claim_recommend(actor=u, claim=c),
    "sanction": lambda u, c, d: examination.claim_sanction(actor=u, claim=c),
    "disburse": lambda u, c, d: examination.claim_disburse(
        actor=u, claim=c, payment_reference=d["payment_reference"], disbursed_on=d["disbursed_on"]
    ),
    "reject": lambda u, c, d: examination.claim_reject(actor=u, claim=c, reasons=d["text"]),
}


def _take_step(request: HttpRequest, claim: ExaminedClaim, step: str) -> HttpResponse:
    user = signed_in_user(request)
    form = StepForm(request.POST)
    if step not in STEPS or not form.is_valid():
        problems = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        messages.error(request, problems or _("That step is not available."))
        return redirect(claim.get_absolute_url())
    data = form.cleaned_data
    if step == "assign_ie" and data.get("ie") is None:
        messages.error(request, _("Choose the Independent Engineer."))
        return redirect(claim.get_absolute_url())
    if step == "disburse" and data.get("disbursed_on") is None:
        messages.error(request, _("Enter the date of the disbursement."))
        return redirect(claim.get_absolute_url())
    try:
        STEPS[step](user, claim, data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        claim.refresh_from_db(fields=["status"])
        messages.success(
            request,
            _("Done: the claim is now “%(s)s”.") % {"s": claim.get_status_display()},
        )
    return redirect(claim.get_absolute_url())


@require_POST
@login_required
def claim_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    return _take_step(request, selectors.claim_for(signed_in_user(request), pk), step)


@require_POST
@login_required
def capital_claim_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    return _take_step(request, selectors.capital_claim_for(signed_in_user(request), pk), step)


# --- Ledger -------------------------------------------------------------------------------


@login_required
@cached_page
def ledger_list(request: HttpRequest) -> HttpResponseBase:
    """Every beneficiary's incentives against its caps (MHI); a beneficiary sees its own."""
    user = signed_in_user(request)
    require_role(user, *selectors.LEDGER_READERS)  # refused before it renders (R-ACL-2/3)
    ledgers = selectors.ledgers_of(selectors.ledger_beneficiaries(user))
    query = request.GET.get("q", "").strip()
    if query:
        ledgers = [x for x in ledgers if query.lower() in x.beneficiary.user.organisation.lower()]
    export = export_response(
        request,
        "incentive-ledger",
        [
            "beneficiary",
            "capacity_mtpa",
            "sli_cap",
            "sli_claimed",
            "sli_sanctioned",
            "sli_disbursed",
            "sli_remaining",
            "capital_cap",
            "capital_claimed",
            "capital_sanctioned",
            "capital_disbursed",
        ],
        (
            [
                x.beneficiary.user.organisation,
                x.beneficiary.allocated_capacity_mtpa,
                x.sli.cap,
                x.sli.claimed,
                x.sli.sanctioned,
                x.sli.disbursed,
                x.sli.remaining,
                x.capital.cap,
                x.capital.claimed,
                x.capital.sanctioned,
                x.capital.disbursed,
            ]
            for x in ledgers
        ),
    )
    if export is not None:
        return export
    return render(request, "incentives/ledger_list.html", {"ledgers": ledgers, "q": query})


@login_required
def ledger_detail(request: HttpRequest, beneficiary: int) -> HttpResponse:
    user = signed_in_user(request)
    ledger = selectors.ledger_for(user, beneficiary)
    b = ledger.beneficiary
    return render(
        request,
        "incentives/ledger.html",
        {
            "ledger": ledger,
            "b": b,
            "is_owner": b.user_id == user.pk,
            "active": beneficiary_active(b) and not b.incentives_forfeited,
            "capital_open": any(c.status != ClaimStatus.REJECTED for c in ledger.capital_claims),
            "components": [
                (_("Sales-linked incentive"), ledger.sli),
                (_("Capital subsidy"), ledger.capital),
            ],
            "claims": [*ledger.capital_claims, *ledger.sli_claims],
        },
    )
