"""R-ACL-4: the audit chain detects every tamper below (the two that need the signed checkpoints
kept outside the database, a rollback of the tail and a wipe, are in test_checkpoints.py).

The nine tampers the chain catches by itself, each with its test here:
1. an entry's content edited (``test_r_acl_4_edit_is_detected_at_the_edited_entry``);
2. an entry's actor changed (``..._changing_the_actor_is_detected``);
3. an entry deleted from the middle (``..._deletion_is_detected_at_the_gap``);
4. entries reordered by renumbering (``..._reordering_is_detected``);
5. entries deleted from the end, the head left alone (``..._truncation_of_the_end_is_detected``);
6. the head rewound without the key (``..._rewinding_the_head_is_detected``);
7. every entry and the head deleted (``..._emptying_everything_is_detected``);
8. an entry forged at the end without the key (``..._forged_entry_at_the_end_is_detected``);
9. UPDATE, DELETE and TRUNCATE refused outright on PostgreSQL
   (``..._postgres_refuses_update_delete_and_truncate``).
"""

import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from repm_portal.audit.models import AuditCheck, AuditEvent, AuditHead
from repm_portal.audit.selectors import audit_chain_verify
from repm_portal.audit.services import audit_record
from repm_portal.middleware import request_context

pytestmark = pytest.mark.django_db


def _write(sql: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def five_events(applicant, mhi) -> list[AuditEvent]:
    with request_context("req-0001abcd", "10.1.2.3"):
        events = [
            audit_record(
                actor=mhi if i % 2 else applicant,
                action=f"test.step{i}",
                obj=applicant,
                before={"n": i},
                after={"n": i + 1, "amount": "12,34,567.00"},
            )
            for i in range(1, 6)
        ]
    return events


def test_r_acl_4_an_intact_chain_verifies(five_events) -> None:
    report = audit_chain_verify()
    assert report.ok, report.reason
    # the two persona fixtures were created without events; the five above are the chain
    assert report.checked == AuditEvent.objects.count() == 5
    first = AuditEvent.objects.get(seq=1)
    assert (first.request_id, first.ip, first.action) == ("req-0001abcd", "10.1.2.3", "test.step1")
    assert first.prev_hash == "0" * 64
    assert AuditEvent.objects.get(seq=2).prev_hash == first.hash


def test_r_acl_4_edit_is_detected_at_the_edited_entry(five_events) -> None:
    _write("UPDATE audit_auditevent SET after = %s WHERE seq = 3", '{"n": 999}')
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq) == (False, 3)
    assert "altered" in report.reason


def test_r_acl_4_changing_the_actor_is_detected(five_events, rival) -> None:
    _write(
        "UPDATE audit_auditevent SET actor_id = %s, actor_label = %s WHERE seq = 2",
        rival.pk,
        rival.email,
    )
    assert audit_chain_verify().first_broken_seq == 2


def test_r_acl_4_deletion_is_detected_at_the_gap(five_events) -> None:
    _write("DELETE FROM audit_auditevent WHERE seq = 2")
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq) == (False, 2)
    assert "missing" in report.reason


def test_r_acl_4_reordering_is_detected(five_events) -> None:
    # swap entries 2 and 4 by renumbering them
    _write("UPDATE audit_auditevent SET seq = -4 WHERE seq = 4")
    _write("UPDATE audit_auditevent SET seq = 4 WHERE seq = 2")
    _write("UPDATE audit_auditevent SET seq = 2 WHERE seq = -4")
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq) == (False, 2)
    assert "reordered" in report.reason


def test_r_acl_4_truncation_of_the_end_is_detected(five_events) -> None:
    _write("DELETE FROM audit_auditevent WHERE seq > 3")
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq) == (False, 4)
    assert "removed from the end" in report.reason


def test_r_acl_4_rewinding_the_head_is_detected(five_events) -> None:
    _write("DELETE FROM audit_auditevent WHERE seq > 3")
    third = AuditEvent.objects.get(seq=3)
    _write("UPDATE audit_audithead SET last_seq = 3, last_hash = %s WHERE id = 1", third.hash)
    report = audit_chain_verify()
    assert not report.ok
    assert "head record was altered" in report.reason


def test_r_acl_4_emptying_everything_is_detected(five_events) -> None:
    _write("DELETE FROM audit_auditevent")
    _write("DELETE FROM audit_audithead")
    report = audit_chain_verify()
    assert not report.ok and "head record is missing" in report.reason


def test_r_acl_4_forged_entry_at_the_end_is_detected(five_events) -> None:
    fifth = AuditEvent.objects.get(seq=5)
    forged = "f" * 64
    _write(
        "INSERT INTO audit_auditevent (seq, at, actor_label, action, object_type, object_id, "
        "object_label, request_id, ip, prev_hash, hash) "
        "VALUES (6, %s, 'x', 'forged', '', '', '', '', '', %s, %s)",
        fifth.at,
        fifth.hash,
        forged,
    )
    _write("UPDATE audit_audithead SET last_seq = 6, last_hash = %s WHERE id = 1", forged)
    report = audit_chain_verify()
    assert (report.ok, report.first_broken_seq) == (False, 6)
    assert "altered" in report.reason


def test_audit_verify_command_names_the_first_broken_link(five_events, capsys) -> None:
    call_command("audit_verify")
    assert "intact: 5 entries" in capsys.readouterr().out
    _write("UPDATE audit_auditevent SET action = 'forged' WHERE seq = 4")
    with pytest.raises(CommandError, match="broken at entry 4"):
        call_command("audit_verify")
    assert list(AuditCheck.objects.values_list("ok", "first_broken_seq").order_by("id")) == [
        (True, None),
        (False, 4),
    ]


def test_an_event_rolls_back_with_its_state_change(applicant) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(actor=applicant, action="test.doomed", obj=applicant)
        raise RuntimeError("the state change failed")
    assert not AuditEvent.objects.exists()
    event = audit_record(actor=applicant, action="test.kept", obj=applicant)
    assert event.seq == 1  # no gap left by the rolled-back append
    assert audit_chain_verify().ok


@pytest.mark.postgres
def test_r_acl_4_postgres_refuses_update_delete_and_truncate(five_events) -> None:
    for sql in (
        "UPDATE audit_auditevent SET action = 'x' WHERE seq = 1",
        "DELETE FROM audit_auditevent WHERE seq = 5",
        "TRUNCATE audit_auditevent",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _write("SET LOCAL repm.audit_purge = 'off'")
            _write(sql)
    assert AuditEvent.objects.count() == 5
    assert audit_chain_verify().ok


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_r_acl_4_concurrent_appends_keep_one_unbroken_chain(applicant) -> None:
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    audit_record(actor=applicant, action=f"thread{n}.{i}", obj=applicant)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEvent.objects.count() == 60
    report = audit_chain_verify()
    assert report.ok and report.checked == 60
    assert AuditHead.objects.get().last_seq == 60
