"""The tender from publication to Letter of Award, through the services (R-BID-1…12)."""

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bidding import sealing, services
from bidding.models import Beneficiary, Bid, BidStatus, RoundStatus, TenderRound
from bidding.rules import MemberShare
from bidding.tests.fixtures import PASSPHRASES, bid, pass_deadline, pdf
from repm_portal.audit.models import AuditEvent
from repm_portal.audit.selectors import audit_chain_verify
from repm_portal.documents import letters
from repm_portal.documents.models import Document, DocumentKind
from repm_portal.documents.tests.fixtures import tiny_pdf
from repm_portal.errors import NotAllowed, RuleViolation, StateConflict, ValidationFailed
from repm_portal.money import crore

pytestmark = pytest.mark.django_db

QUOTES = {  # applicant → (capacity MTPA, ₹/kg quoted, technically qualified)
    "Bharat Magnetics": (1200, "1200.00", True),
    "Deccan Rare Earth": (700, "1450.50", True),
    "Konkan Sintered": (600, "1500.00", True),
    "Nilgiri Magnets": (1000, "1725.25", True),
    "Sahyadri Alloys": (900, "1980.00", True),
    "Vindhya Magnetics": (600, "2100.00", True),
    "Ganga Metals": (800, "900.00", False),  # the lowest quote, but not qualified
}


@pytest.fixture
def evaluated(open_round, make_applicant, tc_members):
    bids = {}
    for name, (capacity, amount, _q) in QUOTES.items():
        bids[name] = bid(open_round, make_applicant(name), capacity, amount)
    pass_deadline(open_round)
    services.round_close(actor=tc_members[0], round_=open_round)
    for name, b in bids.items():
        qualified = QUOTES[name][2]
        services.bid_evaluate(
            actor=tc_members[1],
            bid=b,
            qualified=qualified,
            reasons="DPR complete" if qualified else "DPR lacks oxide plan",
        )
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.EVALUATED
    return open_round, bids


def present(tc_members, *indices):
    return [(tc_members[i], PASSPHRASES[i]) for i in indices]


def test_r_bid_7_amounts_are_sealed_until_the_opening(evaluated) -> None:
    for b in Bid.objects.all():
        assert b.opened_amount is None and len(b.receipt) == 64
    # every written form of each amount: "1450.50", "1450.5"; (whole ones keep their ".00")
    amounts = {
        f for q in QUOTES.values() for f in (q[1], str(Decimal(q[1]).normalize())) if "." in f
    }
    for event in AuditEvent.objects.all():
        text = json.dumps([event.before, event.after])
        assert not any(a in text for a in amounts), event


def test_r_bid_7_opening_with_m_members_decrypts_qualified_bids_only(evaluated, tc_members):
    round_, bids = evaluated
    record = services.round_open(
        actor=tc_members[0], round_=round_, presented=present(tc_members, 0, 2)
    )
    assert (record.bids_opened, record.receipts_verified) == (6, 6)
    assert set(record.members_present.all()) == {tc_members[0], tc_members[2]}
    for name, b in bids.items():
        b.refresh_from_db()
        if QUOTES[name][2]:
            assert b.opened_amount == Decimal(QUOTES[name][1])
            # anyone can check the receipt from the published amount and salt
            assert sealing.receipt_of(b.reference, b.opened_amount, b.opened_salt) == b.receipt
        else:
            assert b.opened_amount is None and b.opened_salt == ""  # sealed for good
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPENED and round_.opened_at is not None


@pytest.mark.parametrize(
    ("who", "error", "words"),
    [
        ((0,), RuleViolation, "2 TC members must present their shares; 1 did"),
        ((1, 2), ValidationFailed, "You must present your own share"),
    ],
)
def test_r_bid_7_opening_needs_the_quorum_and_the_openers_own_share(
    evaluated, tc_members, who, error, words
) -> None:
    round_, _bids = evaluated
    with pytest.raises(error, match=words):
        services.round_open(actor=tc_members[0], round_=round_, presented=present(tc_members, *who))
    _nothing_opened(round_)


def test_r_bid_7_a_wrong_passphrase_stops_the_opening(evaluated, tc_members) -> None:
    round_, _bids = evaluated
    with pytest.raises(ValidationFailed, match="given for TC Member 2 does not open"):
        services.round_open(
            actor=tc_members[0],
            round_=round_,
            presented=[(tc_members[0], PASSPHRASES[0]), (tc_members[1], "a-wrong-passphrase")],
        )
    _nothing_opened(round_)


def test_r_bid_7_a_tampered_share_stops_the_opening(evaluated, tc_members) -> None:
    round_, _bids = evaluated
    seat = round_.seats.get(member=tc_members[2])
    index, share = sealing.unseal_share(
        bytes(seat.sealed_share), passphrase=PASSPHRASES[2], salt=bytes(seat.custody_salt)
    )
    forged = sealing.seal_share(
        index, bytes([share[0] ^ 0xFF]) + share[1:], custody_public=bytes(seat.custody_public_key)
    )
    type(seat).objects.filter(pk=seat.pk).update(sealed_share=forged)
    with pytest.raises(ValidationFailed, match="do not rebuild the round's key"):
        services.round_open(actor=tc_members[0], round_=round_, presented=present(tc_members, 0, 2))
    _nothing_opened(round_)


def _nothing_opened(round_: TenderRound) -> None:
    round_.refresh_from_db()
    assert round_.status == RoundStatus.EVALUATED and round_.opened_at is None
    assert not Bid.objects.filter(opened_amount__isnull=False).exists()
    assert not AuditEvent.objects.filter(action__in=["round.opened", "bids.opened"]).exists()


def test_r_bid_7_no_opening_before_every_bid_is_evaluated(
    open_round, make_applicant, tc_members
) -> None:
    first = bid(open_round, make_applicant("Bharat Magnetics"), 1200, "1200.00")
    bid(open_round, make_applicant("Deccan Rare Earth"), 700, "1450.50")
    pass_deadline(open_round)
    services.round_close(actor=tc_members[0], round_=open_round)
    services.bid_evaluate(actor=tc_members[0], bid=first, qualified=True, reasons="ok")
    with pytest.raises(StateConflict, match="every technical bid is evaluated"):
        services.round_open(
            actor=tc_members[0], round_=open_round, presented=present(tc_members, 0, 1)
        )


def test_r_bid_7_bids_are_final_at_the_deadline(open_round, make_applicant) -> None:
    applicant = make_applicant("Bharat Magnetics")
    first = bid(open_round, applicant, 1200, "1200.00")
    with pytest.raises(StateConflict, match="already have a live bid"):
        bid(open_round, applicant, 1100, "1100.00")
    second = services.bid_replace(
        actor=applicant,
        bid=first,
        capacity_mtpa=1100,
        dpr=pdf(applicant),
        amount=Decimal("1100.00"),
    )
    first.refresh_from_db()
    assert (first.status, second.status) == (BidStatus.REPLACED, BidStatus.SUBMITTED)
    services.bid_withdraw(actor=applicant, bid=second)
    third = bid(open_round, applicant, 1000, "1000.00")
    pass_deadline(open_round)
    with pytest.raises(StateConflict, match="final after the deadline"):
        services.bid_withdraw(actor=applicant, bid=third)
    with pytest.raises(StateConflict, match="not open for bids"):
        services.bid_replace(
            actor=applicant, bid=third, capacity_mtpa=600, dpr=pdf(applicant), amount=Decimal("900")
        )


def test_a_rival_cannot_touch_anothers_bid(open_round, make_applicant) -> None:
    mine = bid(open_round, make_applicant("Bharat Magnetics"), 1200, "1200.00")
    rival = make_applicant("Deccan Rare Earth")
    with pytest.raises(NotAllowed):
        services.bid_withdraw(actor=rival, bid=mine)
    with pytest.raises(ValidationFailed, match="Detailed Project Report"):
        services.bid_submit(
            actor=rival, round_=open_round, capacity_mtpa=600, dpr=mine.dpr, amount=Decimal("1500")
        )


def test_r_bid_5_net_worth_is_checked_at_submission(open_round, make_applicant) -> None:
    small = make_applicant("Small Magnets", net_worth_cr=200)
    with pytest.raises(RuleViolation, match="at least ₹ 245.00 cr"):
        bid(open_round, small, 700, "1500")
    assert bid(open_round, small, 600, "1500").capacity_mtpa == 600  # ₹180 cr suffices


def _rank(evaluated, tc_members):
    round_, bids = evaluated
    services.round_open(actor=tc_members[0], round_=round_, presented=present(tc_members, 0, 1))
    return round_, bids, services.round_rank(actor=tc_members[1], round_=round_)


def test_r_bid_8_to_12_ranking_and_entitlements(evaluated, tc_members) -> None:
    round_, bids, beneficiaries = _rank(evaluated, tc_members)
    got = [
        (
            b.rank,
            b.user.organisation,
            b.allocated_capacity_mtpa,
            b.quoted_rate,
            b.pbg_due,
            b.sli_cap,
            b.capital_subsidy_cap,
            b.irel_oxide_mtpa,
            b.own_oxide_mtpa,
        )
        for b in beneficiaries
    ]
    assert got == [
        # L1 1,200 MTPA: PBG ₹40 cr, SLI cap ₹1,290 cr, capital ₹150 cr, IREL 200, own 400−200
        (
            1,
            "Bharat Magnetics",
            1200,
            Decimal("1200.00"),
            crore(40),
            crore(1290),
            crore(150),
            Decimal(200),
            Decimal("200.00"),
        ),
        # L2 700 MTPA: ₹30 cr, ₹753 cr, ₹100 cr; IREL 167 of 233.33 → own 66.33
        (
            2,
            "Deccan Rare Earth",
            700,
            Decimal("1450.50"),
            crore(30),
            crore(753),
            crore(100),
            Decimal(167),
            Decimal("66.33"),
        ),
        # L3 600 MTPA: ₹20 cr, ₹645 cr, ₹75 cr; IREL 133 of 200 → own 67
        (
            3,
            "Konkan Sintered",
            600,
            Decimal("1500.00"),
            crore(20),
            crore(645),
            crore(75),
            Decimal(133),
            Decimal("67.00"),
        ),
        # L4 1,000 MTPA: ₹40 cr, ₹1,075 cr, ₹120 cr; no IREL oxide → own 333.33
        (
            4,
            "Nilgiri Magnets",
            1000,
            Decimal("1725.25"),
            crore(40),
            crore(1075),
            crore(120),
            Decimal(0),
            Decimal("333.33"),
        ),
        # L5 900 MTPA: ₹30 cr, ₹968 cr, ₹120 cr; own 300
        (
            5,
            "Sahyadri Alloys",
            900,
            Decimal("1980.00"),
            crore(30),
            crore(968),
            crore(120),
            Decimal(0),
            Decimal("300.00"),
        ),
    ]
    assert sum(b.allocated_capacity_mtpa for b in beneficiaries) == 4400  # ≤ 6,000 (R-BID-9)
    sixth = Bid.objects.get(pk=bids["Vindhya Magnetics"].pk)
    assert (sixth.rank, sixth.selected) == (6, False)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.RANKED


def test_r_bid_8_a_tie_is_flagged_and_the_tc_decides(
    open_round, make_applicant, tc_members
) -> None:
    first = bid(open_round, make_applicant("Bharat Magnetics"), 600, "1500.00")
    second = bid(open_round, make_applicant("Deccan Rare Earth"), 700, "1500.00")
    pass_deadline(open_round)
    services.round_close(actor=tc_members[0], round_=open_round)
    for b in (first, second):
        services.bid_evaluate(actor=tc_members[0], bid=b, qualified=True, reasons="ok")
    services.round_open(actor=tc_members[0], round_=open_round, presented=present(tc_members, 0, 1))
    with pytest.raises(RuleViolation, match="Equal quotes must be resolved"):
        services.round_rank(actor=tc_members[0], round_=open_round)
    services.tie_resolve(
        actor=tc_members[2],
        round_=open_round,
        bid_order=[second.pk, first.pk],
        method="Draw of lots in the TC meeting of 4 Jan 2027",
    )
    ranked = services.round_rank(actor=tc_members[0], round_=open_round)
    assert [(b.rank, b.bid_id) for b in ranked] == [(1, second.pk), (2, first.pk)]
    assert ranked[0].irel_oxide_mtpa == 200  # the tie's winner is L1 and gets L1's oxide


def test_r_bid_11_loi_pbg_spv_then_loa(evaluated, tc_members, mhi) -> None:
    round_, _bids, _beneficiaries = _rank(evaluated, tc_members)
    services.lois_issue(actor=mhi, round_=round_)
    l1 = Beneficiary.objects.get(rank=1)
    assert l1.loi_document.content_type == "application/pdf"
    scan = pdf(l1.user, DocumentKind.CERTIFICATE, "pbg.pdf")
    with pytest.raises(RuleViolation, match="needs ₹ 40.00 cr"):
        services.pbg_submit(
            actor=l1.user,
            beneficiary=l1,
            bank="State Bank of India, Mumbai",
            number="PBG/1",
            amount=crore("39.99"),
            issued_on=date(2027, 1, 5),
            valid_until=date(2030, 12, 31),
            document=scan,
        )
    with pytest.raises(StateConflict, match="follows the Performance Bank Guarantee"):
        services.loa_issue(actor=mhi, beneficiary=l1, loa_date=date(2027, 2, 1))
    services.pbg_submit(
        actor=l1.user,
        beneficiary=l1,
        bank="State Bank of India, Mumbai",
        number="PBG/1",
        amount=crore(40),
        issued_on=date(2027, 1, 5),
        valid_until=timezone.localdate() + timedelta(days=4 * 365),
        document=scan,
    )
    awarded = services.loa_issue(actor=mhi, beneficiary=l1, loa_date=date(2027, 2, 1))
    assert awarded.status == "awarded" and awarded.loa_date == date(2027, 2, 1)
    assert awarded.loa_document.size > 1000
    assert audit_chain_verify().ok


def consortium_with_pbg(open_round, make_applicant, tc_members, mhi):
    """A consortium selected alone in ``open_round``, its guarantee in, its SPV not yet formed."""
    consortium = make_applicant(
        "Indo-German Magnet Consortium",
        entity="consortium",
        members=[
            MemberShare("Bharat Magnetics", Decimal("51"), True, "IN"),
            MemberShare("Magnetwerk GmbH", Decimal("49"), False, "DE"),
        ],
    )
    only = bid(open_round, consortium, 800, "1600.00")
    pass_deadline(open_round)
    services.round_close(actor=mhi, round_=open_round)
    services.bid_evaluate(actor=tc_members[0], bid=only, qualified=True, reasons="ok")
    services.round_open(actor=tc_members[0], round_=open_round, presented=present(tc_members, 0, 1))
    [beneficiary] = services.round_rank(actor=tc_members[0], round_=open_round)
    assert beneficiary.needs_spv
    services.lois_issue(actor=mhi, round_=open_round)
    services.pbg_submit(
        actor=consortium,
        beneficiary=beneficiary,
        bank="Canara Bank, Pune",
        number="CB-77",
        amount=crore(30),
        issued_on=date(2027, 1, 5),
        valid_until=timezone.localdate() + timedelta(days=1000),
        document=pdf(consortium, DocumentKind.CERTIFICATE, "pbg.pdf"),
    )
    return consortium, beneficiary


def spv(consortium, beneficiary, name: str) -> None:
    services.spv_record(
        actor=consortium,
        beneficiary=beneficiary,
        name=name,
        cin="U27100MH2026PTC412345",
        incorporated_on=date(2027, 1, 20),
    )


def test_r_bid_3_a_consortium_forms_an_spv_before_the_loa(
    open_round, make_applicant, tc_members, mhi
) -> None:
    consortium, beneficiary = consortium_with_pbg(open_round, make_applicant, tc_members, mhi)
    with pytest.raises(RuleViolation, match="SPV must be formed"):
        services.loa_issue(actor=mhi, beneficiary=beneficiary, loa_date=date(2027, 2, 1))
    spv(consortium, beneficiary, "Indo-German Magnets Pvt Ltd")
    services.loa_issue(actor=mhi, beneficiary=beneficiary, loa_date=date(2027, 2, 1))
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.AWARDED


def test_r_bid_3_the_loa_names_the_spv_as_corrected_while_the_letter_rendered(
    open_round, make_applicant, tc_members, mhi, monkeypatch
) -> None:
    """The letter is rendered before the beneficiary is locked; the SPV's name corrected
    meanwhile is seen under the lock, and the letter rendered again with it."""
    consortium, beneficiary = consortium_with_pbg(open_round, make_applicant, tc_members, mhi)
    spv(consortium, beneficiary, "Indo-German Magnets Pvt Ltd")
    named: list[str] = []
    real_render = letters.pdf_render

    def render(template: str, context: dict) -> bytes:
        named.append(context["b"].spv_name)
        if len(named) == 1:
            spv(consortium, beneficiary, "Indo-German Magnets India Pvt Ltd")
        return real_render(template, context)

    monkeypatch.setattr(letters, "pdf_render", render)
    awarded = services.loa_issue(actor=mhi, beneficiary=beneficiary, loa_date=date(2027, 2, 1))
    assert named == ["Indo-German Magnets Pvt Ltd", "Indo-German Magnets India Pvt Ltd"]
    assert awarded.spv_name == "Indo-German Magnets India Pvt Ltd"
    assert Document.objects.filter(title="Letter of Award").count() == 1
    assert awarded.milestones.count() == 3  # the award's hook started the clocks (R-MS-1…3)


def test_r_bid_11_letters_keep_trying_only_a_few_times_when_the_facts_keep_moving(
    open_round, make_applicant, tc_members, mhi, monkeypatch
) -> None:
    consortium, beneficiary = consortium_with_pbg(open_round, make_applicant, tc_members, mhi)
    spv(consortium, beneficiary, "Name 0")
    renders: list[str] = []

    def render(template: str, context: dict) -> bytes:
        renders.append(context["b"].spv_name)
        spv(consortium, beneficiary, f"Name {len(renders)}")
        return tiny_pdf("never stored")  # signed like any letter, then dropped

    monkeypatch.setattr(letters, "pdf_render", render)
    with pytest.raises(StateConflict, match="changed while its letter was prepared"):
        services.loa_issue(actor=mhi, beneficiary=beneficiary, loa_date=date(2027, 2, 1))
    assert renders == ["Name 0", "Name 1", "Name 2"]
    assert Beneficiary.objects.get(pk=beneficiary.pk).status == "pbg_received"
    assert not Document.objects.filter(title="Letter of Award").exists()


def test_each_step_notifies_in_the_portal_and_by_email(
    evaluated, tc_members, mhi, mailoutbox, django_capture_on_commit_callbacks, tasks_run_here
):
    from repm_portal.notifications.models import Notification

    round_, bids = evaluated
    applicant = bids["Bharat Magnetics"].applicant
    titles = list(Notification.objects.filter(user=applicant).values_list("title", flat=True))
    assert f"Bid {bids['Bharat Magnetics'].reference} sealed" in titles
    assert any(t.startswith("Technical evaluation of bid") for t in titles)
    assert Notification.objects.filter(
        user=tc_members[0], title__startswith="Evaluate the technical bids"
    ).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.round_open(actor=tc_members[0], round_=round_, presented=present(tc_members, 0, 1))
        services.round_rank(actor=tc_members[0], round_=round_)
        services.lois_issue(actor=mhi, round_=round_)
    l1 = Beneficiary.objects.get(rank=1)
    loi = Notification.objects.get(user=l1.user, title="Letter of Intent issued")
    assert "₹ 40.00 cr" in loi.body and loi.url == f"/beneficiaries/{l1.pk}/"
    assert any(
        m.subject == "Letter of Intent issued" and m.to == [l1.user.email] for m in mailoutbox
    )
    # the sealed amounts never went out by e-mail before the opening either
    assert not any("1450.50" in m.body for m in mailoutbox if "opened" not in m.subject)


def test_home_pages_list_what_the_tender_asks_next(
    client, open_round, make_applicant, tc_members, mhi
) -> None:
    applicant = make_applicant("Bharat Magnetics")
    client.force_login(applicant)
    assert f"Bid in {open_round.reference}" in client.get("/").content.decode()
    bid(open_round, applicant, 1200, "1200.00")
    assert f"Bid in {open_round.reference}" not in client.get("/").content.decode()
    pass_deadline(open_round)
    client.force_login(mhi)
    assert f"Close {open_round.reference}" in client.get("/").content.decode()
    services.round_close(actor=mhi, round_=open_round)
    client.force_login(tc_members[1])
    page = client.get("/").content.decode()
    assert f"Evaluate the technical bids of {open_round.reference}" in page
    assert "1 bid is not evaluated yet." in page
