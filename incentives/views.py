"""Claim pages: file, watch the register being checked, examine, sanction."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from milestones.selectors import beneficiary_for
from repm_portal.accounts.models import Role, User
from repm_portal.errors import DomainError, NotAllowed
from repm_portal.exports import export_response
from repm_portal.web.forms import add_domain_error, signed_in_user

from . import selectors, services
from .forms import ClaimForm, StepForm
from .models import ClaimStatus


@login_required
def claim_list(request: HttpRequest) -> HttpResponseBase:
    claims = selectors.claims_of(signed_in_user(request))
    status = request.GET.get("status", "")
    if status in ClaimStatus.values:
        claims = claims.filter(status=status)
    export = export_response(
        request,
        "sli-claims",
        ["id", "beneficiary", "from", "to", "status", "payable", "sanctioned", "disbursed_on"],
        (
            [
                c.pk,
                c.beneficiary.user.organisation,
                c.period_start,
                c.period_end,
                c.get_status_display(),
                c.payable,
                c.sanctioned_amount,
                c.disbursed_on,
            ]
            for c in claims
        ),
    )
    if export is not None:
        return export
    return render(
        request,
        "incentives/claim_list.html",
        {"claims": claims, "status": status, "statuses": ClaimStatus.choices},
    )


@login_required
def claim_file(request: HttpRequest, beneficiary: int) -> HttpResponse:
    user = signed_in_user(request)
    b = beneficiary_for(user, beneficiary)
    if b.user_id != user.pk:
        raise NotAllowed(_("Only the beneficiary files its claims."))
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
            messages.success(request, _("Claim filed: its invoice register is being checked."))
            return redirect("web:claim", claim.pk)
    return render(request, "incentives/claim_form.html", {"form": form, "b": b})


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    claim = selectors.claim_for(user, pk)
    template = "incentives/_progress.html" if request.htmx else "incentives/claim_detail.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            "claim": claim,
            "b": claim.beneficiary,
            "form": StepForm(),
            "rejected": claim.rejected.all()[:50],
            "is_owner": claim.beneficiary.user_id == user.pk,
            "steps": _steps_for(user, claim.status),
        },
    )


# Which steps each role may take, in which status (R-SLI-9, R-ACL-2/3).
STEP_RULES = [
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
    ("recommend", gettext_lazy("Recommend"), {Role.PMA}, {ClaimStatus.UNDER_EXAMINATION}),
    ("sanction", gettext_lazy("Sanction"), {Role.MHI}, {ClaimStatus.RECOMMENDED}),
    ("disburse", gettext_lazy("Record the disbursement"), {Role.MHI}, {ClaimStatus.SANCTIONED}),
    (
        "reject",
        gettext_lazy("Reject"),
        {Role.PMA, Role.MHI},
        {
            ClaimStatus.SUBMITTED,
            ClaimStatus.UNDER_EXAMINATION,
            ClaimStatus.CLARIFICATION,
            ClaimStatus.RECOMMENDED,
            ClaimStatus.HELD,
        },
    ),
]


def _steps_for(user: User, status: str) -> list[tuple[str, Any]]:
    return [
        (name, label)
        for name, label, roles, states in STEP_RULES
        if user.role in roles and status in states
    ]


STEPS: dict[str, Any] = {
    "examine": lambda u, c, d: services.claim_examine(actor=u, claim=c),
    "clarify": lambda u, c, d: services.claim_seek_clarification(
        actor=u, claim=c, question=d["text"]
    ),
    "answer": lambda u, c, d: services.claim_answer(actor=u, claim=c, answer=d["text"]),
    "recommend": lambda u, c, d: services.claim_recommend(actor=u, claim=c),
    "sanction": lambda u, c, d: services.claim_sanction(actor=u, claim=c),
    "disburse": lambda u, c, d: services.claim_disburse(
        actor=u, claim=c, payment_reference=d["payment_reference"], disbursed_on=d["disbursed_on"]
    ),
    "reject": lambda u, c, d: services.claim_reject(actor=u, claim=c, reasons=d["text"]),
}


@require_POST
@login_required
def claim_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = signed_in_user(request)
    claim = selectors.claim_for(user, pk)
    form = StepForm(request.POST)
    if step not in STEPS or not form.is_valid():
        messages.error(request, _("That step is not available."))
        return redirect("web:claim", claim.pk)
    try:
        STEPS[step](user, claim, form.cleaned_data)
    except DomainError as error:
        messages.error(request, error.message)
    except (KeyError, TypeError):
        messages.error(request, _("Fill in the note, reference and date this step needs."))
    else:
        messages.success(
            request,
            _("Done: the claim is now “%(s)s”.")
            % {"s": selectors.claim_for(user, pk).get_status_display()},
        )
    return redirect("web:claim", claim.pk)
