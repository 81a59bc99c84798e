"""§8.1, R-OUT-2: the SMC's agenda proposes each scheme year whose SLI sanctioned plus forecast
passes Table 6; the TC's does not, and a year back under Table 6 is no longer proposed."""

from __future__ import annotations

from datetime import date

import pytest

from committees.agenda import ProposedItem, agenda_proposals
from committees.meeting_agenda import outlay_years_over_table6
from committees.tests.outlay_data import D2, forfeit, small_scheme
from repm_portal.parameters.services import parameter_amend

pytestmark = pytest.mark.django_db


def outlay_items(committee: str, on: date) -> list[ProposedItem]:
    return [i for i in agenda_proposals(committee, on) if i.kind == "outlay_over_table6"]


def test_r_out_2_smc_agenda_proposes_the_years_whose_forecast_passes_table6(
    applicant, rival, mhi
) -> None:
    s = small_scheme(applicant, rival, mhi)
    assert outlay_items("smc", D2) == []  # the notified Table 6 has room
    # Table 6 cut to ₹100 cr in year 5 and the assumed utilisation set to 50 %: worked by hand
    # in test_outlay_selectors, year 5 expects ₹75 cr (L1) + ₹45 cr (L2) = ₹120 cr.
    table = {str(k): "0" for k in range(1, 8)} | {
        "3": "1290",
        "4": "1290",
        "5": "100",
        "6": "1290",
        "7": "2480",
    }
    parameter_amend(
        actor=mhi,
        effective_from=date(2029, 1, 1),
        authority="EGoS 2/2029",
        changes={"outlay_sli_cr": table, "forecast_utilisation": "0.5"},
    )
    (item,) = outlay_items("smc", D2)
    assert item.ref == "outlay:year-5" and item.url == "/outlay/"
    assert item.title == "Scheme year 5: SLI expected ₹ 120.00 cr passes Table 6's ₹ 100.00 cr"
    assert "sanctioned so far ₹ 0.00 cr, forecast ₹ 120.00 cr at 50 % utilisation" in item.detail
    assert outlay_items("tc", D2) == []  # the SMC watches the outlay (§8.1)
    forfeit(s["b"], mhi=mhi, decided=date(2029, 5, 1))  # L2 forfeits: ₹75 cr is under ₹100 cr
    assert outlay_items("smc", D2) == []


def test_r_out_2_no_outlay_item_before_the_scheme_parameters_are_in_force(db) -> None:
    assert list(outlay_years_over_table6("smc", date(2000, 1, 1))) == []
