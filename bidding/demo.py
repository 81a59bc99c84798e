"""Demo data for the tender (manage.py seed_demo): an awarded round and one open for bids."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from repm_portal.accounts.models import Role, User
from repm_portal.accounts.services import role_group_join
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.services import document_upload
from repm_portal.money import crore

from . import services
from .models import Beneficiary, TenderRound
from .rules import MemberShare

DEMO_PASSPHRASES = {
    "tc@demo.repm.in": "Demo-share-Kulkarni-2026",
    "tc2@demo.repm.in": "Demo-share-Banerjee-2026",
    "tc3@demo.repm.in": "Demo-share-Thomas-2026",
}
# (e-mail, organisation, entity, members, net worth ₹ cr, capacity, ₹/kg)
BIDDERS = [
    (
        "applicant@demo.repm.in",
        "Bharat Magnetics Ltd",
        "company",
        [("Bharat Magnetics Ltd", "100", True, "IN")],
        420,
        1200,
        "1185.00",
    ),
    (
        "rival@demo.repm.in",
        "Deccan Rare Earth Magnets Pvt Ltd",
        "consortium",
        [
            ("Deccan Rare Earth Magnets Pvt Ltd", "74", True, "IN"),
            ("Shin-Etsu Partner KK", "26", False, "JP"),
        ],
        330,
        1000,
        "1320.50",
    ),
    (
        "konkan@demo.repm.in",
        "Konkan Sintered Products Ltd",
        "company",
        [("Konkan Sintered Products Ltd", "100", True, "IN")],
        260,
        800,
        "1475.00",
    ),
    (
        "nilgiri@demo.repm.in",
        "Nilgiri Magnet Works Ltd",
        "company",
        [("Nilgiri Magnet Works Ltd", "100", True, "IN")],
        200,
        600,
        "1610.25",
    ),
    (
        "sahyadri@demo.repm.in",
        "Sahyadri Alloys and Magnets Ltd",
        "company",
        [("Sahyadri Alloys and Magnets Ltd", "100", True, "IN")],
        390,
        1100,
        "1790.00",
    ),
    (
        "vindhya@demo.repm.in",
        "Vindhya Magnetics Pvt Ltd",
        "company",
        [("Vindhya Magnetics Pvt Ltd", "100", True, "IN")],
        250,
        700,
        "2045.75",
    ),
]
PDF_HTML = (
    '<html lang="en"><head><title>{title}</title></head><body><h1>{title}</h1>'
    "<p>{body}</p></body></html>"
)


def _pdf(owner: User, kind: str, title: str, body: str) -> Document:
    from weasyprint import HTML

    content = bytes(HTML(string=PDF_HTML.format(title=title, body=body)).write_pdf())
    return document_upload(
        owner=owner,
        kind=kind,
        title=title,
        uploaded=SimpleUploadedFile(f"{title[:40]}.pdf", content),
    )


def _user(email: str, name: str, role: str, organisation: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        from repm_portal.management.commands.seed_demo import demo_password

        user = User.objects.create_user(
            email,
            demo_password(role),
            full_name=name,
            role=role,
            organisation=organisation,
            email_verified_at=timezone.now(),
        )
        role_group_join(user)
    return user


def seed_tenders(mhi: User) -> list[str]:
    """Idempotent; returns lines to print (the TC passphrases)."""
    tc = [
        User.objects.get(email="tc@demo.repm.in"),
        _user("tc2@demo.repm.in", "Dr. Ritu Banerjee", Role.TC, "Ministry of Mines"),
        _user("tc3@demo.repm.in", "Joseph Thomas", Role.TC, "NITI Aayog"),
    ]
    bidders = []
    for email, org, entity, members, worth, capacity, quote in BIDDERS:
        user = (
            _user(email, org.split(" ")[0] + " (authorised signatory)", Role.APPLICANT, org)
            if not User.objects.filter(email=email).exists()
            else User.objects.get(email=email)
        )
        if not hasattr(user, "applicant_profile"):
            services.profile_save(
                actor=user,
                name=org,
                entity_type=entity,
                country="IN",
                cin="U27100MH2021PTC123456" if entity == "company" else "",
                pan="AAPFU0939F",
                gstin="",
                net_worth=crore(worth),
                net_worth_as_of=date(2026, 3, 31),
                net_worth_certificate=None,
                members=[MemberShare(n, Decimal(p), lead, c) for n, p, lead, c in members],
            )
        bidders.append((user, capacity, quote))

    if not TenderRound.objects.filter(reference="MHI/REPM/RFP/2026/01").exists():
        _awarded_round(mhi, tc, bidders)
    if not TenderRound.objects.filter(reference="MHI/REPM/RFP/2026/02").exists():
        _open_round(mhi, tc)
    return [f"  TC passphrases for opening round 2: {', '.join(DEMO_PASSPHRASES.values())}"]


def _new_round(mhi: User, tc: list[User], reference: str, title: str, days: int) -> TenderRound:
    notice = _pdf(
        mhi,
        DocumentKind.CORRESPONDENCE,
        f"RFP {reference}",
        "Request for Proposal under S.O. 5800(E): eligibility, DPR contents, "
        "two-envelope submission, timelines.",
    )
    round_ = services.round_create(
        actor=mhi,
        reference=reference,
        title=title,
        description="Global Tender Enquiry for "
        "integrated NdPr oxide to sintered NdFeB magnet capacity (§2.2).",
        submission_deadline=timezone.now() + timedelta(days=days),
        opening_quorum=2,
        tc_members=tc,
        rfp_documents=[notice],
    )
    for member in tc:
        services.seat_set_passphrase(
            actor=member, round_=round_, passphrase=DEMO_PASSPHRASES[member.email]
        )
    return services.round_publish(actor=mhi, round_=round_)


def _awarded_round(mhi: User, tc: list[User], bidders: list[tuple[User, int, str]]) -> None:
    round_ = _new_round(
        mhi, tc, "MHI/REPM/RFP/2026/01", "Sintered NdFeB magnets – round 1 (6,000 MTPA)", days=1
    )
    bids = []
    for user, capacity, quote in bidders:
        dpr = _pdf(
            user,
            DocumentKind.DPR,
            f"DPR {user.organisation}",
            f"{capacity} MTPA integrated plant: oxide-to-metal, strip casting, jet milling, "
            "pressing, sintering, machining, coating.",
        )
        bids.append(
            services.bid_submit(
                actor=user, round_=round_, capacity_mtpa=capacity, dpr=dpr, amount=Decimal(quote)
            )
        )
    # The deadline passes just after the last bid (R-BID-7: every demo bid is in time).
    TenderRound.objects.filter(pk=round_.pk).update(
        submission_deadline=max(b.submitted_at for b in bids)
    )
    services.round_close(actor=mhi, round_=round_)
    for b in bids:
        services.bid_evaluate(
            actor=tc[0],
            bid=b,
            qualified=True,
            reasons="DPR complete; process route and oxide sourcing credible.",
        )
    services.round_open(
        actor=tc[0], round_=round_, presented=[(m, DEMO_PASSPHRASES[m.email]) for m in tc[:2]]
    )
    services.round_rank(actor=tc[1], round_=round_)
    services.lois_issue(actor=mhi, round_=round_)
    l1 = Beneficiary.objects.get(round=round_, rank=1)
    services.pbg_submit(
        actor=l1.user,
        beneficiary=l1,
        bank="State Bank of India, Fort branch, Mumbai",
        number="0999PBG26001",
        amount=l1.pbg_due,
        issued_on=timezone.localdate(),
        valid_until=timezone.localdate() + timedelta(days=5 * 365),
        document=_pdf(
            l1.user,
            DocumentKind.CERTIFICATE,
            "Performance Bank Guarantee",
            "Bank guarantee in favour of the President of India.",
        ),
    )
    services.loa_issue(actor=mhi, beneficiary=l1, loa_date=timezone.localdate())


def _open_round(mhi: User, tc: list[User]) -> None:
    _new_round(
        mhi,
        tc,
        "MHI/REPM/RFP/2026/02",
        "Sintered NdFeB magnets – round 2 (re-tender of unallocated capacity)",
        days=45,
    )
