"""What each scheme parameter is (R-PARAM-1): its kind, unit, rule and the notification's words.

The values themselves are data: the notified ones are loaded by migration 0002, and amendments
are new versions recorded by MHI. No value appears here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

Kind = Literal["decimal", "fraction", "integer", "date", "days_list", "table"]

CAPACITIES = (600, 700, 800, 900, 1000, 1100, 1200)  # R-BID-4: the rows of Tables 1–5
RANKS = (1, 2, 3, 4, 5)
SCHEME_YEARS = (1, 2, 3, 4, 5, 6, 7)


@dataclass(frozen=True)
class ParamSpec:
    key: str
    label: StrOrPromise
    rule: str
    unit: StrOrPromise  # translated at display, like the label
    kind: Kind
    rows: tuple[int, ...] = ()  # for tables: capacity (MTPA), rank or scheme year
    row_label: StrOrPromise = ""
    optional: bool = False
    help: StrOrPromise = ""


SPECS: tuple[ParamSpec, ...] = (
    ParamSpec("scheme_outlay_cr", _("Total scheme outlay"), "R-PARAM-1", _("₹ crore"), "decimal"),
    ParamSpec(
        "admin_expenses_cr", _("Administrative expenses"), "R-OUT-1", _("₹ crore"), "decimal"
    ),
    ParamSpec(
        "total_capacity_mtpa", _("Total capacity to allocate"), "R-BID-9", _("MTPA"), "integer"
    ),
    ParamSpec(
        "beneficiaries_max", _("Beneficiaries selected (L1…Ln)"), "R-BID-8", _("count"), "integer"
    ),
    ParamSpec(
        "lead_partner_min_share",
        _("Lead Partner's minimum shareholding"),
        "R-BID-2",
        _("fraction"),
        "fraction",
    ),
    ParamSpec("bid_capacity_min_mtpa", _("Minimum bid capacity"), "R-BID-4", _("MTPA"), "integer"),
    ParamSpec("bid_capacity_max_mtpa", _("Maximum bid capacity"), "R-BID-4", _("MTPA"), "integer"),
    ParamSpec("bid_capacity_step_mtpa", _("Bid capacity step"), "R-BID-4", _("MTPA"), "integer"),
    ParamSpec(
        "financial_bid_ceiling_per_kg",
        _("Ceiling on the incentive quoted"),
        "R-BID-6",
        _("₹/kg"),
        "decimal",
    ),
    ParamSpec("gestation_years", _("Gestation period"), "R-PARAM-2", _("years"), "integer"),
    ParamSpec("tenure_years", _("Scheme tenure"), "R-PARAM-2", _("years"), "integer"),
    ParamSpec(
        "scheme_start_date",
        _("Scheme start date"),
        "R-PARAM-2",
        _("date"),
        "date",
        optional=True,
        help=_("Empty means the date of the round's first Letter of Award."),
    ),
    ParamSpec(
        "sli_turnover_cap_fraction",
        _("SLI cap as a share of net sales turnover"),
        "R-SLI-4",
        _("fraction"),
        "fraction",
    ),
    ParamSpec(
        "capital_subsidy_rate",
        _("Capital subsidy rate on eligible investment"),
        "R-CAP-1",
        _("fraction"),
        "fraction",
    ),
    ParamSpec(
        "capital_subsidy_investment_from",
        _("Eligible investment made on or after"),
        "R-CAP-1",
        _("date"),
        "date",
    ),
    ParamSpec(
        "milestone1_investment_cr",
        _("Milestone 1 eligible investment"),
        "R-MS-1",
        _("₹ crore"),
        "decimal",
    ),
    ParamSpec(
        "milestone1_years", _("Milestone 1 deadline after the LoA"), "R-MS-1", _("years"), "integer"
    ),
    ParamSpec(
        "milestone2_years", _("Milestone 2 deadline after the LoA"), "R-MS-2", _("years"), "integer"
    ),
    ParamSpec(
        "milestone3_commissioned_fraction",
        _("Milestone 3 share of capacity commissioned"),
        "R-MS-3",
        _("fraction"),
        "fraction",
    ),
    ParamSpec(
        "milestone3_years", _("Milestone 3 deadline after the LoA"), "R-MS-3", _("years"), "integer"
    ),
    ParamSpec(
        "milestone_reminder_days",
        _("Reminders before each deadline"),
        "R-MS-4",
        _("days before"),
        "days_list",
    ),
    # --- Quarterly progress reports and the QRR (R-COM-4): committees/reports.py ---
    ParamSpec(
        "quarterly_report_due_days",
        _("Quarterly progress report due after the quarter ends"),
        "R-COM-4",
        _("days after the quarter ends"),
        "integer",
    ),
    ParamSpec(
        "quarterly_report_reminder_days",
        _("Reminders before a quarterly report is due"),
        "R-COM-4",
        _("days before"),
        "days_list",
    ),
    ParamSpec(
        "qrr_amber_days",
        _("QRR traffic light: amber when a milestone falls due within"),
        "R-COM-4",
        _("days"),
        "integer",
    ),
    ParamSpec(
        "qrr_high_risk_score",
        _("QRR: a risk is rated high from this likelihood × impact score (1–9)"),
        "R-COM-4",
        _("score"),
        "integer",
    ),
    ParamSpec(
        "oxide_to_magnet_ratio",
        _("Magnet supported by 1 MTPA of NdPr oxide"),
        "R-BID-12",
        _("MTPA magnet per MTPA oxide"),
        "decimal",
    ),
    ParamSpec(
        "sla_initial_scrutiny_days",
        _("Initial scrutiny of a claim"),
        "R-SLI-10",
        _("days after filing"),
        "integer",
    ),
    ParamSpec(
        "sla_final_scrutiny_days",
        _("Final scrutiny and PMA recommendation"),
        "R-SLI-10",
        _("days after the last rectification"),
        "integer",
    ),
    ParamSpec(
        "sla_sanction_days",
        _("Sanction and release"),
        "R-SLI-10",
        _("days after the recommendation"),
        "integer",
    ),
    ParamSpec(
        "min_net_worth_cr",
        _("Table 1 – Minimum net worth"),
        "R-BID-5",
        _("₹ crore"),
        "table",
        CAPACITIES,
        _("bid capacity (MTPA)"),
    ),
    ParamSpec(
        "pbg_cr",
        _("Table 2 – Performance Bank Guarantee"),
        "R-BID-10",
        _("₹ crore"),
        "table",
        CAPACITIES,
        _("allocated capacity (MTPA)"),
    ),
    ParamSpec(
        "sli_cap_cr",
        _("Table 3 – Cap on sales-linked incentive"),
        "R-SLI-5",
        _("₹ crore"),
        "table",
        CAPACITIES,
        _("allocated capacity (MTPA)"),
    ),
    ParamSpec(
        "capital_subsidy_cap_cr",
        _("Table 4 – Cap on capital subsidy"),
        "R-CAP-4",
        _("₹ crore"),
        "table",
        CAPACITIES,
        _("allocated capacity (MTPA)"),
    ),
    ParamSpec(
        "milestone2_investment_cr",
        _("Table 5 – Minimum eligible investment for Milestone 2"),
        "R-MS-2",
        _("₹ crore"),
        "table",
        CAPACITIES,
        _("allocated capacity (MTPA)"),
    ),
    ParamSpec(
        "irel_oxide_mtpa",
        _("IREL NdPr oxide allocation"),
        "R-BID-12",
        _("MTPA oxide"),
        "table",
        RANKS,
        _("rank (L1…L5)"),
    ),
    ParamSpec(
        "outlay_capital_subsidy_cr",
        _("Table 6 – Indicative capital subsidy outlay"),
        "R-OUT-1",
        _("₹ crore"),
        "table",
        SCHEME_YEARS,
        _("scheme year"),
    ),
    ParamSpec(
        "outlay_sli_cr",
        _("Table 6 – Indicative sales-linked incentive outlay"),
        "R-OUT-1",
        _("₹ crore"),
        "table",
        SCHEME_YEARS,
        _("scheme year"),
    ),
    # --- The outlay dashboard (R-OUT-1/2; decisions on the policy page) ---
    ParamSpec(
        "outlay_start_date",
        _("Start of scheme year 1 for Table 6"),
        "R-OUT-1",
        _("date"),
        "date",
        help=_("Scheme year k of Table 6 runs from this date plus k−1 years, for a year."),
    ),
    ParamSpec(
        "forecast_utilisation",
        _("Outlay forecast: assumed capacity utilisation"),
        "R-OUT-2",
        _("fraction"),
        "fraction",
        help=_("Share of commissioned capacity sold each year; MHI may try others on the page."),
    ),
    ParamSpec(
        "forecast_sale_price_per_kg",
        _("Outlay forecast: assumed net sale price of a magnet"),
        "R-OUT-2",
        _("₹/kg"),
        "decimal",
        help=_("Net of GST; sets the 40 % turnover cap in the forecast (R-SLI-4)."),
    ),
)

# --- committees (issue 11) ---
SPECS += (
    ParamSpec(
        "committee_quorum_fraction",
        _("Quorum of a committee meeting (share of the seats)"),
        "R-COM-1",
        _("fraction"),
        "fraction",
        help=_(
            "Decision: half the seats, rounded up, with the chair or the member secretary among "
            "those present."
        ),
    ),
    ParamSpec(
        "agenda_milestone_horizon_days",
        _("Milestones at risk: deadline within"),
        "R-MS-1",
        _("days"),
        "integer",
        help=_(
            "Decision: a review meeting's agenda lists the milestones not yet met whose deadline "
            "falls within this many days of the meeting."
        ),
    ),
)

SPEC_BY_KEY = {spec.key: spec for spec in SPECS}
