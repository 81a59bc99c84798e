"""R-COM-4: the quarterly report's pre-filled figures, carried-forward risks, validation and
lifecycle; the QRR's snapshot, missing reports and PDF; reminders once."""

from __future__ import annotations

import subprocess
from datetime import date
from decimal import Decimal

import pytest

from committees import report_services as services
from committees.models import QuarterlyReport, QuarterlyReviewReport
from milestones import selectors as milestone_selectors
from milestones.models import ReminderLog
from repm_portal.audit.models import AuditEvent
from repm_portal.errors import NotAllowed, RuleViolation, StateConflict, ValidationFailed
from repm_portal.money import crore
from repm_portal.notifications.models import Notification

from .report_fixtures import FIGURES, Q2, Q3, RISKS, TODAY, beneficiary, filed, invest

pytestmark = pytest.mark.django_db


@pytest.fixture
def b(applicant):
    b = beneficiary(applicant)
    invest(b)
    return b


def test_r_com_4_prefilled_figures_match_the_milestones_app(b) -> None:
    report = filed(b)
    a = report.milestone_figures
    # Worked by hand: ₹42 cr + ₹0.84 cr taxes invested by 30 Sep 2026 (the ₹31 cr of 5 Oct
    # falls in Q3); Table 5 for 600 MTPA is ₹300 cr; nothing commissioned of 600 MTPA.
    assert Decimal(a["investment"]) == crore("42.84") == Decimal("428400000.00")
    assert Decimal(a["investment"]) == milestone_selectors.eligible_investment(
        b, up_to=date(2026, 9, 30)
    )
    assert Decimal(a["table5"]) == crore(300)
    assert Decimal(a["commissioned_mtpa"]) == Decimal(0)
    assert a["allocated_mtpa"] == "600"
    m = {row["number"]: row for row in a["milestones"]}
    # LoA 17 Aug 2026: M1 ₹150 cr by 17 Aug 2027, M2 ₹300 cr by 17 Aug 2028, M3 300 MTPA by
    # 17 Aug 2029; all pending on 30 Sep 2026.
    assert [m[n]["deadline"] for n in (1, 2, 3)] == ["2027-08-17", "2028-08-17", "2029-08-17"]
    assert Decimal(m[1]["threshold"]) == crore(150) and Decimal(m[2]["threshold"]) == crore(300)
    assert Decimal(m[3]["threshold"]) == Decimal(300) and m[3]["unit"] == "MTPA"
    assert {row["status"] for row in a["milestones"]} == {"pending"}
    # the current quarter's report shows everything to date, as the milestones page does
    q3 = filed(b, Q3)
    assert Decimal(q3.milestone_figures["investment"]) == crore("73.84")
    assert Decimal(q3.milestone_figures["investment"]) == milestone_selectors.eligible_investment(b)


def test_r_com_4_due_fifteen_days_after_the_quarter_ends(b) -> None:
    report = filed(b)
    assert report.due_on == date(2026, 10, 15)
    assert report.quarter == "FY2026-27-Q2" and report.quarter_end == date(2026, 9, 30)


def test_r_com_4_no_report_before_the_loa_quarter_or_for_a_quarter_not_begun(b) -> None:
    with pytest.raises(RuleViolation, match="FY2026-27-Q2"):
        services.quarterly_report_start(
            actor=b.user, beneficiary=b, quarter=Q2.previous(), today=TODAY
        )
    with pytest.raises(RuleViolation, match="has not begun"):
        services.quarterly_report_start(actor=b.user, beneficiary=b, quarter=Q3.next(), today=TODAY)


def test_r_com_4_one_report_per_quarter(b) -> None:
    filed(b)
    with pytest.raises(StateConflict, match="already exists"):
        services.quarterly_report_start(actor=b.user, beneficiary=b, quarter=Q2, today=TODAY)


def test_r_com_4_risk_register_carries_forward_without_closed_risks(b) -> None:
    filed(b)
    q3 = services.quarterly_report_start(actor=b.user, beneficiary=b, quarter=Q3, today=TODAY)
    carried = list(q3.risks.values_list("risk", "likelihood", "impact", "owner", "status"))
    assert carried == [
        ("Jet mill delivery slips", 3, 2, "COO", "open"),
        ("Dysprosium price spike", 2, 2, "", "mitigating"),
    ]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"land_pct": "100.5"}, "land_pct", "from 0 to 100"),
        ({"yield_pct": "-1"}, "yield_pct", "from 0 to 100"),
        ({"women": 161}, "women", "cannot outnumber the total headcount"),
        ({"exported_kg": "1000.001"}, "exported_kg", "cannot exceed magnets sold"),
        ({"equipment_installed_pct": "56"}, "equipment_installed_pct", "cannot exceed"),
        ({"sold_kg": "-5", "exported_kg": "0"}, "sold_kg", "cannot be negative"),
        ({"produced_kg": "lots"}, "produced_kg", "Enter a number"),
    ],
)
def test_r_com_4_bad_figures_are_refused_with_a_clear_message(b, changes, field, message) -> None:
    report = services.quarterly_report_start(actor=b.user, beneficiary=b, quarter=Q2, today=TODAY)
    with pytest.raises(ValidationFailed) as error:
        services.quarterly_report_save(
            actor=b.user, report=report, fields={**FIGURES, **changes}, risks=[]
        )
    assert message in error.value.fields[field][0]
    report.refresh_from_db()
    assert report.produced_kg == 0  # nothing half-written


def test_r_com_4_lifecycle_return_with_reasons_resubmit_accept(b, pma) -> None:
    report = filed(b)
    services.quarterly_report_submit(actor=b.user, report=report)
    assert report.status == "submitted"
    with pytest.raises(NotAllowed):
        services.quarterly_report_accept(actor=b.user, report=report)
    with pytest.raises(ValidationFailed):
        services.quarterly_report_return(actor=pma, report=report, reasons="  ")
    services.quarterly_report_return(actor=pma, report=report, reasons="Yield is not explained.")
    report.refresh_from_db()
    assert report.status == "returned" and report.return_reasons == "Yield is not explained."
    assert Notification.objects.filter(user=b.user, title__contains="returned").exists()
    services.quarterly_report_save(
        actor=b.user, report=report, fields={**FIGURES, "yield_pct": "80"}, risks=RISKS[:1]
    )
    services.quarterly_report_submit(actor=b.user, report=report)
    assert report.status == "resubmitted"
    with pytest.raises(StateConflict):
        services.quarterly_report_save(actor=b.user, report=report, fields=FIGURES, risks=[])
    services.quarterly_report_accept(actor=pma, report=report)
    report.refresh_from_db()
    assert report.status == "accepted" and report.reviewed_by == pma
    actions = list(
        AuditEvent.objects.filter(object_id=str(report.pk), action__startswith="quarterly_report")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "quarterly_report.started",
        "quarterly_report.saved",
        "quarterly_report.submitted",
        "quarterly_report.returned",
        "quarterly_report.saved",
        "quarterly_report.resubmitted",
        "quarterly_report.accepted",
    ]
    with pytest.raises(StateConflict):
        services.quarterly_report_accept(actor=pma, report=report)


def test_r_com_4_a_rival_cannot_start_or_edit_anothers_report(b, rival) -> None:
    with pytest.raises(NotAllowed):
        services.quarterly_report_start(actor=rival, beneficiary=b, quarter=Q2, today=TODAY)
    report = filed(b)
    with pytest.raises(NotAllowed):
        services.quarterly_report_save(actor=rival, report=report, fields=FIGURES, risks=[])


def _second(user_factory_email: str, loa: date):
    from .report_fixtures import second_applicant

    return beneficiary(second_applicant(user_factory_email), loa_date=loa, rank=2)


def test_r_com_4_qrr_lists_the_missing_report(b, pma) -> None:
    late = _second("third@magnets.in", date(2026, 9, 1))
    report = filed(b)
    services.quarterly_report_submit(actor=b.user, report=report)
    services.quarterly_report_accept(actor=pma, report=report)
    qrr = services.qrr_compile(actor=pma, quarter=Q2, today=TODAY)
    f = qrr.figures
    assert [p["beneficiary"] for p in f["projects"]] == [b.pk, late.pk]
    assert f["missing"] == [
        {
            "beneficiary": late.pk,
            "organisation": "Kaveri Magnetics Ltd",
            "state": "not_started",
            "report": None,
            "due_on": "2026-10-15",
        }
    ]
    project = f["projects"][0]
    assert project["investment"] == "428400000.00" and project["table5"] == "3000000000.00"
    assert project["produced_kg"] == "1250.500"
    # Jet mill delivery: likelihood 3 × impact 2 = 6 ≥ 6 is high; the price spike (4) is not.
    assert [r["risk"] for r in project["high_risks"]] == ["Jet mill delivery slips"]
    # M1 is due 17 Aug 2027, 321 days after 30 Sep 2026: green (on track).
    assert [m["light"] for m in project["milestones"]] == ["green", "green", "green"]


def test_r_com_4_issued_qrr_does_not_change_when_data_changes(b, pma, mhi) -> None:
    report = filed(b)
    services.quarterly_report_submit(actor=b.user, report=report)
    services.quarterly_report_accept(actor=pma, report=report)
    qrr = services.qrr_compile(actor=pma, quarter=Q2, today=TODAY)
    with pytest.raises(RuleViolation, match="analysis"):
        services.qrr_issue(actor=pma, qrr=qrr)
    services.qrr_update(
        actor=pma,
        qrr=qrr,
        recommendations="Watch the jet mill delivery.",
        analyses={b.pk: "On track; civil works at 60 %."},
    )
    with pytest.raises(NotAllowed):
        services.qrr_issue(actor=mhi, qrr=qrr)
    services.qrr_issue(actor=pma, qrr=qrr)
    frozen = QuarterlyReviewReport.objects.get().figures
    # later: more investment dated in Q2 and the report's figures edited in the database
    QuarterlyReport.objects.filter(pk=report.pk).update(produced_kg=Decimal("9999"))
    from milestones.models import InvestmentLine

    InvestmentLine.objects.filter(beneficiary=b).update(eligible_amount=crore(500))
    qrr.refresh_from_db()
    assert qrr.figures == frozen and qrr.status == "issued"
    assert qrr.figures["projects"][0]["investment"] == "428400000.00"
    with pytest.raises(StateConflict):
        services.qrr_compile(actor=pma, quarter=Q2, today=TODAY)
    with pytest.raises(StateConflict):
        services.qrr_update(actor=pma, qrr=qrr, recommendations="x", analyses={})


def test_r_com_4_r_gov_4_qrr_pdf_has_devanagari_latin_and_issue_date(b, pma, tmp_path) -> None:
    report = filed(b)
    services.quarterly_report_submit(actor=b.user, report=report)
    services.quarterly_report_accept(actor=pma, report=report)
    qrr = services.qrr_compile(actor=pma, quarter=Q2, today=TODAY)
    services.qrr_update(
        actor=pma, qrr=qrr, recommendations="Watch the jet mill.", analyses={b.pk: "On track."}
    )
    services.qrr_issue(actor=pma, qrr=qrr)
    qrr.refresh_from_db()
    path = tmp_path / "qrr.pdf"
    with qrr.document.file.open("rb") as source:
        path.write_bytes(source.read())
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "भारत सरकार" in text and "समीक्षा" in text  # Devanagari, as real text
    assert "Quarterly Review Report FY2026-27-Q2" in text
    assert "Issued:" in text and qrr.issued_at is not None
    words = " ".join(text.split())  # table cells wrap
    assert "Bharat Magnetics Ltd (L1)" in words and "₹ 42.84 cr / ₹ 300.00 cr" in words
    assert "Watch the jet mill." in words


def test_r_com_4_reminder_task_is_idempotent(b) -> None:
    from committees.report_tasks import send_quarterly_report_reminders

    # Q3 ends 31 Dec 2026, due 15 Jan 2027: 7 days before is 8 Jan 2027.
    assert send_quarterly_report_reminders("2027-01-08") == 1
    assert send_quarterly_report_reminders("2027-01-08") == 0
    assert ReminderLog.objects.filter(subject="qreport-FY2026-27-Q3", days_before=7).count() == 1
    titles = list(Notification.objects.filter(user=b.user).values_list("title", flat=True))
    assert titles.count("Quarterly report FY2026-27-Q3 is due in 7 days (15 Jan 2027)") == 1
    assert send_quarterly_report_reminders("2027-01-09") == 0  # not a reminder day


def test_r_com_4_the_issued_qrr_is_proposed_for_tc_and_smc_meetings(b, pma) -> None:
    from committees.agenda import agenda_proposals

    def qrr_items(committee: str) -> list[str]:
        return [i.ref for i in agenda_proposals(committee, TODAY) if i.kind == "qrr"]

    qrr = services.qrr_compile(actor=pma, quarter=Q2, today=TODAY)
    assert qrr_items("tc") == []  # a draft is not proposed
    services.qrr_update(actor=pma, qrr=qrr, recommendations="None.", analyses={b.pk: "Ok."})
    services.qrr_issue(actor=pma, qrr=qrr)
    assert qrr_items("tc") == qrr_items("smc") == [f"qrr:{qrr.pk}"]
    assert qrr_items("other") == []
