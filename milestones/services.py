"""Every write between the Letter of Award and the end of the scheme: investment reports,
commissioning, milestone clocks, the daily checks, penalty cases, MCLR and refunds (§6, §11).
One transaction each, audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bidding.letters import beneficiary_draft, beneficiary_letter_store
from bidding.models import Beneficiary, BeneficiaryStatus, PerformanceBankGuarantee
from repm_portal import hooks
from repm_portal.accounts.models import Role, User
from repm_portal.accounts.roles import EVIDENCE_READERS, require_role
from repm_portal.audit.services import audit_record
from repm_portal.documents.letters import Draft, letters_issue
from repm_portal.documents.models import Document
from repm_portal.documents.services import documents_share_with_roles
from repm_portal.errors import NotAllowed, StateConflict, ValidationFailed
from repm_portal.ledger import Disbursement, disbursements_of
from repm_portal.lifecycle import transition
from repm_portal.money import format_crore, format_inr, format_number, to_decimal
from repm_portal.notifications.services import notify
from repm_portal.parameters.selectors import parameters_in_force, parameters_of_version
from repm_portal.parameters.values import SchemeParameters
from repm_portal.periods import not_after_today, today_ist

from . import rules, selectors
from .models import (
    CaseKind,
    CaseStatus,
    CommissioningRecord,
    Decision,
    InvestmentLine,
    InvestmentReport,
    MCLRRate,
    Milestone,
    MilestoneStatus,
    PenaltyCase,
    RefundDemand,
    ReminderLog,
)

SYSTEM = "daily checks"


def _source_language_reasons(params: SchemeParameters, facts: rules.LineFacts) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return "; ".join(rules.exclusions(params, facts))


def _mtpa(quantity: Decimal) -> str:
    """A capacity as shown to people: 1,000.00 (the same whatever the database returns)."""
    return format_number(quantity.quantize(Decimal("0.01")))


def _mhi() -> Any:
    return User.objects.filter(role=Role.MHI, is_active=True)


def _own_active(actor: User, beneficiary: Beneficiary) -> None:
    if beneficiary.user_id != actor.pk:
        raise NotAllowed(_("Only the beneficiary reports its own investment and commissioning."))
    if not selectors.beneficiary_active(beneficiary):
        raise StateConflict(
            _("This beneficiary's Letter of Award is not in force: it can file nothing more.")
        )


# --- Investment and commissioning ----------------------------------------------------------


def investment_report_submit(
    *,
    actor: User,
    beneficiary: Beneficiary,
    as_of: date,
    ca_certificate: Document,
    lines: Sequence[dict[str, Any]],
) -> InvestmentReport:
    """Lines of investment with their CA certificate; each is checked against R-CAP-1…3, and a
    line the beneficiary counts as eligible that the rules exclude is refused."""
    _own_active(actor, beneficiary)
    if not lines:
        raise ValidationFailed(_("Add at least one line of investment."), field="lines")
    if ca_certificate.owner_id != actor.pk:
        raise ValidationFailed(_("Attach the CA certificate you uploaded."), field="ca_certificate")
    not_after_today(as_of, field="as_of", what=_("The report"))  # R-UNIT-5
    params = parameters_in_force(as_of)
    checked = []
    for number, raw in enumerate(lines, start=1):
        where = _("Line %(n)s") % {"n": number}
        amount = to_decimal(raw.get("amount", ""), what=f"{where}: amount")
        taxes = to_decimal(raw.get("non_creditable_taxes") or "0", what=f"{where}: taxes")
        if amount < 0 or taxes < 0:
            raise ValidationFailed(
                _("%(where)s: amounts cannot be negative.") % {"where": where}, field="lines"
            )
        day = raw["invoice_date"]
        if day > as_of:
            raise ValidationFailed(
                _("%(where)s is dated after the report's date.") % {"where": where}, field="lines"
            )
        facts = rules.LineFacts(
            raw["head"],
            day,
            amount,
            taxes,
            bool(raw.get("second_hand")),
            bool(raw.get("slump_sale")),
            bool(raw.get("leased")),
        )
        reasons = rules.exclusions(params, facts)
        if reasons and raw.get("claimed_eligible", True):
            raise ValidationFailed(
                _(
                    "%(where)s (%(what)s) cannot count as eligible investment: %(why)s. Untick "
                    "“eligible” to report it as excluded, or correct it."
                )
                % {"where": where, "what": raw.get("description", ""), "why": "; ".join(reasons)},
                field="lines",
            )
        checked.append((raw, facts, reasons))
    with transaction.atomic():
        report = InvestmentReport.objects.create(
            beneficiary=beneficiary,
            as_of=as_of,
            ca_certificate=ca_certificate,
            submitted_by=actor,
            parameter_version_id=params.version_id,
        )
        documents_share_with_roles([ca_certificate], EVIDENCE_READERS, actor=actor)
        try:
            with transaction.atomic():
                InvestmentLine.objects.bulk_create(
                    InvestmentLine(
                        report=report,
                        beneficiary=beneficiary,
                        head=facts.head,
                        description=raw.get("description", "")[:200],
                        vendor=raw["vendor"][:200],
                        invoice_number=raw["invoice_number"][:60],
                        invoice_date=facts.invoice_date,
                        amount=facts.amount,
                        non_creditable_taxes=facts.non_creditable_taxes,
                        second_hand=facts.second_hand,
                        slump_sale=facts.slump_sale,
                        leased=facts.leased,
                        eligible_amount=rules.eligible_amount(params, facts),
                        # Kept in the portal's source language and shown through the
                        # catalogue (the ``messages`` filter), so each reader sees their own.
                        exclusion_reasons=_source_language_reasons(params, facts)
                        if reasons
                        else "",
                    )
                    for raw, facts, reasons in checked
                )
        except IntegrityError:
            raise ValidationFailed(
                _("An invoice in this report (same vendor and number) is already reported."),
                field="lines",
            ) from None
        eligible = sum((rules.eligible_amount(params, f) for _r, f, _x in checked), Decimal(0))
        audit_record(
            actor=actor,
            action="investment.reported",
            obj=report,
            after={"lines": len(checked), "eligible": eligible, "as_of": as_of},
        )
        milestones_evaluate(beneficiary=beneficiary)
    return report


def commissioning_record(
    *,
    actor: User,
    beneficiary: Beneficiary,
    capacity_mtpa: Decimal,
    commissioned_on: date,
    industries_certificate: Document,
    engineer_certificate: Document,
) -> CommissioningRecord:
    """Capacity commissioned with both certificates (R-CAP-5); never beyond the allocation."""
    _own_active(actor, beneficiary)
    capacity_mtpa = to_decimal(capacity_mtpa, what="capacity")
    if capacity_mtpa <= 0:
        raise ValidationFailed(
            _("Enter the capacity commissioned, in MTPA."), field="capacity_mtpa"
        )
    not_after_today(commissioned_on, field="commissioned_on", what=_("The commissioning"))
    for field, document in (
        ("industries_certificate", industries_certificate),
        ("engineer_certificate", engineer_certificate),
    ):
        if document.owner_id != actor.pk:
            raise ValidationFailed(_("Attach a certificate you uploaded."), field=field)
    with transaction.atomic():
        Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)  # one record at a time
        already = selectors.commissioned_capacity(beneficiary)
        allocated = Decimal(beneficiary.allocated_capacity_mtpa)
        if already + capacity_mtpa > allocated:
            raise ValidationFailed(
                _(
                    "%(new)s MTPA would bring the capacity commissioned to %(total)s MTPA, above "
                    "the %(allocated)s MTPA allocated. %(left)s MTPA remain to commission."
                )
                % {
                    "new": _mtpa(capacity_mtpa),
                    "total": _mtpa(already + capacity_mtpa),
                    "allocated": _mtpa(allocated),
                    "left": _mtpa(allocated - already),
                },
                field="capacity_mtpa",
            )
        record = CommissioningRecord.objects.create(
            beneficiary=beneficiary,
            capacity_mtpa=capacity_mtpa,
            commissioned_on=commissioned_on,
            industries_certificate=industries_certificate,
            engineer_certificate=engineer_certificate,
            recorded_by=actor,
        )
        documents_share_with_roles(
            [industries_certificate, engineer_certificate], EVIDENCE_READERS, actor=actor
        )
        audit_record(
            actor=actor,
            action="commissioning.recorded",
            obj=record,
            after={"capacity_mtpa": capacity_mtpa, "total": already + capacity_mtpa},
        )
        if already + capacity_mtpa == allocated:
            notify(
                _mhi(),
                title=_("%(org)s has commissioned its entire capacity")
                % {"org": beneficiary.user.organisation},
                body=_("Held incentive claims can now be sanctioned (R-SLI-7)."),
                url=reverse("web:milestones", args=[beneficiary.pk]),
            )
            # R-SLI-7: incentives release the claims held until now (in this transaction).
            hooks.capacity_fully_commissioned.send(
                sender=CommissioningRecord, beneficiary=beneficiary, actor=actor
            )
        milestones_evaluate(beneficiary=beneficiary)
    return record


# --- Milestone clocks (R-MS-1…3) --------------------------------------------------------------


def milestones_start(*, beneficiary: Beneficiary) -> list[Milestone]:
    """The three clocks from the LoA date; safe to call again."""
    if beneficiary.loa_date is None:
        raise StateConflict(_("Milestones start with the Letter of Award."))
    params = parameters_of_version(beneficiary.parameter_version_id)
    created = []
    for terms in rules.milestone_terms(
        params, loa_date=beneficiary.loa_date, capacity_mtpa=beneficiary.allocated_capacity_mtpa
    ):
        milestone, new = Milestone.objects.get_or_create(
            beneficiary=beneficiary,
            number=terms.number,
            defaults={
                "deadline": terms.deadline,
                "threshold": terms.threshold,
                "unit": terms.unit,
                "parameter_version_id": params.version_id,
            },
        )
        if new:
            created.append(milestone)
    return created


def milestones_evaluate(*, beneficiary: Beneficiary) -> list[Milestone]:
    """Mark pending milestones achieved when the evidence reached the threshold in time."""
    achieved = []
    investment = selectors.investment_events(beneficiary)
    commissioning = selectors.commissioning_events(beneficiary)
    for milestone in beneficiary.milestones.filter(status=MilestoneStatus.PENDING):
        events = commissioning if milestone.unit == "MTPA" else investment
        day = rules.reached_on(events, milestone.threshold)
        if day is not None and day <= milestone.deadline:
            try:
                transition(
                    milestone,
                    allowed_from=[MilestoneStatus.PENDING],
                    to=MilestoneStatus.ACHIEVED,
                    actor=SYSTEM,
                    action="milestone.achieved",
                    also={"achieved_on": day},
                )
            except StateConflict:
                continue  # another run marked it first
            achieved.append(milestone)
    return achieved


@dataclass
class DailyReport:
    reminders: int = 0
    cases: int = 0


def _remind_once(
    beneficiary: Beneficiary,
    subject: str,
    days: int,
    today: date,
    title: str,
    url: str,
    also_to: Any = (),
) -> bool:
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                beneficiary=beneficiary, subject=subject, days_before=days, sent_on=today
            )
            notify([beneficiary.user, *also_to], title=title, url=url)
    except IntegrityError:
        return False  # already sent, by this run or another
    return True


def _raise_missed(milestone: Milestone, today: date) -> bool:
    """R-MS-4: the day after the deadline passes unmet, one penalty case, and MHI told."""
    with transaction.atomic():
        updated = Milestone.objects.filter(
            pk=milestone.pk, status=MilestoneStatus.PENDING, deadline__lt=today
        ).update(status=MilestoneStatus.MISSED)
        if updated != 1:
            return False
        b = milestone.beneficiary
        audit_record(
            actor=SYSTEM,
            action="milestone.missed",
            obj=milestone,
            before={"status": "pending"},
            after={"status": "missed"},
        )
        case = PenaltyCase.objects.create(
            beneficiary=b,
            milestone=milestone,
            kind=CaseKind.MISSED_MILESTONE,
            raised_on=today,
            description=_("Milestone %(n)s (%(what)s by %(day)s) was not achieved.")
            % {
                "n": milestone.number,
                "day": milestone.deadline.strftime("%d %b %Y"),
                "what": format_crore(milestone.threshold)
                if milestone.unit == "INR"
                else _("%(q)s MTPA commissioned") % {"q": milestone.threshold},
            },
        )
        audit_record(
            actor=SYSTEM,
            action="case.raised",
            obj=case,
            after={"kind": case.kind, "milestone": milestone.number},
        )
        url = reverse("web:case", args=[case.pk])
        notify(
            _mhi(),
            title=gettext_lazy("Penalty case raised: %(org)s missed milestone %(n)s"),
            body=case.description,
            url=url,
            params={"org": b.user.organisation, "n": milestone.number},
        )
        notify(
            [b.user],
            title=gettext_lazy("Milestone %(n)s was missed"),
            body=gettext_lazy("A penalty case is open; MHI will hear you before deciding."),
            url=url,
            params={"n": milestone.number},
        )
    return True


def daily_checks(*, today: date) -> DailyReport:
    """Reminders 90, 30 and 7 days before each deadline and PBG expiry; a penalty case the day
    after a milestone deadline passes unmet (R-MS-4). Running twice, or twice at once, sends each
    reminder once and raises each case once (database constraints decide)."""
    report = DailyReport()
    reminder_days = set(parameters_in_force(today).days("milestone_reminder_days"))
    for b in Beneficiary.objects.filter(
        status=BeneficiaryStatus.AWARDED, loa_date__isnull=False
    ).select_related("user"):
        milestones_start(beneficiary=b)
        milestones_evaluate(beneficiary=b)
        for m in b.milestones.filter(status=MilestoneStatus.PENDING):
            left = (m.deadline - today).days
            if left in reminder_days and _remind_once(
                b,
                f"milestone-{m.number}",
                left,
                today,
                _("Milestone %(n)s is due in %(d)s days (%(day)s)")
                % {"n": m.number, "d": left, "day": m.deadline.strftime("%d %b %Y")},
                reverse("web:milestones", args=[b.pk]),
            ):
                report.reminders += 1
            if left < 0 and _raise_missed(m, today):
                report.cases += 1
        for g in PerformanceBankGuarantee.objects.filter(beneficiary=b):
            left = (g.valid_until - today).days
            if left in reminder_days and _remind_once(
                b,
                f"pbg-{g.pk}",
                left,
                today,
                _("Guarantee %(no)s expires in %(d)s days: extend or renew it")
                % {"no": g.number, "d": left},
                reverse("web:beneficiary", args=[b.pk]),
                also_to=list(_mhi()),
            ):
                report.reminders += 1
    return report


# --- Penalty cases (R-MS-4, §11.1) --------------------------------------------------------------


def case_raise(
    *, actor: User, beneficiary: Beneficiary, kind: str, description: str
) -> PenaltyCase:
    """A misrepresentation or other broken obligation, raised by PMA or MHI."""
    require_role(actor, Role.PMA, Role.MHI, message=_("Only the PMA or MHI raises a penalty case."))
    if kind not in (CaseKind.MISREPRESENTATION, CaseKind.OTHER_OBLIGATION):
        raise ValidationFailed(
            _(
                "Missed milestones raise their own cases; choose "
                "misrepresentation or another obligation."
            ),
            field="kind",
        )
    if not description.strip():
        raise ValidationFailed(_("Describe what happened and the evidence."), field="description")
    with transaction.atomic():
        case = PenaltyCase.objects.create(
            beneficiary=beneficiary,
            kind=kind,
            description=description.strip(),
            raised_on=today_ist(),
            raised_by=actor,
        )
        audit_record(actor=actor, action="case.raised", obj=case, after={"kind": kind})
        notify(
            _mhi(),
            title=gettext_lazy("Penalty case raised against %(org)s"),
            url=reverse("web:case", args=[case.pk]),
            params={"org": beneficiary.user.organisation},
        )
        notify(
            [beneficiary.user],
            title=gettext_lazy("A penalty case has been raised against you"),
            body=gettext_lazy("MHI will issue a show-cause notice and hear you before deciding."),
            url=reverse("web:case", args=[case.pk]),
        )
    return case


def case_issue_notice(*, actor: User, case: PenaltyCase, reply_by: date) -> PenaltyCase:
    """The show-cause notice (PDF) to the beneficiary, with the date to reply by."""
    require_role(actor, Role.MHI, message=_("Only an MHI officer takes this step."))
    if reply_by <= today_ist():
        raise ValidationFailed(
            _("Give the beneficiary a reply date in the future."), field="reply_by"
        )

    def prepare() -> list[Draft]:
        current = PenaltyCase.objects.select_related(
            "beneficiary__user", "beneficiary__bid", "beneficiary__round"
        ).get(pk=case.pk)
        if current.status != CaseStatus.RAISED:
            raise StateConflict(_("The show-cause notice of this case has been issued already."))
        # What the notice states (the case as raised) does not change after it is raised; the
        # status is checked again by the transition under its conditional UPDATE.
        return [
            beneficiary_draft(
                beneficiary=current.beneficiary,
                template="milestones/show_cause.html",
                context={"case": current, "reply_by": reply_by},
                subject=f"penalty-case:{current.pk}:show-cause",
            )
        ]

    def commit(drafts: list[Draft]) -> None:
        document = beneficiary_letter_store(
            beneficiary=case.beneficiary, draft=drafts[0], title="Show-cause notice"
        )
        transition(
            case,
            allowed_from=[CaseStatus.RAISED],
            to=CaseStatus.NOTICE_ISSUED,
            actor=actor,
            action="case.notice_issued",
            also={"notice_document_id": document.pk, "notice_issued_on": today_ist()},
        )
        notify(
            [case.beneficiary.user],
            title=gettext_lazy("Show-cause notice issued"),
            body=gettext_lazy("Reply by %(day)s."),
            url=reverse("web:case", args=[case.pk]),
            params={"day": reply_by.strftime("%d %b %Y")},
        )

    letters_issue(prepare=prepare, commit=commit)
    return case


def case_reply(
    *, actor: User, case: PenaltyCase, reply: str, document: Document | None = None
) -> PenaltyCase:
    if case.beneficiary.user_id != actor.pk:
        raise NotAllowed(_("Only the beneficiary replies to its notice."))
    if not reply.strip():
        raise ValidationFailed(_("Write your reply."), field="reply")
    if document is not None and document.owner_id != actor.pk:
        raise ValidationFailed(_("Attach a document you uploaded."), field="document")
    with transaction.atomic():
        transition(
            case,
            allowed_from=[CaseStatus.NOTICE_ISSUED],
            to=CaseStatus.REPLIED,
            actor=actor,
            action="case.replied",
            also={
                "reply": reply.strip(),
                "reply_document_id": document.pk if document else None,
                "replied_on": today_ist(),
            },
        )
        notify(
            _mhi(),
            title=gettext_lazy("%(org)s replied to the show-cause notice of case %(n)s"),
            body=gettext_lazy("Record the hearing next."),
            url=reverse("web:case", args=[case.pk]),
            params={"org": case.beneficiary.user.organisation, "n": case.pk},
        )
    return case


def case_record_hearing(
    *, actor: User, case: PenaltyCase, hearing_on: date, notes: str
) -> PenaltyCase:
    require_role(actor, Role.MHI, message=_("Only an MHI officer takes this step."))
    if not notes.strip():
        raise ValidationFailed(_("Record what was said at the hearing."), field="notes")
    with transaction.atomic():
        transition(
            case,
            allowed_from=[CaseStatus.NOTICE_ISSUED, CaseStatus.REPLIED],
            to=CaseStatus.HEARD,
            actor=actor,
            action="case.heard",
            also={"hearing_on": hearing_on, "hearing_notes": notes.strip()},
        )
        notify(
            [case.beneficiary.user],
            title=gettext_lazy("Your hearing in penalty case %(n)s is recorded"),
            body=gettext_lazy("MHI decides the case next."),
            url=reverse("web:case", args=[case.pk]),
            params={"n": case.pk},
        )
    return case


def case_decide(
    *,
    actor: User,
    case: PenaltyCase,
    decisions: Sequence[str],
    reasons: str,
    pbg_encashed: Decimal | None = None,
) -> PenaltyCase:
    """MHI's decision after the hearing (§11.1); it takes effect everywhere at once."""
    require_role(actor, Role.MHI, message=_("Only an MHI officer takes this step."))
    chosen = list(dict.fromkeys(decisions))
    if not chosen or any(d not in Decision.values for d in chosen):
        raise ValidationFailed(_("Choose the decision."), field="decisions")
    if Decision.CLOSE in chosen and len(chosen) > 1:
        raise ValidationFailed(_("Closing the case excludes every penalty."), field="decisions")
    if not reasons.strip():
        raise ValidationFailed(_("Give the reasons for the decision."), field="reasons")
    beneficiary = case.beneficiary
    if Decision.ENCASH_PBG in chosen:
        held = sum((g.amount for g in beneficiary.pbgs.all()), Decimal(0))
        if pbg_encashed is None or not Decimal(0) < pbg_encashed <= held:
            raise ValidationFailed(
                _("Enter the amount encashed: more than ₹0 and at most the %(held)s held.")
                % {"held": format_inr(held)},
                field="pbg_encashed",
            )
    elif pbg_encashed:
        raise ValidationFailed(
            _("An amount is encashed only when the decision is to encash the guarantee."),
            field="pbg_encashed",
        )
    with transaction.atomic():
        transition(
            case,
            allowed_from=[CaseStatus.HEARD],
            to=CaseStatus.DECIDED,
            actor=actor,
            action="case.decided",
            also={
                "decisions": chosen,
                "decision_reasons": reasons.strip(),
                "pbg_encashed": pbg_encashed,
                "decided_by_id": actor.pk,
                "decided_on": today_ist(),
            },
        )
        if Decision.REVOKE_LOA in chosen:
            transition(
                beneficiary,
                allowed_from=[BeneficiaryStatus.AWARDED],
                to=BeneficiaryStatus.REVOKED,
                actor=actor,
                action="loa.revoked",
            )
        if Decision.FORFEIT in chosen:
            Beneficiary.objects.filter(pk=beneficiary.pk).update(incentives_forfeited=True)
            audit_record(
                actor=actor,
                action="incentives.forfeited",
                obj=beneficiary,
                before={"incentives_forfeited": False},
                after={"incentives_forfeited": True},
            )
        notify(
            [beneficiary.user],
            title=gettext_lazy("Decision in penalty case %(n)s"),
            body=reasons.strip(),
            url=reverse("web:case", args=[case.pk]),
            params={"n": case.pk},
        )
    return case


# --- MCLR and refunds with interest (R-MS-5, §11.2) ------------------------------------------


def mclr_record(*, actor: User, effective_from: date, rate_pct: Decimal, source: str) -> MCLRRate:
    require_role(actor, Role.MHI, message=_("Only an MHI officer takes this step."))
    rate_pct = to_decimal(rate_pct, what="rate")
    if not Decimal(0) < rate_pct < Decimal(100):
        raise ValidationFailed(_("Enter the rate in % a year, e.g. 8.75."), field="rate_pct")
    with transaction.atomic():
        if MCLRRate.objects.filter(effective_from=effective_from).exists():
            raise ValidationFailed(
                _("A rate from this date is already recorded."), field="effective_from"
            )
        rate = MCLRRate.objects.create(
            effective_from=effective_from,
            rate_pct=rate_pct,
            source=source.strip(),
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="mclr.recorded",
            obj=rate,
            after={"from": effective_from, "rate_pct": rate_pct},
        )
    return rate


def _benefits_chosen(
    case: PenaltyCase, disbursements: Sequence[str], demand_on: date
) -> list[Disbursement]:
    """The benefits of the case's beneficiary's ledger chosen by key, oldest first, each once and
    disbursed by ``demand_on``."""
    if not disbursements:
        raise ValidationFailed(
            _("Choose the benefits to refund among those disbursed."), field="disbursements"
        )
    if len(set(disbursements)) != len(disbursements):
        raise ValidationFailed(_("Choose each benefit once."), field="disbursements")
    ledger = {d.key: d for d in disbursements_of(case.beneficiary_id)}
    unknown = [key for key in disbursements if key not in ledger]
    if unknown:
        raise ValidationFailed(
            _(
                "%(keys)s: not a benefit the portal recorded as disbursed to this beneficiary. "
                "Choose among the disbursements of its ledger."
            )
            % {"keys": ", ".join(unknown)},
            field="disbursements",
        )
    chosen = sorted((ledger[key] for key in disbursements), key=lambda d: (d.disbursed_on, d.key))
    late = [d for d in chosen if d.disbursed_on > demand_on]
    if late:
        raise ValidationFailed(
            _("%(what)s was disbursed on %(day)s, after the date interest runs to.")
            % {"what": late[0].label, "day": late[0].disbursed_on.strftime("%d %b %Y")},
            field="demand_on",
        )
    return chosen


def refund_demand_issue(
    *,
    actor: User,
    case: PenaltyCase,
    disbursements: Sequence[str],
    demand_on: date,
) -> RefundDemand:
    """Each benefit refunded with interest at the MCLR of its own date (R-MS-5), as a notice.

    The benefits are chosen, by key, among those the portal recorded as disbursed to the
    case's beneficiary (``repm_portal.ledger``): their dates and amounts are the ledger's, never
    typed in, so a benefit the beneficiary never received cannot be demanded. Each line is
    rounded to the paisa and the total is the sum of the lines (R-UNIT-3)."""
    require_role(actor, Role.MHI, message=_("Only an MHI officer takes this step."))
    if case.kind != CaseKind.MISREPRESENTATION or case.status != CaseStatus.DECIDED:
        raise StateConflict(
            _(
                "A refund is demanded in a decided case of misrepresentation, "
                "after the beneficiary has been heard (§11.2)."
            )
        )
    chosen = _benefits_chosen(case, disbursements, demand_on)
    checked: list[tuple[date, Decimal]] = [(d.disbursed_on, d.amount) for d in chosen]

    def lines_now() -> list[rules.RefundLine]:
        """Each line at the MCLR recorded for its date now (a rate may be recorded meanwhile)."""
        return [
            rules.refund_line(
                amount=amount,
                disbursed_on=day,
                rate_pct=selectors.mclr_on(day).rate_pct,
                demand_on=demand_on,
            )
            for day, amount in checked
        ]

    def figures(lines: list[rules.RefundLine]) -> RefundDemand:
        principal = sum((line.amount for line in lines), Decimal(0))
        total = sum((line.total for line in lines), Decimal(0))
        return RefundDemand(
            case=case,
            demand_on=demand_on,
            principal=principal,
            interest=total - principal,
            total=total,
            issued_by=actor,
            lines=[
                {
                    "benefit": benefit.key,
                    "label": benefit.label,
                    "payment_reference": benefit.reference,
                    "disbursed_on": line.disbursed_on.isoformat(),
                    "amount": str(line.amount),
                    "rate_pct": str(line.rate_pct),
                    "whole_years": line.whole_years,
                    "extra_days": line.extra_days,
                    "interest": str(line.interest),
                    "total": str(line.total),
                }
                for benefit, line in zip(chosen, lines, strict=True)
            ],
        )

    def serial() -> int:
        """The demand's number within its case, printed on the notice (RFD-case-serial)."""
        return RefundDemand.objects.filter(case=case).count() + 1

    def prepare() -> list[Draft]:
        lines = lines_now()
        demand = figures(lines)
        number = serial()
        return [
            beneficiary_draft(
                beneficiary=case.beneficiary,
                template="milestones/refund_notice.html",
                context={
                    "case": case,
                    "demand": demand,
                    "rows": list(zip(chosen, lines, strict=True)),
                    "serial": number,
                },
                facts=(number, demand.lines),
                subject=f"penalty-case:{case.pk}:refund-demand",  # a later demand supersedes
            )
        ]

    def commit(drafts: list[Draft]) -> RefundDemand:
        # The case's row serialises the demands of one case: the serial and the rates the notice
        # states are read again under it, and the notice is rendered again if they moved.
        PenaltyCase.objects.select_for_update().get(pk=case.pk)
        demand = figures(lines_now())
        drafts[0].confirm((serial(), demand.lines))
        demand.save()
        document = beneficiary_letter_store(
            beneficiary=case.beneficiary, draft=drafts[0], title="Refund demand"
        )
        RefundDemand.objects.filter(pk=demand.pk).update(notice_document=document)
        demand.notice_document = document
        audit_record(
            actor=actor,
            action="refund.demanded",
            obj=demand,
            after={
                "principal": demand.principal,
                "interest": demand.interest,
                "total": demand.total,
                "demand_on": demand_on,
            },
        )
        notify(
            [case.beneficiary.user],
            title=gettext_lazy("Refund demand issued"),
            body=gettext_lazy("Total %(total)s, interest to %(day)s."),
            url=reverse("web:case", args=[case.pk]),
            params={"total": format_inr(demand.total), "day": demand_on.strftime("%d %b %Y")},
        )
        return demand

    demand = letters_issue(prepare=prepare, commit=commit)
    return demand
