"""Who may call the outlay API (R-ACL-3): MHI, SMC members and the PMA; nobody else."""

from __future__ import annotations

from datetime import date

import pytest

from bidding.tests.fixtures import awarded
from committees.tests.api_matrix import OUTLAY_MATRIX as MATRIX

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("method", "path", "expected"), MATRIX, ids=[p for _m, p, _e in MATRIX])
def test_r_acl_3_who_may_call_the_outlay_api(api_for, personas, mhi, method, path, expected):
    b = awarded(personas["applicant"], capacity=800, loa_date=date(2026, 3, 1), mhi=mhi)
    url = path.format(beneficiary=b.pk) + "?as_of=2026-06-30"
    for persona, status in expected.items():
        response = api_for(personas[persona]).get(url)
        assert response.status_code == status, (persona, response.status_code)


def test_r_out_2_a_beneficiary_without_an_award_by_the_date_is_not_found(api_for, mhi, applicant):
    b = awarded(applicant, capacity=800, loa_date=date(2026, 3, 1), mhi=mhi)
    response = api_for(mhi).get(f"/api/v1/outlay/beneficiaries/{b.pk}/?as_of=2026-02-28")
    assert response.status_code == 404
