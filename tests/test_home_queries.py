"""Each role's home page reads its duties in a number of queries that does not grow with the
data: the open claims' R-SLI-10 clocks come from one read of the parameters, a TC member's
rounds and MHI's rounds from one query each (issue 16 item 8).

Cross-app, so here: the home page gathers the duties of every app."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from bidding.tests.fixtures import awarded, rounds_seating
from incentives.models import SLIClaim
from incentives.tests.fixtures import claims_at_every_stage
from milestones.models import PenaltyCase
from milestones.tests.fixtures import penalty_cases
from tests.queries import page_queries

# What rendering a page costs: none is served kept (page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_rendered")]

HOME_MAX = 16  # a ceiling, so a page that gains queries shows even if its count stays flat


def grow(personas, beneficiaries, *, claims: int, cases: int, rounds: int, first: int) -> None:
    for b in beneficiaries:
        claims_at_every_stage(b, claims, ie=personas["ie"], first=first)
        penalty_cases(b, cases, raised_by=personas["mhi"])
    rounds_seating(personas["tc"], rounds, mhi=personas["mhi"], first=first * 2)


@pytest.mark.parametrize("who", ["applicant", "pma", "tc", "smc", "mhi", "ie", "admin"])
def test_home_page_queries_do_not_grow_with_claims_cases_and_rounds(
    client, personas, who, django_assert_max_num_queries
) -> None:
    mhi = personas["mhi"]
    beneficiaries = [
        awarded(personas["applicant"], loa_date=date(2026, 3, 1), mhi=mhi),
        awarded(personas["rival"], loa_date=date(2026, 3, 1), rank=2, mhi=mhi),
    ]
    grow(personas, beneficiaries, claims=1, cases=1, rounds=2, first=0)
    client.force_login(personas[who])
    small = page_queries(client, reverse("web:home"))
    grow(personas, beneficiaries, claims=9, cases=9, rounds=10, first=1)
    assert SLIClaim.objects.count() == 20 and PenaltyCase.objects.count() == 20
    assert small <= HOME_MAX
    with django_assert_max_num_queries(small):
        client.get(reverse("web:home"))
    assert page_queries(client, reverse("web:home")) == small
