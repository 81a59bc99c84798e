"""The home page of each role (SMC, TC, PMA, MHI, beneficiaries) on the demo data: it lists what
is due from that role, and every link on it leads to a page that exists and that the role may
open — never a 403, a 404 or a redirect to the sign-in page (R-ACL-1, R-ACL-3, R-COM-4)."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.core.management import call_command

from committees import reports as rules
from committees.seating import seat_for_test
from repm_portal.accounts.models import User
from repm_portal.periods import Quarter, today_ist
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r'href="(/[^"#]*)')


def due_table(page: str) -> str:
    """The text of the home page's "due and overdue" table, tags stripped."""
    start = page.index("What is due or overdue for you")
    table = page[start : page.index("</table>", start)]
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", table).split()))


def test_r_acl_1_r_acl_3_each_role_home_shows_its_duties_and_every_link_opens(client) -> None:
    call_command("seed_demo", verbosity=0)
    today = today_ist()
    last, current = rules.last_ended_quarter(today), Quarter.containing(today)
    # What the demo leaves due for each role (committees/demo.py, committees/report_demo.py).
    expected = {
        "applicant@demo.repm.in": [
            f"Quarterly report {current.code} due",
            f"Action from Technical Committee quarterly review – {last.code}",
        ],
        "rival@demo.repm.in": [],
        "pma@demo.repm.in": [
            f"Overdue: the {last.code} report of",  # the report the demo leaves missing
            f"Action from Technical Committee quarterly review – {last.code}",
        ],
        "tc@demo.repm.in": [f"Read the QRR for {last.code}"],
        "smc@demo.repm.in": [f"Read the QRR for {last.code}"],
        "mhi@demo.repm.in": [f"Read the QRR for {last.code}", "Penalty case"],
    }
    broken: dict[str, list[str]] = {}
    opened = 0
    for email, duties in expected.items():
        client.force_login(User.objects.get(email=email))
        home = client.get("/")
        assert home.status_code == 200, email
        page = home.content.decode()
        table = due_table(page)
        for duty in duties:
            assert duty in table, (email, duty, table)
        links = {html.unescape(h) for h in LINK.findall(page) if not h.startswith("/static/")}
        assert len(links) > 10, email  # the menu, the duties and the role's own links
        for link in sorted(links):
            response = client.get(link)
            opened += 1
            if response.status_code != 200:
                broken.setdefault(email, []).append(f"{link} → {response.status_code}")
        client.logout()
    assert broken == {}
    assert opened > 6 * 10


def test_r_com_3_a_member_whose_seat_ended_yesterday_is_offered_no_committee_page(
    client, mhi
) -> None:
    today = today_ist()
    left = UserFactory(email="left.tc@gov.in", role="tc", full_name="Left Yesterday")
    seat_for_test(left, on=today - timedelta(days=200), until=today - timedelta(days=1))
    client.force_login(left)
    page = client.get("/").content.decode()
    assert "You hold no seat of the Technical Committee today" in page
    links = {html.unescape(h) for h in LINK.findall(page) if not h.startswith("/static/")}
    assert not {"/meetings/?committee=tc", "/qrr/", "/committees/"} & links
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
    for refused in ("/meetings/", "/qrr/"):
        assert client.get(refused).status_code == 403, refused
