"""A beneficiary's letters: dated when issued (R-GOV-4), tagged and in real text (R-GOV-1)."""

import re
import zlib
from datetime import date

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from bidding.letters import beneficiary_draft
from bidding.tests.fixtures import awarded
from repm_portal.documents.letters import pdf_render

pytestmark = pytest.mark.django_db


def test_r_gov_4_a_letter_states_when_it_was_issued(applicant, mhi) -> None:
    b = awarded(applicant, loa_date=date(2027, 2, 1), mhi=mhi)
    before = timezone.localtime().replace(second=0, microsecond=0)
    draft = beneficiary_draft(beneficiary=b, template="bidding/letters/loi.html", context={})
    issued = draft.context["issued_at"]
    assert before <= issued <= timezone.localtime()
    html = render_to_string(draft.template, draft.context)
    assert f"Issued: {issued.day} {issued:%B %Y, %H:%M} IST" in html
    assert f"No. {b.bid.reference}/LoI" in html


def test_r_gov_1_a_letter_is_a_tagged_pdf(applicant, mhi) -> None:
    b = awarded(applicant, loa_date=date(2027, 2, 1), mhi=mhi)
    draft = beneficiary_draft(beneficiary=b, template="bidding/letters/loi.html", context={})
    pdf = pdf_render(draft.template, draft.context)
    assert pdf.startswith(b"%PDF-")
    objects = pdf + b"".join(inflated(pdf))  # PDF 1.7 keeps its objects in compressed streams
    assert b"/StructTreeRoot" in objects and b"/Marked true" in objects  # tagged (PDF/UA-1)
    assert b"/Lang" in objects  # its language set


def inflated(pdf: bytes) -> list[bytes]:
    """The content of the PDF's Flate-compressed streams."""
    out = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            out.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return out
