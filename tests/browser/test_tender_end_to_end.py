"""Chromium, end to end: an applicant registers and bids; the TC evaluates, opens and ranks;
MHI issues the letters; the Letter of Award renders (its pages turned into images)."""

import re
import subprocess
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone

from bidding import services
from bidding.models import Beneficiary, Bid, TenderRound
from bidding.tests.fixtures import PASSPHRASES, bid, pdf
from repm_portal.documents.models import DocumentKind
from repm_portal.money import crore
from tests.browser.helpers import flash, serious_violations, sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DPR = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n%%EOF\n"


def test_the_tender_from_registration_to_letter_of_award(  # noqa: PLR0915  (one tender, step by step)
    live_server, page, open_round, make_applicant, tc_members, mhi, tmp_path
) -> None:
    base = live_server.url
    # 1. An applicant registers and verifies its e-mail address.
    page.goto(f"{base}/register/")
    page.get_by_label("Full name").fill("Ananya Rao")
    page.get_by_label("Applicant entity").fill("Bharat Magnetics Ltd")
    page.get_by_label("E-mail address").fill("ananya@bharatmagnetics.in")
    page.locator("#id_password").fill("Magnets-Visakhapatnam-2026")
    page.get_by_label("Password again").fill("Magnets-Visakhapatnam-2026")
    page.get_by_role("button", name="Register").click()
    page.get_by_text("Check your e-mail").first.wait_for()
    link = re.search(r"http://\S+", mail.outbox[-1].body).group(0)
    page.goto(link.replace("http://127.0.0.1:8000", base))
    page.get_by_role("button", name="Verify and activate").click()
    sign_in(page, base, "ananya@bharatmagnetics.in", "Magnets-Visakhapatnam-2026")

    # 2. Its profile, its DPR, its bid.
    page.goto(f"{base}/profile/")
    page.get_by_label("Registered name").fill("Bharat Magnetics Ltd")
    page.get_by_label("CIN").fill("U27100MH2021PTC123456")
    page.get_by_label("PAN").fill("AAPFU0939F")
    page.get_by_label("Net worth (₹)").fill("4000000000")
    page.get_by_label("Net worth as of").fill("2026-03-31")
    page.locator("#id_members-0-name").fill("Bharat Magnetics Ltd")
    page.locator("#id_members-0-shareholding_pct").fill("100")
    page.locator("#id_members-0-is_lead").check()
    page.get_by_role("button", name="Save the profile").click()
    flash(page, "Profile saved.")
    page.goto(f"{base}/documents/")
    page.get_by_label("Kind of document").select_option("dpr")
    page.get_by_label("Title", exact=True).fill("DPR – 1,200 MTPA")
    page.get_by_label("File").set_input_files(
        {"name": "dpr.pdf", "mimeType": "application/pdf", "buffer": DPR}
    )
    page.get_by_role("button", name="Upload").click()
    flash(page, "is uploaded")
    page.goto(f"{base}/tenders/{open_round.pk}/bid/")
    page.get_by_label("Capacity (MTPA)").select_option("1200")
    page.get_by_label("Detailed Project Report").select_option(label="DPR – 1,200 MTPA (dpr.pdf)")
    page.get_by_label("Incentive sought (₹ per kg)").fill("1199.99")
    page.get_by_role("button", name="Seal and submit").click()
    flash(page, "Your bid is sealed")
    receipt = page.locator("#receipt").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", receipt)
    assert "1199.99" not in page.content() and "1,199.99" not in page.content()
    assert serious_violations(page) == []
    sign_out(page)

    # Four rivals bid through the services; the deadline passes.
    for i, (capacity, amount) in enumerate(
        [(700, "1450.50"), (600, "1500.00"), (1000, "1725.25"), (900, "1980.00")]
    ):
        bid(open_round, make_applicant(f"Rival {i + 1}"), capacity, amount)
    TenderRound.objects.filter(pk=open_round.pk).update(
        submission_deadline=timezone.now() - timedelta(minutes=1)
    )

    # 3. The TC closes, evaluates every bid, and two members open the financial bids together.
    sign_in(page, base, tc_members[0].email)
    page.goto(f"{base}/tenders/{open_round.pk}/")
    page.get_by_role("button", name="Close the round (after the deadline)").click()
    flash(page, "Closed: the TC can evaluate")
    for reference in Bid.objects.filter(round=open_round).values_list("reference", flat=True):
        form = page.get_by_role("form", name=f"Evaluate {reference}")
        form.get_by_label("Qualified", exact=True).check()
        form.get_by_label("Reasons").fill("DPR complete; oxide sourcing credible")
        form.get_by_role("button", name="Record").click()
        flash(page, f"Evaluation of {reference} recorded.")
    page.get_by_label(f"Passphrase of {tc_members[0].full_name}").fill(PASSPHRASES[0])
    page.get_by_label(f"Passphrase of {tc_members[1].full_name}").fill(PASSPHRASES[1])
    page.get_by_role("button", name="Open the financial bids").click()
    flash(page, "The financial bids are opened")
    page.get_by_role("button", name="Rank the bids (L1…L5)").click()
    flash(page, "Ranked: L1…L5")
    table = page.get_by_role("table", name=re.compile("Allocation and entitlements"))
    rows = table.locator("tbody tr").all_inner_texts()
    assert [r.split("\t")[0] for r in rows] == ["L1", "L2", "L3", "L4", "L5"]
    assert "Bharat Magnetics Ltd" in rows[0] and "₹ 1,290.00 cr" in rows[0]
    assert serious_violations(page) == []
    sign_out(page)

    # 4. MHI issues the Letters of Intent; L1 gives its guarantee; MHI issues the LoA.
    sign_in(page, base, mhi.email)
    page.goto(f"{base}/tenders/{open_round.pk}/")
    page.get_by_role("button", name="Issue the Letters of Intent").click()
    flash(page, "Letters of Intent issued.")
    l1 = Beneficiary.objects.get(rank=1)
    services.pbg_submit(
        actor=l1.user,
        beneficiary=l1,
        bank="State Bank of India, Fort, Mumbai",
        number="0999PBG27001",
        amount=crore(40),
        issued_on=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=1500),
        document=pdf(l1.user, DocumentKind.CERTIFICATE, "pbg.pdf"),
    )
    page.goto(f"{base}/beneficiaries/{l1.pk}/")
    page.get_by_label("Letter of Award date").fill("2027-02-01")
    page.get_by_role("button", name="Issue the Letter of Award").click()
    flash(page, "Letter of Award issued.")
    with page.expect_download() as download:
        page.get_by_role("link", name="Letter of Award").click()
    letter = tmp_path / "loa.pdf"
    download.value.save_as(letter)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(letter), str(tmp_path / "page")],
        check=True,
        timeout=60,
    )
    pages = sorted(Path(tmp_path).glob("page*.png"))
    assert pages and all(p.stat().st_size > 5000 for p in pages)
    text = " ".join(
        subprocess.run(
            ["pdftotext", str(letter), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Letter of Award" in text and "1 February 2027" in text
    assert "₹1,199.99 per kg" in text, text
    assert "₹ 1,290.00 cr" in text
    assert Bid.objects.get(reference=l1.bid.reference).opened_amount == Decimal("1199.99")
