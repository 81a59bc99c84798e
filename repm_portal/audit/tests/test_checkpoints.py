"""R-ACL-4: signed checkpoints kept outside the database catch the two tampers the chain alone
cannot: a rollback of the tail with an old head put back, and a wipe of the whole trail.

The tamper tests act as a database superuser would (raw SQL, the append-only trigger lifted with
``repm.audit_purge``), on PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from repm_portal.audit.chain import event_hash, fields_of, head_mac
from repm_portal.audit.checkpoints import checkpoint_parse, checkpoints_read
from repm_portal.audit.models import GENESIS_HASH, AuditCheck, AuditEvent, AuditHead
from repm_portal.audit.selectors import audit_chain_verify
from repm_portal.audit.services import (
    AuditTrailBroken,
    audit_checkpoint_mail,
    audit_checkpoint_write,
    audit_record,
)
from repm_portal.celery import app

pytestmark = pytest.mark.django_db


def _write(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # as the superuser would: lift the trigger
            cursor.execute("SET LOCAL repm.audit_purge = 'on'")
        cursor.execute(sql, params)


def _events(user, n: int, start: int = 1) -> list[AuditEvent]:
    return [
        audit_record(actor=user, action=f"test.step{i}", obj=user, after={"n": i})
        for i in range(start, start + n)
    ]


def _lines() -> list[dict[str, object]]:
    path = Path(settings.AUDIT_CHECKPOINT_PATH)
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def test_r_acl_4_a_checkpoint_signs_the_heads_entry_and_hash(applicant) -> None:
    events = _events(applicant, 5)
    point = audit_checkpoint_write()
    assert point is not None and (point.seq, point.hash) == (5, events[-1].hash)
    assert [(line["seq"], line["hash"]) for line in _lines()] == [(5, events[-1].hash)]
    assert checkpoint_parse(point.line()) == point
    # nothing new: no new line (the task may run twice)
    assert audit_checkpoint_write() == point
    assert len(_lines()) == 1
    sixth = _events(applicant, 1, start=6)[0]
    audit_checkpoint_write()
    assert [line["seq"] for line in _lines()] == [5, 6]
    assert _lines()[1]["hash"] == sixth.hash
    assert audit_chain_verify().ok


def test_r_acl_4_audit_verify_leaves_a_checkpoint(applicant, capsys) -> None:
    _events(applicant, 3)
    call_command("audit_verify")
    assert "intact: 3 entries" in capsys.readouterr().out
    assert [line["seq"] for line in _lines()] == [3]


def test_r_acl_4_a_checkpoint_signed_with_another_key_is_not_one(applicant, settings) -> None:
    _events(applicant, 2)
    point = audit_checkpoint_write()
    assert point is not None
    settings.AUDIT_CHECKPOINT_KEY = "another key"
    assert checkpoint_parse(point.line()) is None


def test_r_acl_4_an_edited_checkpoint_file_is_detected(applicant) -> None:
    _events(applicant, 4)
    audit_checkpoint_write()
    path = Path(settings.AUDIT_CHECKPOINT_PATH)
    line = _lines()[0]
    path.write_text(json.dumps(dict(line, seq=2)) + "\n")  # "the chain was only at 2"
    report = audit_chain_verify()
    assert not report.ok
    assert "Line 1 of the checkpoint file" in report.reason and "edited" in report.reason


def test_r_acl_4_a_fresh_database_starts_at_genesis() -> None:
    head = AuditHead.objects.get()  # created by migration 0003
    assert (head.last_seq, head.last_hash, head.mac) == (0, GENESIS_HASH, head_mac(0, GENESIS_HASH))
    assert audit_chain_verify().ok
    AuditHead.objects.all().delete()  # an emptied test database: no entries, no checkpoints
    event = audit_record(actor=None, action="test.first")
    assert (event.seq, event.prev_hash) == (1, GENESIS_HASH)
    assert audit_chain_verify().ok


def test_r_acl_4_a_missing_head_is_never_a_new_genesis_when_entries_exist(applicant) -> None:
    _events(applicant, 2)
    _write("DELETE FROM audit_audithead")
    with pytest.raises(AuditTrailBroken, match="head record is missing"):
        audit_record(actor=applicant, action="test.after")
    assert AuditEvent.objects.count() == 2


def test_r_acl_4_the_daily_mail_carries_a_checkpoint_the_command_checks(
    applicant, settings, mailoutbox, capsys
) -> None:
    settings.AUDIT_OFFICER_EMAIL = "audit.officer@mhi.gov.in"
    events = _events(applicant, 5)
    point = audit_checkpoint_mail()
    assert point is not None and point.seq == 5
    [mail] = mailoutbox
    assert mail.to == ["audit.officer@mhi.gov.in"]
    assert "entry 5" in mail.subject
    assert point.line() in mail.body and events[-1].hash in mail.body
    # the e-mailed line is enough even if the file is lost
    Path(settings.AUDIT_CHECKPOINT_PATH).unlink()
    call_command("audit_verify", checkpoint=[point.line()])
    assert "intact: 5 entries" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Not a checkpoint signed"):
        call_command("audit_verify", checkpoint=[point.line().replace('"seq":5', '"seq":4')])


def test_r_acl_4_no_officer_address_no_mail(applicant, settings, mailoutbox) -> None:
    settings.AUDIT_OFFICER_EMAIL = ""
    _events(applicant, 1)
    assert audit_checkpoint_mail() is None
    assert mailoutbox == []


def test_r_acl_4_checkpoints_are_on_the_beat_schedule() -> None:
    schedule = {entry["task"]: entry["schedule"] for entry in app.conf.beat_schedule.values()}
    assert schedule["audit.checkpoint"] == crontab(minute="*/15")
    assert schedule["audit.mail_checkpoint"] == crontab(hour=7, minute=0)


# --- The two tampers, as a superuser would do them ------------------------------------------


@pytest.mark.postgres
def test_r_acl_4_rollback_of_the_tail_with_the_old_head_restored_is_detected(
    applicant, settings, tmp_path
) -> None:
    _events(applicant, 3)
    old_head = AuditHead.objects.values_list("last_seq", "last_hash", "mac").get()
    _events(applicant, 2, start=4)
    audit_checkpoint_write()  # the 15-minute checkpoint: entry 5
    # the tamperer deletes entries 4 and 5 and puts back the head as it was at entry 3
    _write("DELETE FROM audit_auditevent WHERE seq > 3")
    _write(
        "UPDATE audit_audithead SET last_seq = %s, last_hash = %s, mac = %s WHERE id = 1",
        *old_head,
    )
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq, report.checked) == (False, 4, 3)
    assert "ends at entry 3 but a checkpoint" in report.reason
    assert "records entry 5" in report.reason and "rolled back" in report.reason
    with pytest.raises(CommandError, match="broken at entry 4"):
        call_command("audit_verify")
    # the checkpoint task refuses to anchor the rolled-back head
    assert audit_checkpoint_write() is None
    assert [line["seq"] for line in _lines()] == [5]
    assert "rolled back" in AuditCheck.objects.order_by("-id").first().reason
    # without the checkpoint (the file out of the tamperer's reach) the chain alone passes
    settings.AUDIT_CHECKPOINT_PATH = tmp_path / "none.log"
    assert audit_chain_verify().ok


@pytest.mark.postgres
def test_r_acl_4_wipe_is_detected_and_never_starts_a_new_genesis(applicant) -> None:
    _events(applicant, 5)
    audit_checkpoint_write()
    _write("DELETE FROM audit_auditevent")
    _write("DELETE FROM audit_audithead")
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq) == (False, 1)
    assert "trail is empty but a checkpoint" in report.reason and "wiped" in report.reason
    # the next state change does not start a fresh chain that would pass
    with pytest.raises(AuditTrailBroken, match="head record is missing"):
        audit_record(actor=applicant, action="test.after_wipe")
    assert not AuditEvent.objects.exists() and not AuditHead.objects.exists()
    # nor does a genesis head put back from an old dump
    _write(
        "INSERT INTO audit_audithead (id, last_seq, last_hash, mac) VALUES (1, 0, %s, %s)",
        GENESIS_HASH,
        head_mac(0, GENESIS_HASH),
    )
    assert "wiped" in audit_chain_verify().reason
    with pytest.raises(AuditTrailBroken, match="records entry 5"):
        audit_record(actor=applicant, action="test.after_wipe")
    with pytest.raises(CommandError, match="broken at entry 1"):
        call_command("audit_verify")


@pytest.mark.postgres
def test_r_acl_4_a_chain_rewritten_with_the_key_differs_from_its_checkpoint(applicant) -> None:
    _events(applicant, 5)
    audit_checkpoint_write()
    # someone holding the chain's HMAC key rewrites entry 3 and re-signs everything after it
    prev = AuditEvent.objects.get(seq=2).hash
    for event in AuditEvent.objects.filter(seq__gte=3).order_by("seq"):
        event.prev_hash = prev
        if event.seq == 3:
            event.after = {"n": 999}
        event.hash = event_hash(fields_of(event))
        _write(
            "UPDATE audit_auditevent SET after = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            json.dumps(event.after),
            event.prev_hash,
            event.hash,
            event.seq,
        )
        prev = event.hash
    _write(
        "UPDATE audit_audithead SET last_hash = %s, mac = %s WHERE id = 1", prev, head_mac(5, prev)
    )
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq) == (False, 5)
    assert "differs from the checkpoint" in report.reason
    assert checkpoints_read()[1] == []


def test_r_acl_4_the_tasks_write_and_mail_checkpoints(applicant, settings, mailoutbox) -> None:
    from repm_portal.audit.tasks import audit_checkpoint, audit_mail_checkpoint

    settings.AUDIT_OFFICER_EMAIL = "audit.officer@mhi.gov.in"
    _events(applicant, 2)
    assert audit_checkpoint() == 2  # run in-process: the tasks only adapt the services
    _events(applicant, 1, start=3)
    assert audit_mail_checkpoint() == 3
    assert [line["seq"] for line in _lines()] == [2, 3]
    assert len(mailoutbox) == 1


def test_r_acl_4_a_deployment_without_an_audit_officer_is_warned(settings) -> None:
    from repm_portal.audit.checks import audit_officer_is_named

    settings.AUDIT_OFFICER_EMAIL = ""
    assert [w.id for w in audit_officer_is_named(None)] == ["audit.W001"]
    settings.AUDIT_OFFICER_EMAIL = "audit.officer@mhi.gov.in"
    assert audit_officer_is_named(None) == []


def test_r_acl_4_a_refused_checkpoint_shows_on_the_home_page(applicant, mhi) -> None:
    from repm_portal.audit.duties import audit_chain_duties
    from repm_portal.periods import today_ist

    _events(applicant, 3)
    audit_checkpoint_write()
    _write("DELETE FROM audit_auditevent WHERE seq = 3")
    _write(
        "UPDATE audit_audithead SET last_seq = 2, last_hash = %s, mac = %s WHERE id = 1",
        AuditEvent.objects.get(seq=2).hash,
        head_mac(2, AuditEvent.objects.get(seq=2).hash),
    )
    assert audit_checkpoint_write() is None
    [duty] = audit_chain_duties(mhi, today_ist())
    assert str(duty.title) == "The audit chain is broken"
    assert "records entry 3" in str(duty.detail) and "Entry None" not in str(duty.detail)


def test_r_acl_4_the_audit_page_shows_the_latest_checkpoint(client, applicant, mhi) -> None:
    events = _events(applicant, 5)
    audit_checkpoint_write()
    client.force_login(mhi)
    html = client.get("/audit/").content.decode()
    assert "Latest signed checkpoint, kept outside the database: entry 5," in html
    assert events[-1].hash in html


def test_r_acl_4_the_audit_page_reads_the_file_again_only_once_it_has_changed(
    client, applicant, mhi, monkeypatch, pages_rendered
) -> None:
    from repm_portal.audit import checkpoints

    reads: list[int] = []
    real = checkpoints.checkpoints_read

    def counted() -> tuple[list[checkpoints.Checkpoint], list[checkpoints.BadLine]]:
        reads.append(1)
        return real()

    monkeypatch.setattr(checkpoints, "checkpoints_read", counted)
    _events(applicant, 2)
    audit_checkpoint_write()
    client.force_login(mhi)
    reads.clear()
    for _ in range(3):
        assert "entry 2," in client.get("/audit/").content.decode()
    assert len(reads) == 1  # the file read once for three views
    _events(applicant, 1, start=3)
    audit_checkpoint_write()  # one line more: the next view reads it
    reads.clear()
    assert "entry 3," in client.get("/audit/").content.decode()
    assert len(reads) == 1
