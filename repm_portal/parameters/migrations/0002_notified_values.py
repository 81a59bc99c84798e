"""The scheme's parameters as notified: Gazette of India S.O. 5800(E), 15 December 2025.

This file is the one place where the notified numbers are written down (R-PARAM-1). Section and
table numbers are the notification's; RULES.md ids are beside each.
"""

from django.db import migrations

AUTHORITY = "Gazette of India notification S.O. 5800(E), Ministry of Heavy Industries, 15 Dec 2025"
EFFECTIVE_FROM = "2025-12-15"

VALUES = {
    "scheme_outlay_cr": "7280",  # preamble, §7.1, §13
    "admin_expenses_cr": "80",  # Table 6 (R-OUT-1)
    "total_capacity_mtpa": "6000",  # §2.2 (R-BID-9)
    "beneficiaries_max": "5",  # §2.2, §3.5 (R-BID-8)
    "lead_partner_min_share": "0.51",  # §3.1.i (R-BID-2)
    "bid_capacity_min_mtpa": "600",  # §2.2, §3.3 (R-BID-4)
    "bid_capacity_max_mtpa": "1200",
    "bid_capacity_step_mtpa": "100",
    "financial_bid_ceiling_per_kg": "2150.00",  # §3.4 (R-BID-6)
    "gestation_years": "2",  # §2.5 (R-PARAM-2)
    "tenure_years": "7",
    "scheme_start_date": None,  # R-PARAM-2 decision: the round's first Letter of Award
    "sli_turnover_cap_fraction": "0.40",  # §4.2.iii (R-SLI-4)
    "capital_subsidy_rate": "0.15",  # §4.3.i (R-CAP-1)
    "capital_subsidy_investment_from": "2025-04-01",  # §4.3.i
    "milestone1_investment_cr": "150",  # §6.1.i (R-MS-1)
    "milestone1_years": "1",
    "milestone2_years": "2",  # §6.1.ii (R-MS-2)
    "milestone3_commissioned_fraction": "0.50",  # §6.1.iii (R-MS-3)
    "milestone3_years": "3",
    "milestone_reminder_days": [90, 30, 7],  # R-MS-4 decision
    "oxide_to_magnet_ratio": "3",  # §1.5, §4.4 (R-BID-12): 500 MTPA oxide ≈ 1,500 MTPA magnet
    "sla_initial_scrutiny_days": "7",  # R-SLI-10 decision (PLI telecom claim SOP)
    "sla_final_scrutiny_days": "15",
    "sla_sanction_days": "23",
    # Table 1 (R-BID-5): minimum net worth by bid capacity, ₹ crore
    "min_net_worth_cr": {
        "600": "180",
        "700": "245",
        "800": "245",
        "900": "310",
        "1000": "310",
        "1100": "375",
        "1200": "375",
    },
    # Table 2 (R-BID-10): Performance Bank Guarantee by allocated capacity, ₹ crore
    "pbg_cr": {
        "600": "20",
        "700": "30",
        "800": "30",
        "900": "30",
        "1000": "40",
        "1100": "40",
        "1200": "40",
    },
    # Table 3 (R-SLI-5): cap on sales-linked incentive over the tenure, ₹ crore
    "sli_cap_cr": {
        "600": "645",
        "700": "753",
        "800": "860",
        "900": "968",
        "1000": "1075",
        "1100": "1183",
        "1200": "1290",
    },
    # Table 4 (R-CAP-4): cap on capital subsidy, ₹ crore
    "capital_subsidy_cap_cr": {
        "600": "75",
        "700": "100",
        "800": "100",
        "900": "120",
        "1000": "120",
        "1100": "150",
        "1200": "150",
    },
    # Table 5 (R-MS-2): minimum eligible investment for milestone 2, ₹ crore
    "milestone2_investment_cr": {
        "600": "300",
        "700": "450",
        "800": "450",
        "900": "450",
        "1000": "600",
        "1100": "600",
        "1200": "600",
    },
    # §4.4.i (R-BID-12): IREL NdPr oxide by rank, MTPA
    "irel_oxide_mtpa": {"1": "200", "2": "167", "3": "133", "4": "0", "5": "0"},
    # Table 6 (R-OUT-1): indicative outlay by scheme year, ₹ crore
    "outlay_capital_subsidy_cr": {
        "1": "0",
        "2": "0",
        "3": "750",
        "4": "0",
        "5": "0",
        "6": "0",
        "7": "0",
    },
    "outlay_sli_cr": {
        "1": "0",
        "2": "0",
        "3": "1290",
        "4": "1290",
        "5": "1290",
        "6": "1290",
        "7": "1290",
    },
}


def notified_version() -> dict:
    return {
        "effective_from": EFFECTIVE_FROM,
        "authority": AUTHORITY,
        "description": "Values as notified.",
        "values": VALUES,
    }


def load(apps, schema_editor):
    ParameterVersion = apps.get_model("parameters", "ParameterVersion")
    if not ParameterVersion.objects.filter(authority=AUTHORITY).exists():
        ParameterVersion.objects.create(**notified_version())


class Migration(migrations.Migration):
    dependencies = [("parameters", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
