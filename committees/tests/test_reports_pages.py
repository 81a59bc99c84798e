"""R-COM-4 pages and API: the whole cycle through the forms, who sees what (R-ACL-1, R-ACL-3),
exports, and query counts that stay constant as data grows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from committees import report_services as services
from committees.models import QuarterlyReport, QuarterlyReviewReport

from .report_fixtures import FIGURES, Q2, RISKS, TODAY, beneficiary, filed, invest, second_applicant

pytestmark = pytest.mark.django_db


@pytest.fixture
def on_29_nov_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages' "today" (IST) is 29 Nov 2026: Q2 ended, its reports due on 15 Oct 2026."""
    import committees.report_services
    import committees.report_views
    import repm_portal.web.views

    for module in (committees.report_views, committees.report_services, repm_portal.web.views):
        monkeypatch.setattr(module, "today_ist", lambda: TODAY)


@pytest.fixture
def b(applicant):
    b = beneficiary(applicant)
    invest(b)
    return b


def _form(report_fields: dict, risks: list[dict], then: str = "save") -> dict:
    data = {f"r-{k}": v for k, v in report_fields.items() if k != "process_stages"}
    data["r-process_stages"] = report_fields.get("process_stages", [])
    data |= {"risks-TOTAL_FORMS": str(len(risks)), "risks-INITIAL_FORMS": "0", "then": then}
    for i, risk in enumerate(risks):
        for key in ("risk", "likelihood", "impact", "mitigation", "owner"):
            data[f"risks-{i}-{key}"] = risk.get(key, "")
        data[f"risks-{i}-status"] = risk.get("status", "open")
    return data


def _qrr_and_exports_through_the_pages(client, b, report, pma, tc_member, smc_member) -> None:
    """The PMA compiles the QRR from the accepted report, analyses and issues it; the TC and SMC
    members read it; the QRR and the report list export."""
    response = client.post(reverse("web:qrrs"), {"quarter": "FY2026-27-Q2"})
    qrr = QuarterlyReviewReport.objects.get()
    assert response["Location"] == reverse("web:qrr", args=[qrr.pk])
    qrr_url = reverse("web:qrr", args=[qrr.pk])
    client.post(
        qrr_url,
        {f"analysis_{b.pk}": "Civil works on track.", "recommendations": "Expedite the jet mill."},
    )
    client.force_login(tc_member)
    assert client.get(qrr_url).status_code == 404  # a draft is the PMA's
    client.force_login(pma)
    client.post(reverse("web:qrr_step", args=[qrr.pk, "issue"]))
    qrr.refresh_from_db()
    assert qrr.status == "issued" and qrr.document_id
    for member in (tc_member, smc_member):
        client.force_login(member)
        page = client.get(qrr_url).content.decode()
        assert "Civil works on track." in page and "Expedite the jet mill." in page
        assert "Green: met or on track" in page
    csv = b"".join(client.get(qrr_url + "?format=csv").streaming_content).decode()
    assert "Bharat Magnetics Ltd,1,600,Accepted,green,green,green,428400000.00,3000000000.00" in csv
    xlsx = client.get(qrr_url + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    client.force_login(pma)
    listing = client.get(reverse("web:quarterly_reports") + "?quarter=fy2026-27-q2&format=csv")
    rows = b"".join(listing.streaming_content).decode().splitlines()
    assert f"{report.pk},Bharat Magnetics Ltd,FY2026-27-Q2,2026-10-15,Accepted," in rows[1]
    assert rows[1].endswith(",1250.500")
    empty = client.get(reverse("web:quarterly_reports") + "?status=returned&format=csv")
    assert len(b"".join(empty.streaming_content).decode().splitlines()) == 1  # the header


@pytest.mark.usefixtures("on_29_nov_2026")
def test_r_com_4_the_cycle_through_the_pages(client, b, pma, tc_member, smc_member) -> None:
    client.force_login(b.user)
    home = client.get("/").content.decode()
    assert "Quarterly report FY2026-27-Q2 due 15 Oct 2026" in home  # overdue on 29 Nov
    listing = client.get(reverse("web:quarterly_reports")).content.decode()
    assert "FY2026-27-Q2" in listing and "15 Oct 2026" in listing and "overdue" in listing
    response = client.post(
        reverse("web:quarterly_reports"),
        {"start-beneficiary": b.pk, "start-quarter": "FY2026-27-Q2"},
    )
    report = QuarterlyReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "web:quarterly_report", args=[report.pk]
    )
    url = reverse("web:quarterly_report", args=[report.pk])
    page = client.get(url).content.decode()
    assert "₹ 42.84 cr / ₹ 300.00 cr" in page and "0.00 / 600 MTPA" in page
    bad = client.post(url, _form({**FIGURES, "exported_kg": "2000"}, RISKS)).content.decode()
    assert "Magnets exported cannot exceed magnets sold in the quarter." in bad
    assert client.post(url, _form(FIGURES, RISKS, then="submit")).status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.risks.count() == 3
    assert report.sold_kg == Decimal("1000.000")

    client.force_login(pma)
    assert (
        "Review the FY2026-27-Q2 report of Bharat Magnetics Ltd" in client.get("/").content.decode()
    )
    step = reverse("web:quarterly_report_step", args=[report.pk, "return"])
    assert client.post(step, {"reasons": "Explain the yield."}).status_code == 302
    client.force_login(b.user)
    page = client.get(url).content.decode()
    assert "Explain the yield." in page and "Save and resubmit" in page
    assert client.post(url, _form(FIGURES, RISKS, then="submit")).status_code == 302
    report.refresh_from_db()
    assert report.status == "resubmitted"
    client.force_login(pma)
    client.post(reverse("web:quarterly_report_step", args=[report.pk, "accept"]))
    report.refresh_from_db()
    assert report.status == "accepted"

    _qrr_and_exports_through_the_pages(client, b, report, pma, tc_member, smc_member)


def test_r_acl_1_rival_ie_and_outsider_are_refused_pages_and_api(
    client, api_for, b, rival, ie, tc_member, pma
) -> None:
    report = filed(b, today=TODAY)
    urls = [reverse("web:quarterly_report", args=[report.pk])]
    client.force_login(pma)
    assert client.get(urls[0]).status_code == 404  # a draft is the beneficiary's own
    services.quarterly_report_submit(actor=b.user, report=report)
    assert client.get(urls[0]).status_code == 200
    client.force_login(rival)
    assert client.get(urls[0]).status_code == 404
    assert client.post(urls[0], _form(FIGURES, [])).status_code == 404
    assert client.get(reverse("web:quarterly_reports")).status_code == 200
    assert "FY2026-27-Q2" not in client.get(reverse("web:quarterly_reports")).content.decode()
    assert api_for(rival).get(f"/api/v1/quarterly-reports/{report.pk}/").status_code == 404
    assert api_for(rival).get("/api/v1/quarterly-reports/").json()["count"] == 0
    assert api_for(rival).post(f"/api/v1/quarterly-reports/{report.pk}/submit/").status_code == 404
    for user in (ie, tc_member):
        client.force_login(user)
        assert client.get(urls[0]).status_code == 403
        assert client.get(reverse("web:quarterly_reports")).status_code == 403
        assert api_for(user).get("/api/v1/quarterly-reports/").status_code == 403
    for user in (ie, rival, b.user):
        client.force_login(user)
        assert client.get(reverse("web:qrrs")).status_code == 403
    assert api_for(ie).get("/api/v1/qrrs/").status_code == 403
    client.logout()
    assert client.get(urls[0]).status_code == 302  # to sign in
    assert client.get(reverse("web:qrrs")).status_code == 302
    assert api_for(None).get("/api/v1/quarterly-reports/").status_code in (401, 403)
    assert api_for(None).get("/api/v1/qrrs/").status_code in (401, 403)


@pytest.mark.usefixtures("on_29_nov_2026")
def test_r_com_4_the_cycle_through_the_api(api_for, b, pma, mhi, smc_member) -> None:
    owner = api_for(b.user)
    created = owner.post(
        "/api/v1/quarterly-reports/",
        {"beneficiary": b.pk, "quarter": "FY2026-27-Q2"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["milestone_figures"]["investment"] == "428400000.00"
    bad = owner.put(
        f"/api/v1/quarterly-reports/{pk}/figures/",
        {**FIGURES, "women": 500, "risks": RISKS},
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["error"]["fields"]["women"] == [
        "Women cannot outnumber the total headcount of the four categories."
    ]
    ok = owner.put(
        f"/api/v1/quarterly-reports/{pk}/figures/", {**FIGURES, "risks": RISKS}, format="json"
    )
    assert ok.status_code == 200 and len(ok.json()["risks"]) == 3
    assert owner.post(f"/api/v1/quarterly-reports/{pk}/submit/").json()["status"] == "submitted"
    assert owner.post(f"/api/v1/quarterly-reports/{pk}/accept/").status_code == 403
    examiner = api_for(pma)
    assert examiner.post(f"/api/v1/quarterly-reports/{pk}/return/", {}).status_code == 400
    returned = examiner.post(
        f"/api/v1/quarterly-reports/{pk}/return/", {"reasons": "Headcount?"}, format="json"
    )
    assert returned.json()["status"] == "returned"
    assert owner.post(f"/api/v1/quarterly-reports/{pk}/submit/").json()["status"] == "resubmitted"
    assert examiner.post(f"/api/v1/quarterly-reports/{pk}/accept/").json()["status"] == "accepted"
    assert examiner.post(f"/api/v1/quarterly-reports/{pk}/accept/").status_code == 409
    listed = api_for(mhi).get("/api/v1/quarterly-reports/?quarter=FY2026-27-Q2&status=accepted")
    assert [r["id"] for r in listed.json()["results"]] == [pk]

    assert api_for(mhi).post("/api/v1/qrrs/", {"quarter": "FY2026-27-Q2"}).status_code == 403
    compiled = examiner.post("/api/v1/qrrs/", {"quarter": "FY2026-27-Q2"}, format="json")
    assert compiled.status_code == 201
    qrr = compiled.json()["id"]
    assert examiner.post("/api/v1/qrrs/", {"quarter": "FY2026-27-Q3"}).status_code == 422
    assert api_for(smc_member).get(f"/api/v1/qrrs/{qrr}/").status_code == 404  # still a draft
    examiner.post(
        f"/api/v1/qrrs/{qrr}/analysis/",
        {"recommendations": "None.", "analyses": [{"beneficiary": b.pk, "analysis": "Fine."}]},
        format="json",
    )
    issued = examiner.post(f"/api/v1/qrrs/{qrr}/issue/")
    assert issued.status_code == 200 and issued.json()["status"] == "issued"
    read = api_for(smc_member).get(f"/api/v1/qrrs/{qrr}/").json()
    assert read["analyses"] == {str(b.pk): "Fine."} and read["figures"]["missing"] == []


def _awarded_many(n: int, start: int) -> None:
    for i in range(start, start + n):
        user = second_applicant(f"b{i}@magnets.in")
        other = beneficiary(user, loa_date=date(2026, 7, 1 + i), rank=2)
        report = filed(other, today=TODAY, risks=RISKS)
        services.quarterly_report_submit(actor=user, report=report)


@pytest.mark.usefixtures("on_29_nov_2026")
def test_r_com_4_list_and_qrr_pages_query_count_constant(
    client, b, pma, django_assert_max_num_queries
) -> None:
    client.force_login(pma)
    counts: list[tuple[int, int, int]] = []
    for n in (2, 6):
        _awarded_many(n if not counts else n - 2, 0 if not counts else 2)
        QuarterlyReviewReport.objects.all().delete()
        qrr = services.qrr_compile(actor=pma, quarter=Q2)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as listing:
            assert client.get(reverse("web:quarterly_reports")).status_code == 200
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("web:qrr", args=[qrr.pk])).status_code == 200
        with CaptureQueriesContext(connection) as compiling:
            services.qrr_compile(actor=pma, quarter=Q2)
        counts.append((len(listing), len(page), len(compiling)))
    assert QuarterlyReport.objects.count() == 6
    assert counts[0] == counts[1], counts
    listing_max, page_max, _compiling = counts[0]
    with django_assert_max_num_queries(listing_max):
        client.get(reverse("web:quarterly_reports"))
    with django_assert_max_num_queries(page_max):
        client.get(reverse("web:qrr", args=[qrr.pk]))
