"""R-BID-7 against the real database: no dump, log or cache holds a sealed amount before the
opening, and racing requests leave one consistent outcome (threads on PostgreSQL)."""

import logging
import os
import subprocess
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from bidding import services
from bidding.models import Bid, BidStatus, OpeningRecord, RoundStatus, TenderRound
from bidding.tests.fixtures import PASSPHRASES, bid, pass_deadline, pdf
from repm_portal.audit.models import AuditEvent
from repm_portal.errors import DomainError, StateConflict
from tests.threads import run_together
from tests.waiting import wait_until

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SECRET_QUOTES = ["1234.56", "1987.65", "2049.99"]


def forms(amount: str) -> set[str]:
    return {amount, str(Decimal(amount).normalize()), f"{Decimal(amount):,}"}


def pg_dump() -> str:
    db = connection.settings_dict
    env = dict(os.environ, PGPASSWORD=db["PASSWORD"] or "")
    return subprocess.run(
        [
            "pg_dump",
            "--no-owner",
            "-h",
            db["HOST"] or "127.0.0.1",
            "-p",
            str(db["PORT"] or 5432),
            "-U",
            db["USER"],
            db["NAME"],
        ],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout


def test_r_bid_7_no_dump_log_or_cache_holds_an_amount(open_round, make_applicant, caplog):
    connection.force_debug_cursor = True  # log every SQL statement, parameters included
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    try:
        bids = [
            bid(open_round, make_applicant(f"Applicant {i}"), 600 + 100 * i, amount)
            for i, amount in enumerate(SECRET_QUOTES)
        ]
    finally:
        connection.force_debug_cursor = False
    dump = pg_dump()
    assert all(b.receipt in dump for b in bids)  # it is the right database
    assert "bid.submitted" in dump
    logs = "\n".join(f"{r.getMessage()} {r.args!r}" for r in caplog.records)
    assert 'INSERT INTO "bidding_bid"' in logs  # the SQL was logged…
    for amount in SECRET_QUOTES:
        for text in forms(amount):
            assert text not in dump, f"{text} found in pg_dump"
            assert text not in logs, f"{text} found in the logs"
    if settings.REDIS_URL:
        import redis

        store = redis.Redis.from_url(settings.REDIS_URL)
        values = b" ".join(store.dump(k) or b"" for k in store.scan_iter(count=1000))
        assert not any(a.encode() in values for a in SECRET_QUOTES)


def test_a_double_submission_leaves_one_live_bid(open_round, make_applicant) -> None:
    applicant = make_applicant("Bharat Magnetics")
    dprs = [pdf(applicant), pdf(applicant)]
    results = run_together(
        *[
            lambda d=d: services.bid_submit(
                actor=applicant,
                round_=open_round,
                capacity_mtpa=1200,
                dpr=d,
                amount=Decimal("1200.00"),
            )
            for d in dprs
        ]
    )
    assert sum(isinstance(r, Bid) for r in results) == 1
    assert sum(isinstance(r, StateConflict) for r in results) == 1
    assert Bid.objects.filter(applicant=applicant, status=BidStatus.SUBMITTED).count() == 1


def test_submissions_racing_the_deadline_are_in_or_out_never_after(
    open_round, make_applicant, tc_members
) -> None:
    applicants = [make_applicant(f"Racer {i}") for i in range(6)]
    dprs = {a.pk: pdf(a) for a in applicants}
    deadline = timezone.now() + timedelta(seconds=1.5)
    TenderRound.objects.filter(pk=open_round.pk).update(submission_deadline=deadline)

    def submit(applicant, at):
        # The scenario itself: each bid is sent at its own instant, from 0.3 s before the
        # deadline to 0.2 s after it, while the round is being closed.
        time.sleep(max(0.0, (at - timezone.now()).total_seconds()))
        return services.bid_submit(
            actor=applicant,
            round_=open_round,
            capacity_mtpa=600,
            dpr=dprs[applicant.pk],
            amount=Decimal("1500.00"),
        )

    def close():
        closed = []

        def try_close() -> bool:
            try:
                closed.append(services.round_close(actor=tc_members[0], round_=open_round))
            except StateConflict:  # the deadline has not passed yet
                return False
            return True

        wait_until(try_close, 10, "the round to close once its deadline passed")
        return closed[0]

    calls = [
        lambda a=a, i=i: submit(a, deadline + timedelta(seconds=-0.3 + 0.1 * i))
        for i, a in enumerate(applicants)
    ]
    results = run_together(*calls, close)
    accepted = [r for r in results[:-1] if isinstance(r, Bid)]
    refused = [r for r in results[:-1] if isinstance(r, DomainError)]
    assert len(accepted) + len(refused) == 6
    assert all(b.submitted_at <= deadline for b in accepted)
    assert all("not open for bids" in r.message for r in refused)
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.CLOSED
    assert Bid.objects.filter(round=open_round).count() == len(accepted)
    closed_at = AuditEvent.objects.get(action="round.closed").at
    assert all(b.submitted_at < closed_at for b in accepted)


def test_two_tc_members_opening_at_once_open_once(open_round, make_applicant, tc_members):
    bids = [
        bid(open_round, make_applicant(f"Applicant {i}"), 600, q)
        for i, q in enumerate(SECRET_QUOTES)
    ]
    pass_deadline(open_round)
    services.round_close(actor=tc_members[0], round_=open_round)
    for b in bids:
        services.bid_evaluate(actor=tc_members[0], bid=b, qualified=True, reasons="ok")
    shares = [(m, PASSPHRASES[i]) for i, m in enumerate(tc_members)]
    results = run_together(
        *[
            lambda: services.round_open(
                actor=tc_members[0], round_=open_round, presented=shares[:2]
            ),
            lambda: services.round_open(
                actor=tc_members[2], round_=open_round, presented=shares[1:]
            ),
        ]
    )
    assert sum(isinstance(r, OpeningRecord) for r in results) == 1
    assert sum(isinstance(r, StateConflict) for r in results) == 1
    assert OpeningRecord.objects.count() == 1
    assert AuditEvent.objects.filter(action="round.opened").count() == 1
    assert sorted(Bid.objects.values_list("opened_amount", flat=True)) == [
        Decimal(q) for q in SECRET_QUOTES
    ]
