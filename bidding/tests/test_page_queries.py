"""The tender rounds list reads in a number of queries that does not grow with the rounds."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bidding.models import TenderRound
from bidding.tests.fixtures import rounds_seating
from tests.queries import page_queries

# What rendering a page costs: none is served kept (page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_rendered")]

ROUND_LIST_MAX = 10  # a ceiling, so a page that gains queries shows even if its count is flat


@pytest.mark.parametrize("who", ["applicant", "tc", "mhi", "pma", "smc", "admin"])
def test_round_list_queries_do_not_grow_from_2_to_20_rounds(
    client, personas, who, django_assert_max_num_queries
) -> None:
    rounds_seating(personas["tc"], 2, mhi=personas["mhi"])
    client.force_login(personas[who])
    url = reverse("web:rounds")
    small = page_queries(client, url)
    rounds_seating(personas["tc"], 18, mhi=personas["mhi"], first=2)
    assert TenderRound.objects.count() == 20
    assert small <= ROUND_LIST_MAX
    with django_assert_max_num_queries(small):
        client.get(url)
    assert page_queries(client, url) == small
