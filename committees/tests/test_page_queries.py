"""A user's action items page reads in a number of queries that does not grow with them; an
applicant's owed quarterly reports, in a number that does not grow with its beneficiaries."""

from __future__ import annotations

from datetime import date, timedelta
from secrets import token_hex

import pytest
from django.urls import reverse

from bidding.tests.factories import BeneficiaryFactory, TenderRoundFactory
from committees import report_selectors, services
from committees.models import ActionItem
from repm_portal.periods import today_ist
from tests.queries import page_queries

# What rendering a page costs: none is served kept (page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pages_rendered")]

ACTIONS_MAX = 10  # a ceiling, so a page that gains queries shows even if its count is flat


def actions(meeting, sitting, owner, n: int) -> None:
    for i in range(n):
        item = services.agenda_item_add(
            actor=sitting["secretary"], meeting=meeting, title=f"I{meeting.items.count()}"
        )
        services.decision_record(actor=sitting["secretary"], item=item, text=f"d{i}")
        services.action_item_add(
            actor=sitting["secretary"],
            item=item,
            description=f"a{i}",
            owner=owner,
            due_on=today_ist() + timedelta(days=3 + i),
        )


@pytest.mark.parametrize("who", ["applicant", "member"])
def test_my_actions_queries_do_not_grow_from_2_to_12_actions(
    client, meeting, sitting, applicant, who, django_assert_max_num_queries
) -> None:
    owner = applicant if who == "applicant" else sitting["member"]
    actions(meeting, sitting, owner, 2)
    client.force_login(owner)
    url = reverse("web:my_actions")
    small = page_queries(client, url)
    actions(meeting, sitting, owner, 10)
    assert ActionItem.objects.filter(owner=owner).count() == 12
    assert small <= ACTIONS_MAX
    with django_assert_max_num_queries(small):
        client.get(url)
    assert page_queries(client, url) == small


def award(applicant, n: int) -> None:
    """``n`` more beneficiaries of ``applicant``, each owing its quarterly reports."""
    for _ in range(n):
        BeneficiaryFactory(
            bid__round=TenderRoundFactory(),
            bid__applicant=applicant,
            bid__receipt=token_hex(32),  # one applicant's several bids: a receipt for each
            loa_date=date(2026, 3, 1),
        )


@pytest.mark.parametrize("page", ["web:quarterly_reports", "web:home"])
def test_an_applicants_owed_reports_read_in_queries_that_do_not_grow_with_its_beneficiaries(
    client, applicant, page, django_assert_max_num_queries
) -> None:
    award(applicant, 1)
    client.force_login(applicant)
    url = reverse(page)
    small = page_queries(client, url)
    award(applicant, 3)
    assert len(report_selectors.open_reports_of(applicant, today=today_ist())) == 4
    with django_assert_max_num_queries(small):
        client.get(url)
    assert page_queries(client, url) == small
