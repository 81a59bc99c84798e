"""Home-page items for quarterly reports and the QRR (R-COM-4), and the QRR proposed for the
TC's and the SMC's review meetings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from repm_portal.accounts.models import Role, User
from repm_portal.web.duties import Duty, duty_provider

from . import report_selectors as selectors
from . import reports as rules
from .agenda import ProposedItem, agenda_proposer
from .models.reports import WITH_PMA, QRRStatus, QuarterlyReport, QuarterlyReviewReport


@duty_provider
def quarterly_report_duties(user: User, today: date) -> Iterable[Duty]:
    if user.has_role(Role.APPLICANT):
        for _b, owed in selectors.open_reports_of(user, today=today):
            for due in owed:
                yield Duty(
                    _("Quarterly report %(q)s due %(day)s")
                    % {"q": due.quarter.code, "day": due.due_on.strftime("%d %b %Y")},
                    _("Returned for revision: correct it and resubmit.")
                    if due.report and due.report.status == "returned"
                    else _("Report on phases, infrastructure, technology, people and risks."),
                    reverse("web:quarterly_report", args=[due.report.pk])
                    if due.report
                    else reverse("web:quarterly_reports"),
                    due=due.due_on,
                )
    if user.has_role(Role.PMA):
        waiting = (
            QuarterlyReport.objects.filter(status__in=WITH_PMA)
            .select_related("beneficiary__user")
            .only("quarter", "beneficiary__user__organisation")
        )
        for report in waiting:
            yield Duty(
                _("Review the %(q)s report of %(org)s")
                % {"q": report.quarter, "org": report.beneficiary.user.organisation},
                _("Accept it, or return it with reasons."),
                reverse("web:quarterly_report", args=[report.pk]),
            )
        last = rules.last_ended_quarter(today)
        overdue = [
            d
            for d in selectors.reports_due(last, on=today, brief=True)
            if d.due_on < today and (d.report is None or d.report.status in ("draft", "returned"))
        ]
        for d in overdue:
            yield Duty(
                _("Overdue: the %(q)s report of %(org)s")
                % {"q": last.code, "org": d.beneficiary.user.organisation},
                _("Due %(day)s and not yet submitted.") % {"day": d.due_on.strftime("%d %b %Y")},
                reverse("web:quarterly_reports") + f"?quarter={last.code}",
                due=d.due_on,
            )
        issued = QuarterlyReviewReport.objects.filter(
            quarter=last.code, status=QRRStatus.ISSUED
        ).exists()
        if not issued:
            yield Duty(
                _("Compile and issue the QRR for %(q)s") % {"q": last.code},
                _("From the accepted reports; missing reports are listed in it."),
                reverse("web:qrrs"),
            )
    if user.has_role(Role.TC, Role.SMC, Role.MHI):
        latest = (
            QuarterlyReviewReport.objects.filter(status=QRRStatus.ISSUED)
            .order_by("-quarter_end")
            .only("quarter")
            .first()
        )
        if latest is not None:
            yield Duty(
                _("Read the QRR for %(q)s") % {"q": latest.quarter},
                _("The scheme's quarterly review report, compiled by the PMA."),
                reverse("web:qrr", args=[latest.pk]),
            )


@agenda_proposer
def qrr_for_review(committee: str, on: date) -> Iterable[ProposedItem]:
    """§8.1, §9.1: the QRR of the last ended quarter, once issued, for TC and SMC meetings."""
    if committee not in ("tc", "smc"):
        return []
    last = rules.last_ended_quarter(on)
    qrr = QuarterlyReviewReport.objects.filter(quarter=last.code, status=QRRStatus.ISSUED).first()
    if qrr is None:
        return []
    return [
        ProposedItem(
            kind="qrr",
            title=_("Quarterly review report %(q)s") % {"q": qrr.quarter},
            detail=_("Compiled by the PMA; %(n)s project(s), %(m)s report(s) missing.")
            % {"n": len(qrr.figures.get("projects", [])), "m": len(qrr.figures.get("missing", []))},
            url=reverse("web:qrr", args=[qrr.pk]),
            ref=f"qrr:{qrr.pk}",
        )
    ]
