"""The scheme rules this portal applies, by id, in the project's own words.

The ids (``R-…``) are the ones the code and the tests name: a test that proves a rule carries
its id in its name, and the code that applies it cites it. This module is the repository's own
list of them, so that a reader (and ``repm_portal/tests/test_rules_catalogue.py``) can check,
without any document from outside the repository, that every id the code names is a rule the
project knows, where it is applied, and that it is proved by a test. The notification itself
(S.O. 5800(E), 15 December 2025) is cited by section (§).

``decision`` marks the rules where the notification is silent or ambiguous and the portal
decides: each of those is explained to users on the policy page (``repm_portal/web/policy.py``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    statement: str
    section: str = ""
    applied_in: tuple[str, ...] = ()  # the modules that apply it (each names the id)
    decision: bool = False  # the portal decides where the notification does not say


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {rule.id: rule for rule in rules}


CATALOGUE: dict[str, Rule] = _rules(
    # --- Units, money and time ---------------------------------------------------------------
    Rule(
        "R-UNIT-1",
        "Capacity is counted in metric tonnes a year (MTPA); sales in kilograms, to the gram.",
        applied_in=("repm_portal.money",),
    ),
    Rule(
        "R-UNIT-2",
        "Money is rupees held as exact decimals to the paisa, never as floating point; the "
        "notification's tables are in crore (1 crore = ₹1,00,00,000).",
        applied_in=("repm_portal.money",),
    ),
    Rule(
        "R-UNIT-3",
        "A computation rounds once, at its end, half-up to the paisa; a line-by-line document "
        "totals its rounded lines. Amounts show in Indian grouping, large sums in crore.",
        applied_in=("repm_portal.money", "incentives.rules", "milestones.rules"),
        decision=True,
    ),
    Rule(
        "R-UNIT-4",
        "Claims cover a half of the financial year (April–September, October–March) or the "
        "whole year; one beneficiary's claim periods never overlap.",
        applied_in=("repm_portal.periods", "incentives.services"),
        decision=True,
    ),
    Rule(
        "R-UNIT-5",
        "Dates are Indian calendar dates; a deadline runs to the last second of its day, IST.",
        applied_in=("repm_portal.periods", "milestones.rules"),
    ),
    # --- Scheme parameters --------------------------------------------------------------------
    Rule(
        "R-PARAM-1",
        "Every number of the scheme is a versioned parameter with the date it takes effect and "
        "the order that set it; a computation uses, and records, the version in force on its "
        "date.",
        "§13",
        applied_in=("repm_portal.parameters.spec", "repm_portal.parameters.services"),
    ),
    Rule(
        "R-PARAM-2",
        "The scheme runs seven years from its start date (a parameter): two of gestation, then "
        "five of incentives.",
        "§2.5",
        applied_in=("repm_portal.parameters.spec",),
        decision=True,
    ),
    Rule(
        "R-PARAM-3",
        "Sales made during the gestation period earn the incentive too, beyond the five years.",
        "§2.6",
    ),
    # --- Tender and award ---------------------------------------------------------------------
    Rule(
        "R-BID-1",
        "A bidder is a company, an international entity, or a consortium of them.",
        "§3.1",
        applied_in=("bidding.rules", "bidding.services"),
    ),
    Rule(
        "R-BID-2",
        "A consortium has one Lead Partner holding at least 51 %, and its members' shares add "
        "up to exactly 100 %.",
        "§3.1",
        applied_in=("bidding.rules", "bidding.validators"),
    ),
    Rule(
        "R-BID-3",
        "A consortium, or a bidder with an international member, forms an SPV under the "
        "Companies Act, 2013 before its Letter of Award; the SPV becomes the beneficiary.",
        "§3.1, §3.7",
        applied_in=("bidding.rules", "bidding.services"),
    ),
    Rule(
        "R-BID-4",
        "A bid offers 600 to 1,200 MTPA, in steps of 100.",
        "§2.2, §3.3",
        applied_in=("bidding.rules", "bidding.services"),
    ),
    Rule(
        "R-BID-5",
        "The bidder (or its Lead Partner) has at least the net worth Table 1 sets for its "
        "capacity.",
        "§3.1, Table 1",
        applied_in=("bidding.rules",),
    ),
    Rule(
        "R-BID-6",
        "A bid has a technical envelope (the DPR and capacity) and a financial one: the "
        "incentive sought per kg, above zero and at most the ceiling.",
        "§3.2–3.4",
        applied_in=("bidding.rules", "bidding.sealing"),
    ),
    Rule(
        "R-BID-7",
        "Financial bids stay sealed from everyone until the recorded opening, after the "
        "deadline and the technical evaluation of every bid; only qualified bids are opened, "
        "and each applicant's receipt proves its amount unchanged.",
        "§3.4",
        applied_in=("bidding.sealing", "bidding.services"),
        decision=True,
    ),
    Rule(
        "R-BID-8",
        "The five lowest qualified quotes are selected, L1 to L5; a tie is flagged and the TC "
        "records how it broke it.",
        "§3.5",
        applied_in=("bidding.rules", "bidding.services"),
        decision=True,
    ),
    Rule(
        "R-BID-9",
        "Each selected bidder is allocated its bid capacity; a round allocates 6,000 MTPA at most.",
        "§2.2",
        applied_in=("bidding.rules", "bidding.services"),
    ),
    Rule(
        "R-BID-10",
        "Each selected bidder gives a Performance Bank Guarantee of the amount Table 2 sets "
        "for its capacity.",
        "§3.6, Table 2",
        applied_in=("bidding.rules", "bidding.services"),
    ),
    Rule(
        "R-BID-11",
        "Letter of Intent, then the guarantee (and the SPV), then the Letter of Award, whose "
        "date starts the milestone clocks.",
        "§3.6–3.7, §6",
        applied_in=("bidding.services", "milestones.receivers"),
    ),
    Rule(
        "R-BID-12",
        "IREL supplies NdPr oxide to L1–L3 only (200, 167 and 133 MTPA); each beneficiary sees "
        "the oxide it must find itself, about one tonne for three of magnet.",
        "§2.4, §4.4",
        applied_in=("bidding.rules",),
    ),
    # --- Sales-linked incentive ---------------------------------------------------------------
    Rule(
        "R-SLI-1",
        "Only sintered NdFeB magnets made in India from NdPr oxide earn the incentive; each "
        "claim declares it.",
        "§2.1",
        applied_in=("incentives.services",),
    ),
    Rule(
        "R-SLI-2",
        "Sales count from the first invoice to the scheme's last day, claimed by half-year or "
        "year.",
        "§4.2",
    ),
    Rule(
        "R-SLI-3",
        "The gross incentive is the kilograms sold in the period times the beneficiary's quoted "
        "rate.",
        "§4.2",
        applied_in=("incentives.rules",),
    ),
    Rule(
        "R-SLI-4",
        "A claim pays at most 40 % of the period's net turnover of those magnets (GST excluded).",
        "§4.2",
        applied_in=("incentives.rules",),
    ),
    Rule(
        "R-SLI-5",
        "A beneficiary's incentive over the tenure stays within its Table 3 cap, used as printed.",
        "§4.2, Table 3",
        applied_in=("incentives.rules", "incentives.examination"),
    ),
    Rule(
        "R-SLI-6",
        "A claim pays the least of the gross, the turnover cap and the tenure cap left, never "
        "below zero, and keeps every candidate and the cap that bound.",
        "§4.2",
        applied_in=("incentives.rules", "incentives.examination"),
    ),
    Rule(
        "R-SLI-7",
        "Nothing is paid before the whole allocated capacity is commissioned; earlier claims are "
        "examined and held, then released in period order.",
        "§4.2.iv",
        applied_in=("incentives.examination", "incentives.receivers", "repm_portal.hooks"),
        decision=True,
    ),
    Rule(
        "R-SLI-8",
        "A claim comes with its evidence and its invoices as a register checked row by row; an "
        "invoice is claimed once in the whole scheme and every rejected row says why.",
        "§5.1",
        applied_in=("incentives.register", "incentives.processing"),
        decision=True,
    ),
    Rule(
        "R-SLI-9",
        "The PMA examines, MHI may ask for more, an Independent Engineer may verify; MHI "
        "sanctions, and a disbursement follows a sanction.",
        "§5.3",
        applied_in=("incentives.examination",),
    ),
    Rule(
        "R-SLI-10",
        "Each stage of the examination has a target in days (a parameter); the clock stops "
        "during a clarification, and what is late shows on the PMA's and MHI's home pages.",
        applied_in=("incentives.examination", "incentives.duties"),
        decision=True,
    ),
    # --- Capital subsidy ----------------------------------------------------------------------
    Rule(
        "R-CAP-1",
        "The capital subsidy is 15 % of the eligible investment made from 1 April 2025.",
        "§4.3",
        applied_in=("incentives.rules", "milestones.rules"),
    ),
    Rule(
        "R-CAP-2",
        "Plant and machinery with their utilities, R&D capital expenditure and transfer of "
        "technology count; land and buildings do not.",
        "§4.3",
        applied_in=("milestones.rules",),
    ),
    Rule(
        "R-CAP-3",
        "Second-hand, refurbished, slump-sale and leased assets do not count.",
        "§4.3",
        applied_in=("milestones.rules",),
    ),
    Rule(
        "R-CAP-4",
        "The capital subsidy is capped per beneficiary by Table 4.",
        "§4.3, Table 4",
        applied_in=("incentives.rules", "bidding.rules"),
    ),
    Rule(
        "R-CAP-5",
        "The subsidy is reimbursed once, when the whole capacity is certified commissioned by "
        "the Department of Industries and a Chartered Engineer, with the auditor's certificate.",
        "§5.2",
        applied_in=("incentives.examination", "milestones.services"),
    ),
    # --- Milestones and penalties -------------------------------------------------------------
    Rule(
        "R-MS-1",
        "Milestone 1: ₹150 crore of eligible investment within a year of the Letter of Award.",
        "§6",
        applied_in=("milestones.rules", "milestones.services"),
    ),
    Rule(
        "R-MS-2",
        "Milestone 2: the Table 5 investment for the capacity within two years of the award.",
        "§6, Table 5",
        applied_in=("repm_portal.parameters.spec",),
    ),
    Rule(
        "R-MS-3",
        "Milestone 3: half the allocated capacity commissioned within three years of the award.",
        "§6",
        applied_in=("repm_portal.parameters.spec",),
    ),
    Rule(
        "R-MS-4",
        "A missed milestone or a broken obligation opens a penalty case the next day; MHI "
        "decides after hearing the beneficiary, who is reminded before each deadline.",
        "§11.1",
        applied_in=("milestones.services",),
        decision=True,
    ),
    Rule(
        "R-MS-5",
        "Benefits got by misrepresentation are refunded with interest at the MCLR of each "
        "benefit's date, compounded yearly, a part-year at simple interest.",
        "§11.2",
        applied_in=("milestones.rules", "milestones.services"),
        decision=True,
    ),
    # --- Outlay -------------------------------------------------------------------------------
    Rule(
        "R-OUT-1",
        "The indicative outlay by component and scheme year (Table 6), ₹7,280 crore in all.",
        "§7, Table 6",
        applied_in=("repm_portal.parameters.spec",),
    ),
    Rule(
        "R-OUT-2",
        "The outlay dashboard compares, by year and component, the outlay with what is "
        "committed, claimed, sanctioned and paid, and exports it.",
        "§7",
    ),
    # --- Committees and reviews ---------------------------------------------------------------
    Rule(
        "R-COM-1",
        "The Scheme Monitoring Committee: the Annexure A seats, reviewing the scheme.",
        "§8, Annexure A",
    ),
    Rule(
        "R-COM-2",
        "The Technical Committee: the Annexure B seats and co-opted experts; it evaluates bids "
        "and reviews performance each quarter.",
        "§9, Annexure B",
    ),
    Rule(
        "R-COM-3",
        "A committee seat is held by a person for a period; its access ends with it.",
        "§8–§9",
    ),
    Rule(
        "R-COM-4",
        "Beneficiaries report each quarter on five heads; the PMA compiles the scheme's "
        "quarterly review for the TC and the SMC, whose comments and decisions are kept.",
        "§10.1.xi",
        applied_in=("repm_portal.periods",),
    ),
    # --- Access and audit ---------------------------------------------------------------------
    Rule(
        "R-ACL-1",
        "An applicant or beneficiary sees its own bids, claims, milestones and reports, no "
        "one else's.",
        applied_in=("bidding.selectors", "incentives.selectors", "repm_portal.documents.selectors"),
    ),
    Rule(
        "R-ACL-2",
        "The PMA examines and compiles; it never sanctions money.",
        applied_in=("repm_portal.accounts.roles", "incentives.examination"),
    ),
    Rule(
        "R-ACL-3",
        "The TC evaluates and opens bids together, the SMC reads reviews and the dashboard, MHI "
        "sanctions and decides, an Independent Engineer sees only its assigned claims.",
        applied_in=("repm_portal.accounts.roles", "bidding.services"),
    ),
    Rule(
        "R-ACL-4",
        "Every state change is kept in an append-only, hash-chained audit trail that shows any "
        "later edit or deletion.",
        applied_in=("repm_portal.audit.chain", "repm_portal.audit.models"),
    ),
    # --- Government website norms -------------------------------------------------------------
    Rule(
        "R-GOV-1",
        "Pages meet WCAG 2.1 AA and the documents the portal makes are tagged PDFs.",
        applied_in=("repm_portal.documents.letters",),
    ),
    Rule(
        "R-GOV-2",
        "Every page is in Hindi and English, with a language switch on every page.",
    ),
    Rule(
        "R-GOV-3",
        "Every page has a title, a home link, the ministry's name and a contact link; the site "
        "has the GIGW information pages and no dead link.",
        applied_in=("repm_portal.web.pages",),
    ),
    Rule(
        "R-GOV-4",
        "A letter, notice, order or report states when it was issued (and until when it holds).",
        applied_in=("repm_portal.documents.letters",),
    ),
    Rule(
        "R-GOV-5",
        "A link that leaves government sites says so before it is followed.",
    ),
)

# Rules the project lists but no test names yet (their features are not built, or built by a
# branch not merged yet). A test fails when one of them is named by a test: take it out here.
NOT_YET_PROVED: frozenset[str] = frozenset(
    {
        "R-PARAM-3",
        "R-SLI-2",
        "R-GOV-5",
    }
)


def decisions() -> list[Rule]:
    """The rules where the portal decides: each is explained on the policy page."""
    return [rule for rule in CATALOGUE.values() if rule.decision]
