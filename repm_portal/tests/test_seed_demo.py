"""manage.py seed_demo: runs on an empty database, again without duplicating anything, and
leaves every role a home page with something to do (the README's walk-through)."""

import io

import pytest
from django.core.management import call_command

from incentives.models import ClaimStatus, SLIClaim
from repm_portal.accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_and_shows_each_role_its_work(client) -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    counts = (User.objects.count(), SLIClaim.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (User.objects.count(), SLIClaim.objects.count()) == counts  # idempotent
    assert "applicant@demo.repm.in" in out.getvalue() and "password" in out.getvalue()
    claim = SLIClaim.objects.get()
    # L1's claim: register checked (3 rows rejected), verified by the IE, clarification sought
    assert (claim.status, claim.rows_rejected, claim.ie.email) == (
        ClaimStatus.CLARIFICATION,
        3,
        "ie@demo.repm.in",
    )
    expected = {
        "applicant@demo.repm.in": "Answer the clarification sought.",
        "mhi@demo.repm.in": "Penalty case",
    }
    for email, item in expected.items():
        client.force_login(User.objects.get(email=email))
        assert item in client.get("/").content.decode(), email
    client.force_login(User.objects.get(email="applicant@demo.repm.in"))
    ledger = client.get(f"/beneficiaries/{claim.beneficiary_id}/ledger/").content.decode()
    assert "Incentive ledger of Bharat Magnetics Ltd" in ledger
    capital = client.get(f"/beneficiaries/{claim.beneficiary_id}/capital-subsidy/new/")
    assert "is not commissioned yet" in capital.content.decode()
