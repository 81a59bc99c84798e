"""The claim page follows the register's check by itself (HTMX), and the check runs off the
request in embedded mode as in service mode (R-SLI-8)."""

import threading
from datetime import date

import pytest
from django.urls import reverse

from bidding.tests.fixtures import awarded
from incentives import processing
from incentives.models import ClaimStatus, RejectedRow, SLIClaim
from incentives.tests.factories import SLIClaimFactory
from incentives.tests.fixtures import GSTIN, register_file
from repm_portal import background

pytestmark = pytest.mark.django_db


@pytest.fixture
def b(applicant, mhi):
    return awarded(applicant, capacity=600, loa_date=date(2027, 2, 1), mhi=mhi)


def file(client, b, rows: list[str], capture):
    with capture(execute=True):  # the commit's callbacks: the register's check is queued
        return client.post(
            reverse("web:claim_file", args=[b.pk]),
            {
                "period": "FY2027-28-H1",
                "register_document": register_file(b.user, rows).pk,
                "declaration": "on",
            },
        )


def test_the_bar_never_reads_0_of_about_0_rows(client, b) -> None:
    claim = SLIClaimFactory.create(beneficiary=b, status=ClaimStatus.PROCESSING)
    client.force_login(b.user)
    fragment = client.get(reverse("web:claim", args=[claim.pk]), HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "of about 0 rows" not in text
    assert "will start shortly; this page follows it" in text
    assert 'hx-trigger="every 1s"' in text
    SLIClaim.objects.filter(pk=claim.pk).update(rows_total=3002, rows_done=1500)
    text = client.get(reverse("web:claim", args=[claim.pk]), HTTP_HX_REQUEST="true").content
    assert "Checking the invoice register: 1,500 of about 3,002 rows…" in text.decode()


def test_r_sli_8_when_the_check_ends_the_fragment_brings_status_computation_and_rejections(
    client, b, django_capture_on_commit_callbacks, tasks_run_here
) -> None:
    client.force_login(b.user)
    file(
        client,
        b,
        [
            f"BM/1,2027-04-02,{GSTIN},111111111111,10,1000.00,0",
            f"BM/2,2027-10-02,{GSTIN},111111111112,10,1000.00,0",
        ],
        django_capture_on_commit_callbacks,
    )
    claim = SLIClaim.objects.get()
    fragment = client.get(reverse("web:claim", args=[claim.pk]), HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "<html" not in text and 'id="claim-live"' in text
    assert "hx-trigger" not in text  # done: it stops polling
    assert "<strong>Submitted</strong>" in text
    assert "Payable (the least)" in text and "₹400.00" in text  # 40 % of ₹1,000 binds
    assert "The 1 rejected row" in text


def test_the_first_50_rejected_rows_say_how_many_there_are(
    client, b, django_capture_on_commit_callbacks, tasks_run_here
) -> None:
    client.force_login(b.user)
    file(
        client,
        b,
        [f"BM/1,2027-04-02,{GSTIN},111111111111,10,1000.00,0"],
        django_capture_on_commit_callbacks,
    )
    claim = SLIClaim.objects.get()
    RejectedRow.objects.bulk_create(
        RejectedRow(claim=claim, row_number=10 + i, invoice_number=f"X{i}", reason="bad")
        for i in range(53)
    )
    SLIClaim.objects.filter(pk=claim.pk).update(rows_rejected=53)
    page = client.get(reverse("web:claim", args=[claim.pk])).content.decode()
    assert "The first 50 of 53 rejected rows" in page
    assert 'class="table-responsive" tabindex="0" role="region"' in page


def test_the_message_after_filing_tells_where_the_check_stands(b) -> None:
    from django.contrib import messages

    from incentives.views import _filed_message

    claim = SLIClaimFactory.create(beneficiary=b, status=ClaimStatus.PROCESSING)
    level, text = _filed_message(claim)
    assert level == messages.SUCCESS and "Its invoice register is being checked" in text
    SLIClaim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.SUBMITTED, rows_total=3002, rows_rejected=2
    )
    assert _filed_message(claim) == (
        messages.SUCCESS,
        "Claim filed and its invoice register checked: 3,002 rows, 2 rejected.",
    )
    SLIClaim.objects.filter(pk=claim.pk).update(
        status=ClaimStatus.REGISTER_FAILED, register_error="row 1 has no invoice_date column"
    )
    assert _filed_message(claim) == (
        messages.ERROR,
        "Claim filed, but its invoice register could not be read: row 1 has no invoice_date column",
    )


def test_filing_queues_the_check_off_the_request(
    client, b, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    queued: list[tuple] = []
    monkeypatch.setattr(
        "incentives.services.run_off_request", lambda task, *args: queued.append(args)
    )
    client.force_login(b.user)
    response = file(
        client,
        b,
        [f"BM/1,2027-04-02,{GSTIN},111111111111,10,1000.00,0"],
        django_capture_on_commit_callbacks,
    )
    claim = SLIClaim.objects.get()
    assert response.status_code == 302
    assert queued == [(claim.pk,)]
    assert claim.status == ClaimStatus.PROCESSING
    processing.register_process(claim_id=claim.pk)


class _Task:
    name = "test.wait"

    def __init__(self) -> None:
        self.release = threading.Event()
        self.ran_in: list[str] = []

    def apply(self, args, throw):
        self.release.wait(timeout=30)
        self.ran_in.append(threading.current_thread().name)


def test_embedded_mode_runs_the_task_off_the_request_on_a_local_queue(settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMBEDDED_BACKGROUND = True
    task = _Task()
    future = background.run_off_request(task, 1)
    assert future is not None and not future.done()  # the caller went on; the task waits
    task.release.set()
    future.result(timeout=30)
    assert task.ran_in[0].startswith("repm-background")


def test_without_the_local_queue_the_task_runs_in_the_callers_thread(settings) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.EMBEDDED_BACKGROUND = False
    task = _Task()
    task.release.set()
    assert background.run_off_request(task, 1) is None
    assert task.ran_in == [threading.current_thread().name]
