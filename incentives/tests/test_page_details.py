"""What the examiners and the beneficiary see on a claim's page: one unit per table, grouped
capacities, the notes' authors, a Reject that asks first, Recommend that says it will hold
(R-UNIT-3, R-SLI-7, R-SLI-9)."""

import pytest
from django.urls import reverse

from incentives import examination
from incentives.tests.fixtures import checked_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(applicant, mhi):
    return checked_claim(applicant, mhi)


def test_r_sli_7_the_pma_is_told_before_recommend_holds_the_claim(client, claim, pma) -> None:
    examination.claim_examine(actor=pma, claim=claim)
    client.force_login(pma)
    page = client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    assert "recommending holds this claim until it does" in page
    assert 'aria-describedby="recommend-held"' in page


def test_reject_is_a_danger_button_that_asks_first(client, claim, pma) -> None:
    client.force_login(pma)
    page = client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    assert 'data-confirm="Reject this claim? This cannot be undone' in page
    assert '<button class="btn btn-danger btn-sm" type="submit">Reject</button>' in page
    assert '<button class="btn btn-primary btn-sm" type="submit">Start the examination' in page


def test_r_sli_9_each_examination_note_says_who_wrote_it(client, claim, pma, applicant) -> None:
    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_seek_clarification(actor=pma, claim=claim, question="GSTR-1?")
    client.force_login(applicant)
    page = client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    assert f"<strong>Question</strong> · {pma.full_name} · " in page and ": GSTR-1?" in page


def test_r_gov_2_a_notes_kind_reads_in_the_readers_language(client, claim, pma, applicant) -> None:
    """The kind is stored as a key and labelled when shown: Hindi for a Hindi reader, while
    the words people wrote stay as written."""
    from django.conf import settings

    examination.claim_examine(actor=pma, claim=claim)
    examination.claim_seek_clarification(actor=pma, claim=claim, question="GSTR-1?")
    examination.claim_answer(actor=applicant, claim=claim, answer="Attached.")
    examination.claim_reject(actor=pma, claim=claim, reasons="Invoices not indigenous.")
    client.force_login(applicant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "hi"
    page = client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    assert f"<strong>प्रश्न</strong> · {pma.full_name} · " in page
    assert f"<strong>उत्तर</strong> · {applicant.full_name} · " in page
    assert f"<strong>अस्वीकृति के कारण</strong> · {pma.full_name} · " in page
    assert ": GSTR-1?" in page and ": Invoices not indigenous." in page
    assert "<strong>Question</strong>" not in page and "Q · " not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    assert f"<strong>Reasons for rejection</strong> · {pma.full_name} · " in page


def test_r_unit_3_the_ledger_has_one_unit_and_grouped_capacity(client, claim, applicant) -> None:
    client.force_login(applicant)
    page = client.get(reverse("web:ledger", args=[claim.beneficiary.pk])).content.decode()
    assert "1,200 MTPA allocated" in page
    # Table 3's cap for 1,200 MTPA, ₹1,290 cr, in rupees like the sums beside it
    assert "₹12,90,00,00,000.00" in page and "₹ 1,290.00 cr" not in page


def test_r_unit_3_dates_say_the_format_they_take(client, claim, mhi, pma) -> None:
    from django import forms

    from repm_portal.templatetags.portal import form_field

    class F(forms.Form):
        day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), help_text="When.")

    context = form_field(F()["day"])
    assert context["is_date"] is True
    assert 'placeholder="YYYY-MM-DD"' in context["widget"]
    assert 'aria-describedby="id_day_helptext id_day_format"' in context["widget"]
