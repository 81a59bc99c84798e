"""The dashboard's figures for a small scheme worked by hand (R-OUT-1, R-OUT-2); see outlay_data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from committees.outlay import selectors
from committees.tests.outlay_data import D1, D2, TABLE6_SLI_AMENDED, forfeit, small_scheme
from repm_portal.money import crore
from repm_portal.parameters.services import parameter_amend

pytestmark = pytest.mark.django_db

Z = Decimal(0)


def cr(value: str | int) -> Decimal:
    return crore(value)


def test_r_out_1_table6_totals_750_6450_7200_80_7280() -> None:
    d = selectors.outlay_dashboard(as_of=date(2026, 1, 1))
    assert d.totals["capital"].indicative == cr(750)
    assert d.totals["sli"].indicative == cr(6450)
    assert d.incentives.indicative == cr(7200)
    assert d.totals["admin"].indicative == cr(80)
    assert d.grand.indicative == cr(7280)
    assert [d.rows["sli"][k].indicative for k in range(1, 8)] == [Z, Z] + [cr(1290)] * 5
    assert [d.rows["capital"][k].indicative for k in range(1, 8)] == [Z, Z, cr(750), Z, Z, Z, Z]


def test_r_out_2_every_cell_of_a_small_scheme_as_of_two_dates(applicant, rival, mhi) -> None:
    small_scheme(applicant, rival, mhi)
    d1 = selectors.outlay_dashboard(as_of=D1)
    sli, cap, adm = d1.rows["sli"], d1.rows["capital"], d1.rows["admin"]
    # Committed: A's ₹1,075 cr and B's ₹645 cr over Table 6's SLI years 3–7, a fifth each.
    assert [sli[k].committed for k in range(1, 8)] == [Z, Z] + [cr(215) + cr(129)] * 5
    assert [cap[k].committed for k in range(1, 8)] == [Z, Z, cr(195), Z, Z, Z, Z]
    assert (sli[3].claimed, sli[3].sanctioned, sli[3].disbursed) == (cr(10), cr(10), Z)
    assert sli[3].headroom == cr(1280)
    assert (cap[3].claimed, cap[3].sanctioned, cap[3].disbursed) == (cr(75), cr(75), Z)
    assert cap[3].headroom == cr(675)
    assert sli[4].claimed == sli[4].sanctioned == sli[4].disbursed == Z
    assert (adm[1].sanctioned, adm[1].disbursed, adm[1].indicative) == (cr(3), cr(3), None)
    assert d1.totals["admin"].headroom == cr(77)
    assert d1.refund_totals == (Z, Z)
    assert d1.incentives.committed == cr(1720) + cr(195)
    assert d1.incentives.sanctioned == cr(85)
    assert d1.grand.sanctioned == cr(88)
    assert d1.grand.headroom == cr(7280) - cr(88)

    d2 = selectors.outlay_dashboard(as_of=D2)
    sli = d2.rows["sli"]
    assert (sli[3].claimed, sli[3].sanctioned, sli[3].disbursed) == (cr(10), cr(10), Z)
    assert (sli[4].claimed, sli[4].sanctioned, sli[4].disbursed) == (cr(6), Z, cr(10))
    assert d2.refunds[4] == (cr(2), cr("0.5"))
    assert d2.refund_totals == (cr(2), cr("0.5"))
    assert d2.totals["sli"].claimed == cr(16)
    assert d2.totals["sli"].headroom == cr(6450) - cr(10)


def test_r_out_2_financial_year_view_moves_table6_by_days(applicant, rival, mhi) -> None:
    small_scheme(applicant, rival, mhi)
    d = selectors.outlay_dashboard(as_of=D2, view="fy")
    assert [b.key for b in d.buckets] == list(range(2025, 2033))
    # Year 3 (15 Dec 2027–14 Dec 2028, 366 days): 108 days in FY 2027-28 (to 31 Mar 2028).
    fy27 = d.rows["sli"][2027].indicative
    assert fy27 == (cr(1290) * 108 / 366).quantize(Decimal("0.01"))
    assert d.totals["sli"].indicative == cr(6450)
    assert d.totals["capital"].committed == cr(195)
    # Events by their own dates: SLI filed Oct 2028 and Apr 2029 fall in FY 2028-29 and 2029-30.
    assert d.rows["sli"][2028].claimed == cr(10)
    assert d.rows["sli"][2029].claimed == cr(6)
    assert d.rows["admin"][2026].disbursed == cr(3)


def test_r_out_2_committed_falls_when_a_penalty_forfeits_the_incentive(
    applicant, rival, mhi
) -> None:
    s = small_scheme(applicant, rival, mhi)
    forfeit(s["a"], mhi=mhi, decided=date(2029, 3, 1))
    before = selectors.outlay_dashboard(as_of=date(2029, 2, 28))
    after = selectors.outlay_dashboard(as_of=date(2029, 3, 1))
    assert before.totals["sli"].committed == cr(1720)
    # A keeps committed only what was sanctioned to it (₹10 cr in Y3); B's ₹645 cr stays.
    assert after.totals["sli"].committed == cr(645) + cr(10)
    assert after.rows["sli"][3].committed == cr(129) + cr(10)
    assert after.totals["capital"].committed == cr(75)
    line = next(x for x in after.beneficiaries if x.beneficiary == s["a"])
    assert line.ended_on == date(2029, 3, 1)


def test_r_param_1_an_amended_table6_shows_from_its_date_only(mhi) -> None:
    parameter_amend(
        actor=mhi,
        effective_from=date(2027, 4, 1),
        authority="EGoS decision 1/2027",
        changes={"outlay_sli_cr": TABLE6_SLI_AMENDED},
    )
    assert selectors.outlay_dashboard(as_of=date(2027, 3, 31)).rows["sli"][3].indicative == cr(1290)
    after = selectors.outlay_dashboard(as_of=date(2027, 4, 1))
    assert after.rows["sli"][3].indicative == cr(1000)
    assert after.rows["sli"][7].indicative == cr(2450)
    assert after.totals["sli"].indicative == cr(6450)


def test_r_out_2_drill_down_lists_the_claims_behind_a_cell(applicant, rival, mhi) -> None:
    s = small_scheme(applicant, rival, mhi)
    d = selectors.outlay_dashboard(as_of=D2)
    claims = selectors.cell_claims(
        component="sli", measure="disbursed", bucket_key=4, as_of=D2, buckets=d.buckets
    )
    assert list(claims) == [s["c1"]]
    claims = selectors.cell_claims(
        component="sli", measure="claimed", bucket_key=3, as_of=D2, buckets=d.buckets
    )
    assert list(claims) == [s["c1"]]
    assert not selectors.cell_claims(
        component="sli", measure="claimed", bucket_key=4, as_of=D1, buckets=d.buckets
    ).exists()


def test_r_out_2_forecast_from_capacity_planned_at_milestone_3(applicant, rival, mhi) -> None:
    s = small_scheme(applicant, rival, mhi)
    f = selectors.outlay_forecast(
        as_of=D2, utilisation=Decimal("0.5"), price_per_kg=Decimal("4000")
    )
    assert [b.key for b in f.buckets] == [4, 5, 6, 7]
    a = next(r for r in f.rows if r.beneficiary == s["a"])
    # Planned: the entire 1,000 MTPA from 1 Mar 2029 (LoA + 3 years). Year 4 from 1 Jul 2029:
    # 167 of 365 days × 10,00,000 kg × 0.5 = 2,28,767.123 kg × ₹1,500 = ₹34,31,50,684.93.
    assert a.years[4].quantity_kg == Decimal("228767.123")
    assert a.years[4].sli == Decimal("343150684.93")
    assert a.years[5].sli == crore(75)  # 5,00,000 kg × ₹1,500; 40 % of ₹4,000 is ₹1,600/kg
    assert a.sanctioned == crore(10)
    b = next(r for r in f.rows if r.beneficiary == s["b"])
    assert b.years[5].sli == crore(45)
    assert f.totals[5] == crore(120)
    assert f.over_years == [] and f.is_what_if


def test_r_sli_4_a_lower_price_makes_the_turnover_cap_bind_in_the_forecast(
    applicant, rival, mhi
) -> None:
    s = small_scheme(applicant, rival, mhi)
    f = selectors.outlay_forecast(
        as_of=D2, utilisation=Decimal("0.5"), price_per_kg=Decimal("3000")
    )
    a = next(r for r in f.rows if r.beneficiary == s["a"])
    assert (a.years[5].sli, a.years[5].binding) == (crore(60), "turnover_cap")


def test_r_out_2_forecast_flags_a_year_passing_table6_and_skips_a_forfeited_one(
    applicant, rival, mhi
) -> None:
    s = small_scheme(applicant, rival, mhi)
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
        changes={"outlay_sli_cr": table},
    )
    f = selectors.outlay_forecast(as_of=D2, utilisation=Decimal("0.5"))
    assert f.over_years == [5]  # ₹120 cr expected against ₹100 cr
    forfeit(s["b"], mhi=mhi, decided=date(2029, 5, 1))
    f = selectors.outlay_forecast(as_of=D2, utilisation=Decimal("0.5"))
    assert f.totals[5] == crore(75) and f.over_years == []
