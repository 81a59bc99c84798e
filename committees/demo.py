"""Demo data for the committees: the seat holders of Annexures A and B (the demo's TC and SMC
users among them), a TC quarterly review of the last ended quarter with attendance, comments,
decisions, two open action items and confirmed minutes, and the next review scheduled.

``seed_seats`` runs before the tender demo (its rounds take members from the TC roster);
``seed_meetings`` runs last. Both are idempotent.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from bidding.models import Beneficiary
from repm_portal.accounts.models import Role, User
from repm_portal.accounts.services import role_group_join
from repm_portal.periods import IST, Quarter, today_ist

from . import selectors, services
from .models import Committee, CommitteeCode, Meeting, Seat, SeatTerm

SINCE = date(2025, 12, 16)  # the committees are constituted with the notification

# (committee, seat number, e-mail, name, role, organisation, designation)
HOLDERS: list[tuple[str, int, str, str, str, str, str]] = [
    (
        "tc",
        1,
        "js.hi@demo.repm.in",
        "Vikram Singh Rathore",
        Role.MHI,
        "Ministry of Heavy Industries",
        "Joint Secretary",
    ),
    (
        "tc",
        2,
        "psa.rep@demo.repm.in",
        "Dr. Nandini Rao",
        Role.TC,
        "Office of the Principal Scientific Adviser",
        "Scientist 'G'",
    ),
    (
        "tc",
        3,
        "nscs.rep@demo.repm.in",
        "Ashok Menon",
        Role.TC,
        "National Security Council Secretariat",
        "Director",
    ),
    ("tc", 4, "tc3@demo.repm.in", "Joseph Thomas", Role.TC, "NITI Aayog", "Adviser"),
    (
        "tc",
        5,
        "tc@demo.repm.in",
        "Dr. Arvind Kulkarni",
        Role.TC,
        "Department of Atomic Energy",
        "Joint Secretary",
    ),
    (
        "tc",
        6,
        "tc2@demo.repm.in",
        "Dr. Ritu Banerjee",
        Role.TC,
        "Ministry of Mines",
        "Joint Secretary",
    ),
    (
        "tc",
        7,
        "js.mnre@demo.repm.in",
        "Sanjay Kapoor",
        Role.TC,
        "Ministry of New and Renewable Energy",
        "Joint Secretary",
    ),
    (
        "tc",
        8,
        "js.dst@demo.repm.in",
        "Dr. Farida Hussain",
        Role.TC,
        "Department of Science & Technology",
        "Joint Secretary",
    ),
    (
        "tc",
        9,
        "cca.mhi@demo.repm.in",
        "Anil Sharma",
        Role.TC,
        "Ministry of Heavy Industries",
        "Chief Controller of Accounts",
    ),
    (
        "tc",
        10,
        "pma@demo.repm.in",
        "Meera Iyer",
        Role.PMA,
        "Project Management Agency",
        "Senior Consultant",
    ),
    (
        "smc",
        1,
        "secy.hi@demo.repm.in",
        "Kamala Raghavan",
        Role.MHI,
        "Ministry of Heavy Industries",
        "Secretary",
    ),
    (
        "smc",
        2,
        "psa.smc@demo.repm.in",
        "Dr. Harish Chandra",
        Role.SMC,
        "Office of the Principal Scientific Adviser",
        "Adviser",
    ),
    (
        "smc",
        3,
        "nscs.smc@demo.repm.in",
        "Rear Adm. Suresh Pillai",
        Role.SMC,
        "National Security Council Secretariat",
        "Military Adviser",
    ),
    ("smc", 4, "ceo.niti@demo.repm.in", "Rakesh Jain", Role.SMC, "NITI Aayog", "CEO"),
    (
        "smc",
        5,
        "secy.doe@demo.repm.in",
        "Meenakshi Sundaram",
        Role.SMC,
        "Department of Expenditure",
        "Secretary",
    ),
    (
        "smc",
        6,
        "secy.dea@demo.repm.in",
        "Prakash Iyer",
        Role.SMC,
        "Department of Economic Affairs",
        "Secretary",
    ),
    (
        "smc",
        7,
        "secy.dae@demo.repm.in",
        "Dr. Venkat Subramanian",
        Role.SMC,
        "Department of Atomic Energy",
        "Secretary",
    ),
    (
        "smc",
        8,
        "secy.mines@demo.repm.in",
        "Arvind Mathur",
        Role.SMC,
        "Ministry of Mines",
        "Secretary",
    ),
    (
        "smc",
        9,
        "smc@demo.repm.in",
        "Sunita Menon",
        Role.SMC,
        "Department of Science & Technology",
        "Secretary",
    ),
    (
        "smc",
        10,
        "secy.mnre@demo.repm.in",
        "Lalitha Krishnan",
        Role.SMC,
        "Ministry of New and Renewable Energy",
        "Secretary",
    ),
    ("smc", 11, "secy.dpiit@demo.repm.in", "Rohit Bansal", Role.SMC, "DPIIT", "Secretary"),
    ("smc", 12, "secy.meity@demo.repm.in", "Neha Agarwal", Role.SMC, "MeitY", "Secretary"),
    (
        "smc",
        13,
        "secy.drdo@demo.repm.in",
        "Dr. Manoj Pandey",
        Role.SMC,
        "DRDO",
        "Secretary, DDR&D and Chairman, DRDO",
    ),
    (
        "smc",
        14,
        "fa.hi@demo.repm.in",
        "Shalini Verma",
        Role.SMC,
        "Ministry of Heavy Industries",
        "Financial Advisor",
    ),
    (
        "smc",
        15,
        "js.hi@demo.repm.in",
        "Vikram Singh Rathore",
        Role.MHI,
        "Ministry of Heavy Industries",
        "Joint Secretary",
    ),
]


def _user(email: str, name: str, role: str, org: str, designation: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        from repm_portal.management.commands.seed_demo import demo_password

        user = User.objects.create_user(
            email,
            demo_password(role),
            full_name=name,
            role=role,
            organisation=org,
            designation=designation,
            email_verified_at=timezone.now(),
        )
        role_group_join(user)
    return user


def seed_seats(mhi: User) -> None:
    """Every seat of both annexures held from the notification's date."""
    for code, number, email, name, role, org, designation in HOLDERS:
        seat = Seat.objects.get(committee__code=code, number=number)
        if SeatTerm.objects.filter(seat=seat).exists():
            continue
        services.seat_appoint(
            actor=mhi,
            seat=seat,
            holder=_user(email, name, role, org, designation),
            starts_on=SINCE,
            order="MHI O.M. No. 12(06)/2024-PE-XI/CPSE-1 dated 16.12.2025",
        )


def _at(day: date, hour: int = 11) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=IST)


def seed_meetings() -> None:
    tc = Committee.objects.get(code=CommitteeCode.TC)
    today = today_ist()
    last = Quarter.containing(today).previous()
    if Meeting.objects.filter(committee=tc, quarter=last.code).exists():
        return
    pma = User.objects.get(email="pma@demo.repm.in")
    chair = User.objects.get(email="js.hi@demo.repm.in")
    tc_user = User.objects.get(email="tc@demo.repm.in")
    tc2 = User.objects.get(email="tc2@demo.repm.in")
    held_on = min(last.end + timedelta(days=20), today - timedelta(days=1))
    meeting = services.meeting_schedule(
        actor=pma,
        committee=tc,
        starts_at=_at(held_on),
        venue="Conference Room, Udyog Bhawan, New Delhi",
        video_link="https://vc.nic.in/repm-tc-review",
        quarter=last.code,
    )
    expert = _user(
        "expert.irel@demo.repm.in",
        "Dr. K. Srinivasan",
        Role.TC,
        "IREL (India) Ltd",
        "General Manager (Rare Earths)",
    )
    services.expert_co_opt(actor=pma, meeting=meeting, expert=expert, source="irel")
    oxide = services.agenda_item_add(
        actor=pma,
        meeting=meeting,
        title="NdPr oxide supply from IREL to the beneficiaries",
        detail="Off-take against the allocations of R-BID-12; lead times for the next quarter.",
    )
    l1 = Beneficiary.objects.filter(round__reference="MHI/REPM/RFP/2026/01", rank=1).first()
    progress = services.agenda_item_add(
        actor=pma,
        meeting=meeting,
        title="Project progress of the beneficiaries in the quarter",
        detail="Milestones, investment against Table 5, capacity commissioned.",
    )
    services.comment_add(
        actor=tc_user,
        item=progress,
        text="Strip casting is in place at Visakhapatnam; the sintering furnaces are still at "
        "the vendor. The M2 schedule needs a firm commissioning plan.",
    )
    services.comment_add(
        actor=expert,
        item=oxide,
        text="IREL can supply the allocated oxide from Q4 provided the off-take agreements are "
        "signed this quarter.",
    )
    services.comment_add(
        actor=tc2,
        item=oxide,
        text="Mines will follow up on the Odisha sands block for the second tranche.",
    )
    holders = [t.holder for t in selectors.holders_on(tc, held_on)]
    absent = {"js.mnre@demo.repm.in", "nscs.rep@demo.repm.in", "psa.rep@demo.repm.in"}
    services.attendance_record(
        actor=pma,
        meeting=meeting,
        present=[u for u in holders if u.email not in absent] + [expert],
    )
    owner = l1.user if l1 is not None else pma
    services.decision_record(
        actor=pma,
        item=progress,
        text="The committee noted the progress and asked the beneficiary for a dated "
        "commissioning plan for Milestone 2.",
        addressed_to=owner if l1 is not None else None,
    )
    services.action_item_add(
        actor=pma,
        item=progress,
        description="Submit a dated commissioning plan for Milestone 2 (sintering and "
        "finishing lines).",
        owner=owner,
        due_on=held_on + timedelta(days=60),
    )
    services.decision_record(
        actor=pma,
        item=oxide,
        text="The PMA will circulate IREL's supply schedule to every beneficiary.",
    )
    services.action_item_add(
        actor=pma,
        item=oxide,
        description="Circulate IREL's NdPr oxide supply schedule and the draft off-take "
        "agreement to all beneficiaries.",
        owner=pma,
        due_on=held_on + timedelta(days=45),
    )
    meeting.refresh_from_db()
    services.minutes_confirm(actor=pma, meeting=meeting)
    # The next quarterly review, after the current quarter ends: the open actions carry over.
    current = Quarter.containing(today)
    services.meeting_schedule(
        actor=chair,
        committee=tc,
        starts_at=_at(current.end + timedelta(days=20)),
        venue="Conference Room, Udyog Bhawan, New Delhi",
        quarter=current.code,
    )
