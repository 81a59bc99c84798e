"""Issue 17, the Redis drill: a Redis of the test's own is restarted (losing all it held) in the
middle of a register check and of sign-ins. The worker rides it out and the check finishes with
the undisturbed result, computed once; no sign-in answers 500 and the lockout holds."""

from __future__ import annotations

import time
import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from bidding.tests.fixtures import awarded
from incentives import services, tasks
from incentives.models import ClaimStatus, SLIClaim
from repm_portal.audit.models import AuditCheck, AuditEvent
from repm_portal.audit.tasks import audit_verify_chain
from repm_portal.documents.models import DocumentKind
from repm_portal.documents.services import document_upload
from tests.factories import PASSWORD
from tests.service.servers import OwnRedis
from tests.waiting import wait_until
from tests.worker import start_celery_worker, stop

pytestmark = [
    pytest.mark.redis,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]
ROWS = 200_000  # long enough that the restart lands mid-check
HEADER = "invoice_number,invoice_date,buyer_gstin,eway_bill_number,quantity_kg,taxable_value,gst"
GSTIN = "27AAPFU0939F1ZV"
WORKER_OPTIONS = ("--without-gossip", "--without-mingle")  # as docker-compose.yml's worker


def register(user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    # Each row 2.5 kg at ₹5,000.00 taxable; every 1,000th row repeats the e-way bill before it.
    rows = (
        f"BM/{i:06d},2025-11-{1 + i % 28:02d},{GSTIN},"
        f"{(100000000000 + (i - 1 if i % 1000 == 0 else i)):012d},2.5,5000.00,900.00"
        for i in range(1, ROWS + 1)
    )
    body = HEADER + "\n" + "\n".join(rows) + "\n"
    return document_upload(
        owner=user,
        kind=DocumentKind.INVOICE_REGISTER,
        uploaded=SimpleUploadedFile("register.csv", body.encode()),
    )


@pytest.fixture
def own_redis(tmp_path, settings):
    """A Redis of the test's own; the web client's cache (throttles) points at it too."""
    server = OwnRedis(tmp_path)
    server.start()
    settings.CACHES = {
        **settings.CACHES,  # as deployed: the template fragments stay in the process's memory
        "default": {
            "BACKEND": "repm_portal.cache.RedisCache",
            "LOCATION": server.url,
            "KEY_PREFIX": "drill",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        },
    }
    yield server
    server.stop()


def sign_ins(api: APIClient, web, good, bad) -> list[int]:
    """One round of sign-ins: a right password and a wrong one, on the API and the web page."""
    return [
        api.post("/api/v1/auth/token/", {"email": good.email, "password": PASSWORD}).status_code,
        api.post("/api/v1/auth/token/", {"email": bad.email, "password": "wrong"}).status_code,
        web.post(reverse("web:login"), {"username": good.email, "password": PASSWORD}).status_code,
    ]


def test_a_redis_restart_mid_check_and_mid_sign_in_changes_nothing(
    own_redis, tmp_path, applicant, rival, mhi, monkeypatch, client
) -> None:
    b = awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    b.quoted_rate = Decimal("1500.00")
    b.save(update_fields=["quoted_rate"])
    monkeypatch.setattr(tasks.process_register, "delay", lambda *a: None)  # sent below instead
    claim = services.sli_claim_file(
        actor=applicant,
        beneficiary=b,
        period="FY2025-26-H2",  # ended: the worker runs on the real clock
        declaration=True,
        register_document=register(applicant),
    )
    queue = f"redis-drill-{uuid.uuid4().hex[:8]}"
    log = tmp_path / "worker.log"
    # As deployed (docker-compose.yml's worker): the task runs in a child process (prefork),
    # the main process holds Redis; no gossip or mingle (see the compose file).
    worker = start_celery_worker(
        queue, log, broker=own_redis.url, pool="prefork", options=WORKER_OPTIONS
    )
    from repm_portal.celery import app

    try:
        with app.connection_for_write(own_redis.url) as connection:
            tasks.process_register.apply_async(  # type: ignore[call-arg]
                args=[claim.pk], queue=queue, connection=connection
            )
        wait_until(
            lambda: SLIClaim.objects.get(pk=claim.pk).rows_done >= 2000, 60, "the check to start"
        )
        api, statuses = APIClient(), []
        statuses += sign_ins(api, client, rival, applicant)

        own_redis.stop()  # the broker, the results and the throttles' counts go
        started = time.monotonic()
        assert SLIClaim.objects.get(pk=claim.pk).status == ClaimStatus.PROCESSING  # mid-check
        rounds = 0
        while time.monotonic() - started < 3 or rounds < 2:  # sign-ins during the outage
            statuses += sign_ins(api, client, rival, applicant)
            rounds += 1
        own_redis.start()
        while len(statuses) < 3 * 6:  # and after: six rounds in all, past the lockout's five
            statuses += sign_ins(api, client, rival, applicant)

        wait_until(
            lambda: SLIClaim.objects.get(pk=claim.pk).status != ClaimStatus.PROCESSING,
            120,
            "the check to finish after the restart",
            every=0.5,
        )
        assert worker.poll() is None, log.read_text()[-3000:]
        # The worker is connected again: it takes a task from the new Redis.
        with app.connection_for_write(own_redis.url) as connection:
            audit_verify_chain.apply_async(queue=queue, connection=connection)  # type: ignore[call-arg]
        wait_until(AuditCheck.objects.exists, 30, "a task sent after the restart to run")
        # The worker saw the outage. A worker busy with the check notices the lost connection
        # only when it next reads the queue, which may come after the check's result is saved.
        wait_until(
            lambda: "Connection to broker lost" in log.read_text(),
            30,
            "the worker to log the lost broker",
            details=lambda: log.read_text()[-3000:],
        )
        assert "Unrecoverable error" not in log.read_text()
    finally:
        stop(worker)

    # No request answered 500: right passwords pass (200, the page redirects 302); the wrong
    # ones are refused (401) until the fifth locks the account out (429), outage or not.
    assert 500 not in statuses and set(statuses) <= {200, 302, 401, 429}, statuses
    wrong = statuses[1::3]
    assert wrong == [401, 401, 401, 401] + [429] * (len(wrong) - 4), wrong
    assert set(statuses[0::3]) == {200} and set(statuses[2::3]) == {302}, statuses

    done = SLIClaim.objects.get(pk=claim.pk)
    # Undisturbed: 2,00,000 rows − 200 repeats = 1,99,800 invoices of 2.5 kg = 4,99,500 kg and
    # ₹99,90,00,000.00 of turnover; gross 4,99,500 × ₹1,500 = ₹74,92,50,000.00; 40 % of the
    # turnover = ₹39,96,00,000.00 → the turnover cap binds.
    assert done.status == ClaimStatus.SUBMITTED, done.register_error
    assert (done.invoices.count(), done.rejected.count()) == (199_800, 200)
    assert done.eligible_quantity_kg == Decimal("499500.000")
    assert done.net_turnover == Decimal("999000000.00")
    assert (done.payable, done.binding_cap) == (Decimal("399600000.00"), "turnover_cap")
    # Computed once: a second run (the watchdog's) would have found the lease taken or the
    # claim no longer processing.
    computed = AuditEvent.objects.filter(action="claim.computed", object_id=str(claim.pk))
    assert computed.count() == 1
