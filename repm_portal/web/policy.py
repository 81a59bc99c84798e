"""The portal's decisions where the notification is silent or ambiguous.

Shown to every user on the policy page; a test checks that every rule the catalogue
(``repm_portal/rules_catalogue.py``) marks as a decision is explained here, and that every id
here is catalogued.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DECISIONS = (
    (
        "R-UNIT-3",
        _("Rounding and display of money"),
        _(
            "Computations keep full precision and round once, at the end, half-up to the paisa. "
            "Amounts are shown with Indian digit grouping (₹12,34,56,789.00) and large sums in crore "
            "(“₹ 645.00 cr”)."
        ),
    ),
    (
        "R-UNIT-4",
        _("Claim periods"),
        _(
            "Claim periods follow India's financial year: H1 is 1 April – 30 September, H2 is "
            "1 October – 31 March, and an annual claim covers 1 April – 31 March. The periods of one "
            "beneficiary's claims never overlap."
        ),
    ),
    (
        "R-PARAM-2",
        _("Scheme start and end"),
        _(
            "The scheme start date is a scheme parameter; unless MHI sets it, it is the date of the "
            "tender round's first Letter of Award. Gestation ends, and the scheme's terminal date "
            "falls, the gestation period and the scheme tenure (both scheme parameters) after it: "
            "the dates in force are shown below. Sales made before gestation ends earn the "
            "incentive too (R-PARAM-3); none made after the terminal date does (R-SLI-2), and no "
            "claim is filed for a period that begins after it."
        ),
    ),
    (
        "R-BID-7",
        _("Sealed financial bids"),
        _(
            "No one — applicant, staff, committee member or database administrator — can read the "
            "amount of a financial bid before the recorded opening, which happens only after every "
            "technical bid of the round has been evaluated and the submission deadline has passed. "
            "Each sealed bid gives its applicant a receipt (a cryptographic digest) proving afterwards "
            "that the opened amount is the one submitted. Bids are final at the deadline; before it "
            "an applicant may withdraw or replace its own bid. A bid's time is the moment its "
            "request reaches the portal, read once by the server: that reading decides whether it "
            "is in time and is the submission time recorded and shown on the receipt."
        ),
    ),
    (
        "R-BID-8",
        _("Equal quotes"),
        _(
            "Equal quotes are not silently ordered: the portal flags the tie and the Technical "
            "Committee records how it was resolved (for example a draw of lots) before Letters of "
            "Intent go out."
        ),
    ),
    (
        "R-SLI-7",
        _("Claims before full commissioning"),
        _(
            "Sales-linked incentive claims for periods before the entire allocated capacity is "
            "commissioned may be filed and examined, but are held, not sanctioned, until "
            "commissioning is certified; then they are released in period order."
        ),
    ),
    (
        "R-SLI-8",
        _("Invoice registers"),
        _(
            "Invoices are filed as a register (CSV or XLSX, one row per invoice: invoice number, date, "
            "buyer GSTIN, e-way bill number, quantity in kg, taxable value in ₹, GST in ₹). The portal "
            "checks each row (GSTIN format and check digit, 12-digit e-way bill number, date inside "
            "the period, positive quantity), rejects an invoice claimed before in any claim of any "
            "beneficiary, and derives the eligible quantity and net turnover from the accepted rows. "
            "Every rejected row is shown with its reason."
        ),
    ),
    (
        "R-SLI-10",
        _("Service targets for examining claims"),
        _(
            "Initial scrutiny within 7 days of filing; final scrutiny and the PMA's recommendation "
            "within 15 days of the last rectification; sanction and release within 23 days of the "
            "recommendation (defaults from the PLI claim SOP, kept as scheme parameters). The clock "
            "stops while a clarification is pending. Items past their target show as overdue on the "
            "PMA's and MHI's home pages."
        ),
    ),
    (
        "R-SLI-10",
        _("How the examination clock runs"),
        _(
            "Each stage's target counts calendar days from the day the stage began: filing for the "
            "initial scrutiny; the start of the examination, or the beneficiary's latest answer, for "
            "the final scrutiny; the recommendation (or the release of a held claim) for sanction "
            "and release, which ends with the disbursement. A claim in clarification, or held until "
            "commissioning, has no running target. The days with the PMA count the time a claim is "
            "submitted, under examination or with the Independent Engineer."
        ),
    ),
    (
        "R-SLI-9",
        _("Independent Engineer, resubmission"),
        _(
            "The PMA may send a claim to an Independent Engineer; the claim is then recommended only "
            "after the Engineer records its verification, and an answer to a clarification sought "
            "meanwhile goes back to the Engineer. A rejected claim, or one whose invoice register "
            "could not be read, may be filed again for the same period."
        ),
    ),
    (
        "R-CAP-5",
        _("Filing the capital subsidy"),
        _(
            "The capital subsidy claim is built from the investment lines already reported for the "
            "milestones (each shown with why it is or is not eligible), not entered again. The "
            "Department of Industries' and Chartered Engineer's certificates are those of the "
            "commissioning records; the Statutory Auditor's certificate comes with the claim. It is "
            "filed once; only a rejected claim may be filed again."
        ),
    ),
    (
        "R-MS-4",
        _("Missed milestones"),
        _(
            "The portal raises a penalty case automatically on the day after a milestone deadline "
            "passes unmet, and notifies MHI; the penalty itself is MHI's recorded decision after the "
            "beneficiary has been heard. Reminders go to the beneficiary 90, 30 and 7 days before "
            "each deadline."
        ),
    ),
    (
        "R-MS-5",
        _("Refund with interest"),
        _(
            "Each disbursement to be refunded accrues interest from its own date at the 3-year SBI "
            "MCLR of that date; whole years compound annually and a remaining part-year accrues "
            "simple interest for the actual days / 365. MHI maintains the MCLR table (date → rate) "
            "in the portal."
        ),
    ),
    (
        "R-PARAM-1",
        _("Which parameters govern a tender"),
        _(
            "A tender round is governed by the scheme parameters in force when it is published: "
            "the capacity steps, net worth table, ceiling on the quote and the entitlement tables "
            "that bidders read in the RFP. Each beneficiary's record keeps that version."
        ),
    ),
    (
        "R-BID-9",
        _("Allocation beyond the total capacity"),
        _(
            "Bids are selected in rank order; a bid whose capacity would take the total "
            "allocation beyond the scheme's capacity (6,000 MTPA as notified) is passed over, "
            "with the reason recorded, and the next bid is considered."
        ),
    ),
    (
        "R-BID-7",
        _("The opening ceremony and open data"),
        _(
            "The Technical Committee members present type their own passphrases on one form, "
            "together; the round's key is rebuilt in memory only for that moment. The tender's "
            "open data (OCDS) names no bidder while bids may still be submitted, and shows quotes "
            "only once the round is ranked."
        ),
    ),
    (
        "R-MS-1",
        _("When a milestone's year ends"),
        _(
            "“Within one year from the date of issuance of the LoA” ends on the same calendar "
            "date one year later (two and three years for milestones 2 and 3), at 23:59:59 IST; "
            "a Letter of Award of 29 February has its deadlines on 28 February. A milestone is "
            "achieved on the date of the invoice (or commissioning) that brought the total to "
            "its threshold, if that date is on or before the deadline."
        ),
    ),
    (
        "R-CAP-2",
        _("Reporting investment"),
        _(
            "Each line of investment is entered once, with its head, invoice, vendor, amount and "
            "non-creditable taxes, under a Chartered Accountant's certificate; the capital "
            "subsidy claim reuses these lines. A line the rules exclude (made before 1 April "
            "2025, land and buildings, second-hand, slump sale or leased) may be reported as "
            "excluded, but is refused if reported as eligible."
        ),
    ),
    # --- committees (issue 11) ---
    (
        "R-COM-1",
        _("Quorum of the committees"),
        _(
            "A meeting of the SMC or the TC has quorum when at least half its seats, rounded up, "
            "are present (8 of the SMC's 15, 5 of the TC's 10), the chair or the member secretary "
            "among them. Minutes are confirmed only for a meeting with quorum, and never change "
            "afterwards."
        ),
    ),
    (
        "R-COM-3",
        _("Access from seats"),
        _(
            "A committee member's access comes from the seats held today: it ends the day after "
            "the last day of the term, including the right to present a key share at a tender "
            "round's opening. MHI is warned when a round's key holders still on the TC fall to "
            "its opening threshold."
        ),
    ),
    (
        "R-ACL-4",
        _("The audit trail and its checkpoints"),
        _(
            "Every state change is an entry of a signed chain in the database. Every 15 minutes, "
            "and after each check, the portal signs a checkpoint (the last entry's number, hash "
            "and time) with a key that is not in the database and appends it to a file the "
            "database cannot rewrite; once a day the checkpoint is also e-mailed to the audit "
            "officer. A chain shorter than a checkpoint (entries removed from the end), different "
            "from one (rewritten), or missing (wiped) is reported as broken, and a missing chain "
            "is never silently started again: nothing more is recorded until it is restored."
        ),
    ),
    (
        "R-UNIT-5",
        _("Deadlines"),
        _("Dates are Asia/Kolkata calendar dates; a deadline ends at 23:59:59 IST of its day."),
    ),
    (
        "R-COM-4",
        _("Quarterly progress reports and the QRR"),
        _(
            "Each beneficiary reports on every financial-year quarter from the quarter of its Letter "
            "of Award to the one holding the scheme's terminal date; a report is due 15 days after "
            "its quarter ends, with reminders 7 days and 1 day before. The PMA's quarterly review "
            "report shows each milestone green when met or on track, amber when due within 90 days "
            "and not met, and red when missed; a risk is rated high when its likelihood times its "
            "impact (each 1 to 3) is 6 or more. Reports due but not accepted are listed as missing. "
            "Once issued, a QRR's figures never change."
        ),
    ),
    # --- The outlay dashboard (issue 12) ---
    (
        "R-OUT-1",
        _("Scheme years and financial years of the outlay"),
        _(
            "Scheme year k of Table 6 runs from the scheme's start date plus k−1 years, for a year, "
            "for the 7 years of the tenure. The start date is its own parameter, “Start of scheme "
            "year 1 for Table 6”, set to 15 December 2025, the notification's date: Table 6 is a "
            "budget profile of the notification, while the scheme start date of R-PARAM-2 (empty "
            "unless MHI sets it: the first Letter of Award) starts the beneficiaries' clocks. The "
            "same figures can be shown by financial year (1 April – 31 March), the way budget "
            "estimates are made: Table 6 and the commitments are moved into financial years by the "
            "days each scheme year shares with each; claims, sanctions, payments, refunds and "
            "expenses fall in the year of their own date. An event before year 1 counts in year 1."
        ),
    ),
    (
        "R-OUT-2",
        _("What the outlay dashboard counts"),
        _(
            "As of a date, the dashboard counts what had happened by the end of that day (IST), "
            "with Table 6 and the caps of the parameter version in force on it. Committed: the "
            "Table 3 and Table 4 caps of the beneficiaries holding a Letter of Award, spread over "
            "the scheme years like Table 6; once MHI decides a penalty that forfeits the incentive "
            "package or revokes the Letter of Award, only what was already sanctioned to that "
            "beneficiary stays committed. Claimed: the payable computed when a claim's register "
            "was read, by the filing date (claims rejected, or whose register failed, are left "
            "out). Sanctioned and disbursed: the sanctioned amount, by the sanction's and the "
            "payment's date. Headroom: the indicative outlay less what was sanctioned. Refunds "
            "demanded under §11.2 (with interest) and the money recovered against them are a "
            "line of their own and do not reduce the sanctions. Administration expenses of §7 are "
            "recorded by MHI when paid and count as sanctioned and disbursed against the ₹80 "
            "crore, which Table 6 does not split by year."
        ),
    ),
    (
        "R-SLI-6",
        _("Forecast of the sales-linked incentive"),
        _(
            # xgettext:no-python-format  # noqa: ERA001  (a gettext flag, not code)
            "Each beneficiary's expected SLI in each remaining scheme year: the capacity running "
            "(what is commissioned, and the entire allocation from milestone 3's deadline) × the "
            "assumed utilisation gives the quantity sold; the incentive is the least of the "
            "quantity at the quoted rate, 40 % of the turnover at the assumed net sale price, and "
            "what is left of the Table 3 cap after the sanctions and the earlier years' forecast. "
            "Utilisation and price are parameters; MHI and the SMC may try other values on the "
            "page, which are never saved. A year whose sanctions and forecast pass Table 6's "
            "indicative SLI outlay is flagged. A beneficiary whose incentives a penalty ended is "
            "forecast nothing."
        ),
    ),
    (
        "R-ACL-3",
        _("Who reads and exports the outlay dashboard"),
        _(
            "MHI reads and exports the dashboard and alone records administration expenses and "
            "refund recoveries. SMC members and the PMA read it and may export it too: an export "
            "holds exactly the figures they read, and the SMC's review needs them on paper. "
            "Technical Committee members, applicants, beneficiaries and Independent Engineers do "
            "not see it."
        ),
    ),
    # --- Outages (issue 17): what the cache may lose ---
    (
        "R-ACL-1",
        _("Sign-in protection when a service is down"),
        _(
            "The count of failed sign-ins that locks an account out (5 failures from one address "
            "lock that account from that address for 30 minutes, on the web page and the API "
            "alike) is kept in the database, not in the cache, so it holds unchanged while the "
            "cache server (Redis) is down: an outage never lifts the lockout. The limits on "
            "anonymous API requests and on registrations are counted in the cache; while it is "
            "down, each web server process counts them in its own memory instead, at the same "
            "rate, so the limits still hold (per process) and no one is locked out for the "
            "outage. Those counts start again when the cache returns: the cache may lose them, "
            "never the lockout. When the database itself is down, no one can sign in and the "
            "portal answers that it is briefly unavailable and when to try again."
        ),
    ),
)
