"""Rates read as per cent on the parameters' pages (R-UNIT-3)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from repm_portal.templatetags.portal import percent


def test_r_unit_3_a_fraction_reads_as_per_cent() -> None:
    assert percent(Decimal("0.40")) == "40 %"
    assert percent(Decimal("0.025")) == "2.5 %"
    assert percent(Decimal("1")) == "100 %"
    assert percent(None) == ""


@pytest.mark.django_db
def test_r_unit_3_the_parameters_page_shows_rates_in_per_cent(client, applicant) -> None:
    client.force_login(applicant)
    page = client.get(reverse("web:parameters")).content.decode()
    # R-SLI-4: the turnover cap is 40 % of the net sales turnover
    assert "<td>per cent</td>" in page and "40 %" in page
    assert "fraction" not in page
