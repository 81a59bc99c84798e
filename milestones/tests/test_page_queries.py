"""The penalty cases list reads in a number of queries that does not grow with the cases."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from bidding.tests.fixtures import awarded
from milestones.models import PenaltyCase
from milestones.tests.fixtures import penalty_cases
from tests.queries import page_queries

# What rendering a page costs: none is served kept (page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_rendered")]

CASE_LIST_MAX = 10  # a ceiling, so a page that gains queries shows even if its count is flat


@pytest.mark.parametrize("who", ["applicant", "mhi", "pma", "tc", "smc", "admin"])
def test_case_list_queries_do_not_grow_from_2_to_20_cases(
    client, personas, who, django_assert_max_num_queries
) -> None:
    mhi = personas["mhi"]
    beneficiaries = [
        awarded(personas["applicant"], loa_date=date(2026, 3, 1), mhi=mhi),
        awarded(personas["rival"], loa_date=date(2026, 3, 1), rank=2, mhi=mhi),
    ]
    for b in beneficiaries:
        penalty_cases(b, 1, raised_by=mhi)
    client.force_login(personas[who])
    url = reverse("web:cases")
    small = page_queries(client, url)
    for b in beneficiaries:
        penalty_cases(b, 9, raised_by=mhi)
    assert PenaltyCase.objects.count() == 20
    assert small <= CASE_LIST_MAX
    with django_assert_max_num_queries(small):
        client.get(url)
    assert page_queries(client, url) == small
