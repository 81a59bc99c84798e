"""A tender round ready for bids, and applicants ready to bid, for the bidding tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bidding import services
from bidding.models import Beneficiary, TenderRound
from bidding.rules import MemberShare
from bidding.tests.factories import PDF, BeneficiaryFactory, TenderRoundFactory
from repm_portal.accounts.models import Role, User
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.services import document_upload
from repm_portal.money import crore
from repm_portal.parameters.selectors import parameters_in_force
from tests.factories import UserFactory

PASSPHRASES = {
    0: "tc-one-long-passphrase",
    1: "tc-two-long-passphrase",
    2: "tc-three-long-passphrase",
}


@pytest.fixture
def tc_members(db: None, seated: Callable[[User], User]) -> list[User]:
    """Three TC members holding TC seats today (``seated`` is the root conftest's)."""
    return [
        seated(UserFactory(email=f"tc{i}@gov.in", role=Role.TC, full_name=f"TC Member {i + 1}"))
        for i in range(3)
    ]


def pdf(owner: User, kind: str = DocumentKind.DPR, name: str = "dpr.pdf") -> Document:
    return document_upload(owner=owner, kind=kind, uploaded=SimpleUploadedFile(name, PDF))


@pytest.fixture
def open_round(mhi: User, tc_members: list[User]) -> TenderRound:
    """Published round REPM/2026/01: three TC members, any two open the bids."""
    round_ = services.round_create(
        actor=mhi,
        reference="MHI/REPM/RFP/2026/01",
        title="Sintered NdFeB magnets, round 1",
        submission_deadline=timezone.now() + timedelta(days=30),
        opening_quorum=2,
        tc_members=tc_members,
    )
    for i, member in enumerate(tc_members):
        services.seat_set_passphrase(actor=member, round_=round_, passphrase=PASSPHRASES[i])
    return services.round_publish(actor=mhi, round_=round_)


def pass_deadline(round_: TenderRound) -> None:
    TenderRound.objects.filter(pk=round_.pk).update(
        submission_deadline=timezone.now() - timedelta(minutes=1)
    )
    round_.refresh_from_db()


@pytest.fixture
def make_applicant(db: None) -> Callable[..., User]:
    """An applicant with a profile: a sole Indian company by default."""

    def make(
        name: str,
        *,
        net_worth_cr: int = 400,
        entity: str = "company",
        members: list[MemberShare] | None = None,
    ) -> User:
        slug = name.lower().replace(" ", "")[:20]
        user = UserFactory(email=f"{slug}@example.in", role=Role.APPLICANT, organisation=name)
        services.profile_save(
            actor=user,
            name=name,
            entity_type=entity,
            country="IN" if entity != "international" else "JP",
            cin="U27100MH2021PTC123456" if entity == "company" else "",
            pan="AAPFU0939F" if entity != "international" else "",
            gstin="",
            net_worth=crore(net_worth_cr),
            net_worth_as_of=date(2026, 3, 31),
            net_worth_certificate=None,
            members=members
            or [MemberShare(name, Decimal(100), True, "JP" if entity == "international" else "IN")],
        )
        return user

    return make


def bid(round_: TenderRound, user: User, capacity: int, amount: str):
    return services.bid_submit(
        actor=user, round_=round_, capacity_mtpa=capacity, dpr=pdf(user), amount=Decimal(amount)
    )


def awarded(
    user: User,
    *,
    capacity: int = 1000,
    loa_date: date,
    rank: int = 1,
    mhi: User | None = None,
    params_on: date | None = None,
) -> Beneficiary:
    """A beneficiary holding a Letter of Award dated ``loa_date``, without the tender around it
    (for tests of what follows the award)."""
    params = parameters_in_force(params_on or loa_date)
    round_ = TenderRoundFactory(
        reference=f"MHI/REPM/TEST/{user.pk}",
        created_by=mhi or UserFactory(email=f"mhi-{user.pk}@gov.in", role=Role.MHI),
        parameter_version_id=params.version_id,
    )
    return BeneficiaryFactory(
        bid__round=round_,
        bid__applicant=user,
        bid__capacity_mtpa=capacity,
        bid__rank=rank,
        loa_date=loa_date,
        params=params,
    )


def rounds_seating(member: User, n: int, *, mhi: User, first: int = 0) -> list[TenderRound]:
    """``n`` rounds (numbered from ``first``), one in each status in turn, each seating
    ``member`` on its TC; written directly (for query counts and loads)."""
    from bidding.models import RoundSeat, RoundStatus
    from repm_portal.parameters.selectors import parameters_in_force
    from repm_portal.periods import today_ist

    version = parameters_in_force(today_ist()).version_id
    statuses = list(RoundStatus.values)
    rounds = TenderRound.objects.bulk_create(
        TenderRound(
            reference=f"MHI/REPM/LOAD/{i}",
            title=f"Load round {i}",
            opening_quorum=1,
            submission_deadline=timezone.now() + timedelta(days=i % 3 - 1),
            status=statuses[i % len(statuses)],
            created_by=mhi,
            parameter_version_id=version,
        )
        for i in range(first, first + n)
    )
    RoundSeat.objects.bulk_create(RoundSeat(round=r, member=member) for r in rounds)
    return rounds
