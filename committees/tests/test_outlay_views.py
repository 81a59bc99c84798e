"""The dashboard's pages, exports and API: who may see them, and the same figures everywhere
(R-OUT-2, R-ACL-3)."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from committees.models import AdminExpense
from committees.tests.outlay_data import D1, D2, at, sli_claim, small_scheme
from incentives.models import ClaimedInvoice, SLIClaim
from repm_portal.money import crore

pytestmark = pytest.mark.django_db

PAGES = [
    reverse("web:outlay"),
    reverse("web:outlay_records"),
    reverse("web:outlay_export", args=["csv"]),
    reverse("web:outlay_export", args=["xlsx"]),
    f"{reverse('web:outlay_cell')}?component=sli&measure=claimed&key=3",
]


@pytest.mark.parametrize("who", ["mhi", "smc", "pma"])
def test_r_acl_3_mhi_smc_and_pma_read_the_dashboard(client, personas, who) -> None:
    client.force_login(personas[who])
    for url in PAGES:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["applicant", "rival", "ie", "tc", "admin"])
def test_r_acl_3_an_applicant_an_ie_and_others_are_refused(client, api_for, personas, who) -> None:
    client.force_login(personas[who])
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    assert api_for(personas[who]).get("/api/v1/outlay/").status_code == 403


def test_r_acl_3_outsider_is_sent_to_sign_in(client, api_for) -> None:
    assert client.get(reverse("web:outlay")).status_code == 302
    assert api_for(None).get("/api/v1/outlay/").status_code in (401, 403)


def test_r_out_2_page_shows_the_hand_worked_figures_as_of_a_date(
    client, applicant, rival, mhi
) -> None:
    small_scheme(applicant, rival, mhi)
    client.force_login(mhi)
    page = client.get(reverse("web:outlay"), {"as_of": D1.isoformat()}).content.decode()
    assert "₹ 1,280.00 cr" in page  # SLI headroom in year 3: 1,290 − 10
    assert "₹ 675.00 cr" in page  # capital subsidy headroom in year 3: 750 − 75
    assert "₹ 7,280.00 cr" in page and "₹ 7,200.00 cr" in page
    assert "<svg" in page and 'role="img"' in page


def test_r_out_2_api_gives_the_same_figures(api_for, applicant, rival, mhi, smc_member) -> None:
    s = small_scheme(applicant, rival, mhi)
    body = api_for(smc_member).get("/api/v1/outlay/", {"as_of": D2.isoformat()}).json()
    y4 = next(y for y in body["years"] if y["key"] == 4)
    assert Decimal(y4["sli"]["claimed"]) == crore(6)
    assert Decimal(y4["sli"]["disbursed"]) == crore(10)
    assert Decimal(y4["refunds"]["demanded"]) == crore(2)
    assert Decimal(body["totals"]["scheme"]["indicative"]) == crore(7280)
    one = api_for(mhi).get(f"/api/v1/outlay/beneficiaries/{s['a'].pk}/", {"as_of": D2}).json()
    assert Decimal(one["sli"]["sanctioned"]) == crore(10)
    bad = api_for(mhi).get("/api/v1/outlay/", {"as_of": "yesterday"})
    assert bad.status_code == 400 and "as_of" in bad.json()["error"]["fields"]
    early = api_for(mhi).get("/api/v1/outlay/", {"as_of": "2025-12-14"})
    assert early.status_code == 400 and "as_of" in early.json()["error"]["fields"]


def test_r_out_2_a_bad_question_falls_back_and_says_so(client, mhi) -> None:
    client.force_login(mhi)
    page = client.get(reverse("web:outlay"), {"as_of": "31-31-2028", "utilisation": "7"})
    assert page.status_code == 200
    assert "The default is used." in page.content.decode()
    early = client.get(reverse("web:outlay"), {"as_of": "2025-12-14"}).content.decode()
    assert "in force from 15 Dec 2025: choose that day or later" in early


def test_r_out_2_xlsx_has_a_sheet_per_table_and_the_charts(client, applicant, rival, mhi) -> None:
    small_scheme(applicant, rival, mhi)
    client.force_login(mhi)
    response = client.get(reverse("web:outlay_export", args=["xlsx"]), {"as_of": D2})
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames[:4] == ["Dashboard", "Refunds", "Beneficiaries", "Forecast"]
    charted = [s for s in book.worksheets if s._charts]
    assert len(charted) == 2
    rows = list(book["Dashboard"].iter_rows(values_only=True))
    sli_y3 = next(r for r in rows if r[0] == "Year 3" and r[3] == "Sales-linked incentive")
    assert sli_y3[4:10] == (crore(1290), crore(344), crore(10), crore(10), 0, crore(1280))


def test_r_out_2_csv_carries_the_refunds_line(client, applicant, rival, mhi) -> None:
    small_scheme(applicant, rival, mhi)
    client.force_login(mhi)
    response = client.get(reverse("web:outlay_export", args=["csv"]), {"as_of": D2})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Year 4,,,Refunds (§11.2),,,,,,,20000000.00,5000000.00" in text


def test_r_out_2_drill_down_and_beneficiary_pages(
    client, applicant, rival, mhi, smc_member
) -> None:
    s = small_scheme(applicant, rival, mhi)
    client.force_login(smc_member)
    cell = client.get(
        reverse("web:outlay_cell"),
        {"as_of": D2, "component": "sli", "measure": "disbursed", "key": 4},
    ).content.decode()
    assert s["c1"].label() in cell
    page = client.get(reverse("web:outlay_beneficiary", args=[s["a"].pk]), {"as_of": D2})
    assert page.status_code == 200 and "₹ 1,075.00 cr" in page.content.decode()
    assert client.get(reverse("web:outlay_cell"), {"component": "x"}).status_code == 404


def test_r_out_2_mhi_records_an_expense_others_may_not(client, mhi, smc_member) -> None:
    data = {
        "e-head": "pma_fees",
        "e-description": "PMA fees, Q1",
        "e-amount": "12500000.00",
        "e-incurred_on": "2026-05-01",
        "e-reference": "MHI/PMA/7",
    }
    client.force_login(smc_member)
    assert client.post(reverse("web:outlay_records"), data).status_code == 403
    client.force_login(mhi)
    assert client.post(reverse("web:outlay_records"), data).status_code == 302
    assert AdminExpense.objects.get().amount == Decimal("12500000.00")
    bad = client.post(reverse("web:outlay_records"), {**data, "e-incurred_on": "2099-01-01"})
    assert "cannot be in the future" in bad.content.decode()


def _claims(b, n: int) -> None:
    for i in range(n):
        sli_claim(
            b,
            start=date(2028, 4, 1) if i == 0 else date(2030 + i, 4, 1),
            end=date(2028, 9, 30) if i == 0 else date(2030 + i, 9, 30),
            filed=date(2028, 10, 10),
            payable=crore(1),
            sanctioned=date(2028, 11, 1),
            disbursed=date(2028, 12, 1),
        )


@pytest.mark.parametrize("fmt", [None, "xlsx"])
def test_r_out_2_query_count_does_not_grow_with_claims_or_invoices(
    client, applicant, rival, mhi, fmt, settings
) -> None:
    from bidding.tests.fixtures import awarded

    # The computation's queries: no cache (the rows below are written without an audit entry,
    # which no write of the portal does, so the figures kept for the first view would stand).
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    a = awarded(applicant, capacity=1000, loa_date=date(2026, 3, 1), mhi=mhi)
    url = reverse("web:outlay_export", args=[fmt]) if fmt else reverse("web:outlay")
    client.force_login(mhi)
    _claims(a, 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"as_of": D2}).status_code == 200
    SLIClaim.objects.bulk_create(
        [
            SLIClaim(
                beneficiary=a,
                period_kind="H1",
                period_start=date(2040 + i // 2, 4, 1 + i % 2),
                period_end=date(2040 + i // 2, 9, 30),
                status="disbursed",
                declaration=True,
                register_id=SLIClaim.objects.first().register_id,
                filed_by=applicant,
                payable=crore(1),
                sanctioned_amount=crore(1),
                sanctioned_at=at(date(2028, 11, 1)),
                disbursed_on=date(2028, 12, 1),
            )
            for i in range(495)
        ]
    )
    assert SLIClaim.objects.count() == 500
    first = SLIClaim.objects.order_by("pk").first()
    ClaimedInvoice.objects.bulk_create(
        ClaimedInvoice(
            eway_bill=f"{100000000000 + i}",
            claim=first,
            beneficiary=a,
            row_number=i + 1,
            invoice_number=f"BM/{i:05d}",
            invoice_date=date(2028, 5, 1),
            buyer_gstin="27AAPFU0939F1ZV",
            quantity_kg=Decimal("2.5"),
            taxable_value=Decimal("5000.00"),
            gst=Decimal("900.00"),
        )
        for i in range(1000)
    )
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, {"as_of": D2}).status_code == 200
    assert 0 < len(large) == len(small)


def test_r_out_2_financial_year_view_and_its_drill_down(client, applicant, rival, mhi) -> None:
    s = small_scheme(applicant, rival, mhi)
    client.force_login(mhi)
    page = client.get(reverse("web:outlay"), {"as_of": D2, "view": "fy"}).content.decode()
    assert "FY 2028-29" in page
    cell = client.get(
        reverse("web:outlay_cell"),
        {"as_of": D2, "view": "fy", "component": "sli", "measure": "claimed", "key": 2029},
    ).content.decode()
    assert s["c2"].label() in cell and s["c1"].label() not in cell
    refunds = client.get(
        reverse("web:outlay_cell"),
        {"as_of": D2, "view": "fy", "component": "sli", "measure": "refunds", "key": 2028},
    ).content.decode()
    assert "₹2,00,00,000.00" in refunds and "₹50,00,000.00" in refunds


def test_r_gov_2_the_dashboard_and_its_pdf_render_in_hindi(client, applicant, rival, mhi) -> None:
    from django.conf import settings

    small_scheme(applicant, rival, mhi)
    client.force_login(mhi)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    page = client.get(reverse("web:outlay"), {"as_of": D2})
    assert page.status_code == 200 and 'lang="hi"' in page.content.decode()
    pdf = client.get(reverse("web:outlay_export", args=["pdf"]), {"as_of": D2})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_r_out_2_mhi_records_a_recovery_on_the_page(client, applicant, rival, mhi) -> None:
    from committees.models import RefundRecovery
    from committees.tests.outlay_data import refund

    s = small_scheme(applicant, rival, mhi)
    demand = refund(s["b"], mhi=mhi, issued=date(2026, 6, 1), total=crore("1.5"))
    client.force_login(mhi)
    data = {
        "r-demand": demand.pk,
        "r-amount": "25000000.00",
        "r-received_on": "2026-07-01",
        "r-reference": "BHARATKOSH/99",
    }
    over = client.post(reverse("web:outlay_records"), data)
    assert "Only ₹1,50,00,000.00 is still owed on this demand." in over.content.decode()
    data["r-amount"] = "15000000.00"
    assert client.post(reverse("web:outlay_records"), data).status_code == 302
    assert RefundRecovery.objects.filter(reference="BHARATKOSH/99").exists()
