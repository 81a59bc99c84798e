"""Migration 0010: examination notes written as one English text become rows with a kind."""

from datetime import datetime
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from incentives.models import ExaminationNote
from incentives.tests.fixtures import checked_claim

migration = import_module("incentives.migrations.0010_examination_notes_with_kinds")
IST = ZoneInfo("Asia/Kolkata")

# As examination._note wrote them before: prefix · name · IST time: text (an answer on two lines)
OLD_NOTES = (
    "Q · Priya Nair · 02 Apr 2028 10:15: GSTR-1 for April?\n"
    "A · Ananya Rao · 03 Apr 2028 09:05: Attached.\n"
    "Both months are in the second file.\n"
    "IE · Er. S. Kulkarni · 10 Apr 2028 16:40: Plant seen running · 3 lines.\n"
    "Rejected · Priya Nair · 12 Apr 2028 11:00: Invoices not indigenous."
)


def test_old_notes_are_parsed_into_kinds_authors_times_and_texts() -> None:
    rows = migration.parse_notes(OLD_NOTES)
    assert [(r["kind"], r["author_name"], r["text"]) for r in rows] == [
        ("question", "Priya Nair", "GSTR-1 for April?"),
        ("answer", "Ananya Rao", "Attached.\nBoth months are in the second file."),
        ("ie_report", "Er. S. Kulkarni", "Plant seen running · 3 lines."),
        ("rejection", "Priya Nair", "Invoices not indigenous."),
    ]
    assert rows[0]["written_at"] == datetime(2028, 4, 2, 10, 15, tzinfo=IST)


def test_text_that_does_not_read_as_a_note_is_kept_as_a_plain_note() -> None:
    rows = migration.parse_notes("Checked by phone.\nQ · X · 01 Jan 2028 09:00: Why?")
    assert [(r["kind"], r["author_name"], r["text"]) for r in rows] == [
        ("note", "", "Checked by phone."),
        ("question", "X", "Why?"),
    ]
    assert rows[0]["written_at"] is None  # the migration dates it by the claim's filing
    assert migration.parse_notes("") == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_a_claims_notes_to_rows_and_back(applicant, mhi, pma) -> None:
    claim = checked_claim(applicant, mhi)
    pma.full_name = "Priya Nair"
    pma.save(update_fields=["full_name"])
    executor = MigrationExecutor(connection)
    executor.migrate([("incentives", "0009_nil_payable")])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE incentives_sliclaim SET notes = %s WHERE id = %s", [OLD_NOTES, claim.pk]
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("incentives", "0011_remove_claim_notes_text")])

    notes = ExaminationNote.objects.filter(sli_claim=claim)
    assert [(n.kind, n.author_id, n.author_name) for n in notes] == [
        ("question", pma.pk, "Priya Nair"),  # the one user of that name
        ("answer", applicant.pk, "Ananya Rao"),
        ("ie_report", None, "Er. S. Kulkarni"),  # no user bears the name: kept as written
        ("rejection", pma.pk, "Priya Nair"),
    ]
    assert notes[1].text == "Attached.\nBoth months are in the second file."
    assert notes[3].written_at == datetime(2028, 4, 12, 11, 0, tzinfo=IST)

    # and back: the text is written again as it was
    executor = MigrationExecutor(connection)
    executor.migrate([("incentives", "0009_nil_payable")])
    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM incentives_sliclaim WHERE id = %s", [claim.pk])
        assert cursor.fetchone()[0] == OLD_NOTES
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
