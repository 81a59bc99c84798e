"""The claim and ledger lists read in a number of queries that does not grow with the claims
(each row's R-SLI-10 clock from one read of the parameters) nor with the beneficiaries."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from bidding.tests.fixtures import awarded
from incentives.models import SLIClaim
from incentives.tests.fixtures import claims_at_every_stage
from tests.factories import UserFactory
from tests.queries import page_queries

# What rendering a page costs: none is served kept (page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_rendered")]

# Ceilings, so a page that gains queries shows here even if the count stays flat.
CLAIM_LIST_MAX = 6
LEDGER_LIST_MAX = 12


@pytest.mark.parametrize("who", ["applicant", "pma", "mhi", "ie", "admin"])
def test_claim_list_queries_do_not_grow_from_2_to_20_claims(
    client, personas, who, django_assert_max_num_queries
) -> None:
    b = awarded(personas["applicant"], loa_date=date(2027, 2, 1), mhi=personas["mhi"])
    rival = awarded(personas["rival"], loa_date=date(2027, 2, 1), rank=2, mhi=personas["mhi"])
    claims_at_every_stage(b, 1, ie=personas["ie"], first=2)
    claims_at_every_stage(rival, 1, ie=personas["ie"], first=2)
    client.force_login(personas[who])
    url = reverse("web:claims")
    small = page_queries(client, url)
    claims_at_every_stage(b, 9, ie=personas["ie"], first=3)
    claims_at_every_stage(rival, 9, ie=personas["ie"], first=3)
    assert SLIClaim.objects.count() == 20
    assert small <= CLAIM_LIST_MAX
    with django_assert_max_num_queries(small):
        client.get(url)
    assert page_queries(client, url) == small


@pytest.mark.parametrize("who", ["applicant", "mhi", "admin"])
def test_ledger_list_queries_do_not_grow_from_2_to_8_beneficiaries(
    client, personas, who, django_assert_max_num_queries
) -> None:
    mhi = personas["mhi"]
    for i, user in enumerate([personas["applicant"], personas["rival"]]):
        b = awarded(user, loa_date=date(2027, 2, 1), rank=i + 1, mhi=mhi)
        claims_at_every_stage(b, 2)
    client.force_login(personas[who])
    url = reverse("web:ledgers")
    small = page_queries(client, url)
    for i in range(6):
        user = UserFactory(email=f"b{i}@example.in", organisation=f"Magnets {i} Ltd")
        claims_at_every_stage(awarded(user, loa_date=date(2027, 2, 1), mhi=mhi), 3)
    assert small <= LEDGER_LIST_MAX
    with django_assert_max_num_queries(small):
        client.get(url)
    assert page_queries(client, url) == small
