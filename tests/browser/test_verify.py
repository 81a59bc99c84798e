"""Chromium: anyone checks a signed letter at /verify/ by its reference and by its file, and
the page passes axe-core (issue 14.4, R-GOV-1)."""

from __future__ import annotations

import pytest

from repm_portal.documents.letters import letter_store
from repm_portal.documents.models import IssuedLetter
from repm_portal.documents.tests.fixtures import tiny_pdf
from tests.browser.helpers import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_14_4_a_visitor_checks_a_letter_by_reference_and_by_file(
    live_server, page, applicant, tmp_path
) -> None:
    document = letter_store(
        owner=applicant,
        pdf=tiny_pdf("Letter of Award"),
        filename="loa.pdf",
        title="Letter of Award",
        addressee=applicant.organisation,
    )
    letter = IssuedLetter.objects.get(document=document)
    page.goto(f"{live_server.url}/verify/")
    assert serious_violations(page) == []
    page.get_by_label("Reference printed on the letter").fill(letter.reference.lower())
    page.get_by_role("button", name="Check the reference").click()
    status = page.get_by_role("status")
    assert "Issued by the portal and in force." in status.inner_text()
    assert applicant.organisation in page.content()
    assert serious_violations(page) == []

    copy = tmp_path / "letter.pdf"
    with document.file.open("rb") as f:
        copy.write_bytes(f.read())
    page.get_by_label("The letter's PDF file").set_input_files(str(copy))
    page.get_by_role("button", name="Check the file").click()
    assert "Issued by the portal and in force." in page.get_by_role("status").inner_text()
    assert letter.reference in page.content()

    copy.write_bytes(tiny_pdf("forged"))
    page.get_by_label("The letter's PDF file").set_input_files(str(copy))
    page.get_by_role("button", name="Check the file").click()
    assert "Not issued by the portal" in page.get_by_role("status").inner_text()
