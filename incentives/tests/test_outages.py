"""Issue 17: a claim whose work is committed reports success though queueing its register check
fails (Redis down); the watchdog queues it later and the page says it will start shortly."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnavailable

from bidding.tests.fixtures import awarded
from incentives import processing, tasks
from incentives.models import ClaimStatus, SLIClaim
from repm_portal.documents.models import DocumentKind
from repm_portal.documents.services import document_upload

HEADER = "invoice_number,invoice_date,buyer_gstin,eway_bill_number,quantity_kg,taxable_value,gst"
GSTIN = "27AAPFU0939F1ZV"  # a valid buyer GSTIN (Maharashtra)


def register_file(user, lines):
    from django.core.files.uploadedfile import SimpleUploadedFile

    body = "\n".join([HEADER, *lines]) + "\n"
    return document_upload(
        owner=user,
        kind=DocumentKind.INVOICE_REGISTER,
        uploaded=SimpleUploadedFile("register.csv", body.encode()),
    )


pytestmark = pytest.mark.django_db


def test_r_sli_8_a_claim_is_filed_though_its_check_cannot_be_queued(
    client, applicant, mhi, monkeypatch, django_capture_on_commit_callbacks, caplog, settings
) -> None:
    b = awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a broker is what goes away, in either mode

    def broker_down(*args: object, **kwargs: object) -> None:
        raise BrokerUnavailable("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.process_register, "delay", broker_down)
    client.force_login(applicant)
    register = register_file(applicant, [f"BM/1,2027-04-02,{GSTIN},111111111111,10,1000.00,0"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("web:claim_file", args=[b.pk]),
            {"period": "FY2027-28-H1", "register_document": register.pk, "declaration": "on"},
        )
    claim = SLIClaim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("web:claim", args=[claim.pk])
    assert (claim.status, claim.processing_heartbeat) == (ClaimStatus.PROCESSING, None)
    page = client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    assert "The check of its invoice register will start shortly" in page
    warnings = [r for r in caplog.records if r.name == "repm_portal.queueing"]
    assert [(r.levelname, r.exc_info) for r in warnings] == [("WARNING", None)]
    assert f"claim {claim.pk}'s check" in warnings[0].getMessage()
    # Once the lease's length has passed without a heartbeat, beat's watchdog queues the check.
    assert processing.registers_stalled() == []
    SLIClaim.objects.filter(pk=claim.pk).update(filed_at=timezone.now() - timedelta(minutes=3))
    assert processing.registers_stalled() == [claim.pk]


def test_a_task_that_fails_eagerly_still_raises(monkeypatch, django_capture_on_commit_callbacks):
    """Only the broker's failures are swallowed: a bug in a task run eagerly is not hidden."""
    from repm_portal.queueing import queue_on_commit

    def bug() -> None:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError), django_capture_on_commit_callbacks(execute=True):
        queue_on_commit(bug, what="a bug")
