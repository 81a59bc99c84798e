"""The dashboard's figures are kept in the cache for each state of the audit trail (views.py):
a repeat view computes nothing, a write through the portal's services shows at once, and the
page renders whole while the cache is away (R-OUT-2, issue 17)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.outlay.services import admin_expense_record
from committees.tests.outlay_data import D2, TABLE6_SLI_AMENDED, sli_claim, small_scheme
from incentives.examination import claim_disburse
from repm_portal.money import crore
from repm_portal.parameters.services import parameter_amend
from tests.clock import today_is

pytestmark = pytest.mark.django_db
_on_1_july_2029 = today_is(date(2029, 7, 1))  # every event of the small scheme is past


def row(page: str, table: str, label: str) -> list[str]:
    """The cells' text of the row of ``table`` whose header starts with ``label``."""
    found = re.search(rf'<table[^>]*id="{table}".*?</table>', page, re.S)
    assert found, table
    for tr in re.findall(r"<tr>(.*?)</tr>", found.group(0), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        text = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in cells]
        if text and text[0].startswith(label):
            return text
    raise AssertionError(f"no row {label!r} in {table}")


def dashboard(client, **query) -> tuple[str, int]:
    """The page as of D2, and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("web:outlay"), {"as_of": D2, **query})
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def mhi_sees(client, applicant, rival, mhi) -> str:
    """The small scheme's dashboard, as MHI first sees it."""
    small_scheme(applicant, rival, mhi)
    client.force_login(mhi)
    return dashboard(client)[0]


def test_r_out_2_a_repeat_view_reads_the_kept_figures(client, applicant, rival, mhi) -> None:
    small_scheme(applicant, rival, mhi)
    client.force_login(mhi)
    first, computed = dashboard(client)
    again, kept = dashboard(client)
    # Signing in, the menu and the trail's last entry: none of the dashboard's own aggregates.
    assert kept <= 6 < computed
    for page in (first, again):
        # Year 3 of the SLI: Table 6 ₹1,290 cr, ₹10 cr sanctioned (claim 1), headroom ₹1,280 cr.
        sli_y3 = row(page, "outlay-sli", "Year 3")
        assert (sli_y3[1], sli_y3[4], sli_y3[6]) == ("₹ 1,290.00 cr", "₹ 10.00 cr", "₹ 1,280.00 cr")
    # Another question is another page: the years of the budget.
    fy, _queries = dashboard(client, view="fy")
    assert "FY 2028-29" in fy and "FY 2028-29" not in again


def test_r_out_2_a_disbursement_shows_at_once(client, applicant, rival, mhi) -> None:
    s = small_scheme(applicant, rival, mhi)
    # A third SLI claim of A: ₹4 cr sanctioned on 2 May 2028, not yet paid.
    c3 = sli_claim(
        s["a"],
        start=date(2027, 10, 1),
        end=date(2028, 3, 31),
        filed=date(2028, 4, 10),
        payable=crore(4),
        sanctioned=date(2028, 5, 2),
    )
    client.force_login(mhi)
    dashboard(client)
    before, _queries = dashboard(client)  # from the cache
    # Disbursed as of D2: claim 1's ₹10 cr of SLI; the capital subsidy is sanctioned, unpaid.
    assert row(before, "outlay-totals", "Incentives")[4] == "₹ 10.00 cr"
    assert row(before, "outlay-sli", "Year 4")[5] == "₹ 10.00 cr"
    claim_disburse(actor=mhi, claim=c3, payment_reference="PFMS/77", disbursed_on=date(2029, 6, 1))
    after, _queries = dashboard(client)
    assert row(after, "outlay-totals", "Incentives")[4] == "₹ 14.00 cr"  # 10 + 4
    assert row(after, "outlay-sli", "Year 4")[5] == "₹ 14.00 cr"  # paid 1 Jun 2029, year 4


def test_r_out_2_an_expense_shows_at_once(client, applicant, rival, mhi) -> None:
    before = mhi_sees(client, applicant, rival, mhi)
    assert row(before, "outlay-admin", "Year 4")[4] == "₹ 0.00 cr"
    admin_expense_record(
        actor=mhi,
        head="pma_fees",
        description="PMA fees, year 4",
        amount=crore("2.5"),
        incurred_on=date(2029, 1, 15),
        reference="MHI/PMA/9",
    )
    after, _queries = dashboard(client)
    assert row(after, "outlay-admin", "Year 4")[4] == "₹ 2.50 cr"


def test_r_param_1_an_amendment_shows_at_once(client, applicant, rival, mhi) -> None:
    before = mhi_sees(client, applicant, rival, mhi)
    assert row(before, "outlay-sli", "Year 3")[1] == "₹ 1,290.00 cr"
    parameter_amend(
        actor=mhi,
        effective_from=date(2029, 1, 1),
        authority="EGoS decision 1/2029",
        changes={"outlay_sli_cr": TABLE6_SLI_AMENDED},
    )
    after, _queries = dashboard(client)
    sli_y3 = row(after, "outlay-sli", "Year 3")
    assert (sli_y3[1], sli_y3[6]) == ("₹ 1,000.00 cr", "₹ 990.00 cr")  # headroom 1,000 − 10
    assert "EGoS decision 1/2029" in after  # the basis of the figures says so too


def test_r_gov_2_each_language_has_its_own_copy(client, applicant, rival, mhi) -> None:
    english = mhi_sees(client, applicant, rival, mhi)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    hindi, _queries = dashboard(client)
    assert ">Totals</h2>" in english and ">योग</h2>" in hindi


def test_r_out_2_the_dashboard_renders_whole_while_redis_is_down(
    redis_down, client, applicant, rival, mhi
) -> None:
    small_scheme(applicant, rival, mhi)
    client.force_login(mhi)
    for _ in range(2):  # computed each time: nothing is kept, nothing fails
        page, _queries = dashboard(client)
        assert row(page, "outlay-sli", "Year 3")[6] == "₹ 1,280.00 cr"
        assert "<svg" in page and 'id="outlay-beneficiaries"' in page
